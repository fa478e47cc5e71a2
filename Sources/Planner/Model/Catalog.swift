import YAMLTree

/// A standards catalog: the codes a project may promise, with a short summary of each.
public struct Catalog: Sendable {
    public var file: String
    public var range: SourceRange
    public var id: Located<String>?
    public var title: Located<String>?
    public var source: Located<String>?
    public var version: Located<String>?
    public var codePattern: Located<String>?
    public var standards: [Standard] = []
    /// Codes the framework leaves empty on purpose (CCSS's "not applicable" slots, such as
    /// RL.11-12.8 and WHST.11-12.3): not standards, but not typos either.
    public var notApplicable: [Located<String>] = []
}

public struct Standard: Sendable {
    public var range: SourceRange
    public var code: Located<String>?
    public var grade: Located<Grade>?
    public var subject: Located<String>?
    public var text: Located<String>?
    /// The code of the standard this one is part of (`W.7.1` for `W.7.1a`).
    public var parent: Located<String>?
    /// Marked (+): beyond what every student studies (CCSS high-school mathematics).
    public var plus: Located<Bool>?
    /// Marked as a modeling standard (the star in CCSS high-school mathematics).
    public var modeling: Located<Bool>?
}

/// Standard codes as people write them, reduced to one form for matching:
/// `W.7.1a`, `W.7.1.a`, `w.7.1A` and `CCSS.ELA-Literacy.W.7.1.a` are one code, while
/// grade bands such as `RL.9-10.1` and `K-2-ETS1-1` keep their hyphens.
public enum StandardCode {
    private static let prefixes = ["ccss.ela-literacy.", "ccss.math.content.", "ccss.math.practice.", "ccss.math.", "ccss.", "ngss."]

    public static func normalize(_ code: String) -> String {
        // On bytes: this runs for every code in every project and catalog.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(code.utf8.count)
        for byte in code.utf8 where byte != 0x20 && byte != 0x09 {
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)
        }
        if bytes.first == UInt8(ascii: "c") || bytes.first == UInt8(ascii: "n") {
            for prefix in prefixes where bytes.starts(with: prefix.utf8) {
                bytes.removeFirst(prefix.utf8.count)
                break
            }
        }
        // Mathematical practices: `MP.1`, `MP1` and `CCSS.Math.Practice.MP1` are one code.
        if bytes.starts(with: "mp.".utf8) { bytes.remove(at: 2) }
        // `1.a` -> `1a`: a dot between a digit and a single trailing sub-letter is noise.
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x2E, index > 0, isDigit(bytes[index - 1]), index + 1 < bytes.count, isLetter(bytes[index + 1]),
               index + 2 == bytes.count || !isLetter(bytes[index + 2]) {
                continue
            }
            result.append(byte)
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
}
