/// Standard codes as people write them, reduced to one form for matching:
/// `W.7.1a`, `W.7.1.a`, `w.7.1A` and `CCSS.ELA-Literacy.W.7.1.a` are one code;
/// `MS-ESS3-3`, `MS.ESS3.3` and `ms-ess3 -3` are one code; `HSA-SSE.A.1`, `HSA.SSE.A.1` and
/// `A-SSE.A.1` are one code; grade bands such as `RL.9-10.1` and `K-2-ETS1-1` keep their
/// hyphens. The 2010 short math forms (`8.G.7` for `8.G.B.7`) leave out a letter only a
/// catalog can give back: `CatalogCodes` indexes them.
public enum StandardCode {
    private static let prefixes = ["ccss.ela-literacy.", "ccss.math.content.", "ccss.math.practice.", "ccss.math.", "ccss.", "ngss."]

    public static func normalize(_ code: String) -> String {
        // On bytes: this runs for every code in every project and catalog.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(code.utf8.count + 2)
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
        hyphenateNGSS(&bytes)
        prefixHighSchoolMath(&bytes)
        // `1.a` -> `1a`: a dot between a digit and a single trailing sub-letter is noise. Only
        // trailing: in `8.g.b.7` the letter after the grade is a domain.
        let count = bytes.count
        if count >= 3, bytes[count - 2] == dot, isLetter(bytes[count - 1]), isDigit(bytes[count - 3]) {
            bytes.remove(at: count - 2)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A normalised math code without its cluster letter, as the 2010 CCSS documents and most
    /// pacing guides write it: `8.g.b.7` -> `8.g.7`, `7.rp.a.2a` -> `7.rp.2a`,
    /// `hsa-sse.a.1` -> `hsa-sse.1`. Nil for codes of any other shape (`rl.k.1` has a letter
    /// where a cluster would be, but it is a grade).
    public static func withoutCluster(_ key: String) -> String? {
        let segments = key.utf8.split(separator: dot, omittingEmptySubsequences: false)
        let cluster: Int
        switch segments.count {
        case 4:
            // grade . domain . cluster . number: `8.g.b.7`, `k.cc.a.1`
            guard segments[1].allSatisfy(isLetter) else { return nil }
            cluster = 2
        case 3:
            // category-domain . cluster . number: `hsa-sse.a.1`
            guard let dash = segments[0].firstIndex(of: hyphen) else { return nil }
            let domain = segments[0][dash...].dropFirst()
            guard !domain.isEmpty, domain.allSatisfy(isLetter) else { return nil }
            cluster = 1
        default:
            return nil
        }
        guard segments[cluster].count == 1, segments[cluster].allSatisfy(isLetter),
              let first = segments[cluster + 1].first, isDigit(first) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(key.utf8.count - 2)
        for (index, segment) in segments.enumerated() where index != cluster {
            if !bytes.isEmpty { bytes.append(dot) }
            bytes.append(contentsOf: segment)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether two normalised codes are one standard for different grades: `hs-ets1-1` and
    /// `ms-ets1-1`, `rh.11-12.1` and `rh.9-10.1`, `4.oa.a.1` and `3.oa.a.1`. The grade is the
    /// first part (NGSS, math) or the part after the strand (English language arts), never the
    /// last part (the standard's number).
    public static func differsOnlyInGrade(_ a: String, _ b: String) -> Bool {
        a != b && gradeMasked(a) == gradeMasked(b)
    }

    private static func gradeMasked(_ key: String) -> [Substring] {
        let parts = key.split(whereSeparator: { $0 == "." || $0 == "-" })
        guard parts.count >= 2 else { return parts }
        let start = isGrade(parts[0]) ? 0 : 1
        var end = start
        while end < parts.count - 1, isGrade(parts[end]) { end += 1 }
        guard end > start else { return parts }
        return Array(parts[..<start]) + ["#"] + Array(parts[end...])
    }

    private static func isGrade(_ part: Substring) -> Bool {
        if part == "k" || part == "ms" || part == "hs" { return true }
        guard part.count <= 2, let number = Int(part) else { return false }
        return (1...12).contains(number)
    }

    /// NGSS performance expectations written with dots (`ms.ess3.3`, `ms-ess3.3`, `k-2.ets1.1`)
    /// get the hyphens the NGSS write: GRADE-DCI-N, where DCI is PS, LS, ESS or ETS and a digit.
    private static func hyphenateNGSS(_ bytes: inout [UInt8]) {
        guard let last = bytes.last, isDigit(last) else { return }
        var index = bytes.count - 1
        while index > 0, isDigit(bytes[index]) { index -= 1 }
        let second = index
        guard isSeparator(bytes[second]), second >= 2, isDigit(bytes[second - 1]) else { return }
        index = second - 2
        while index > 0, isLetter(bytes[index]) { index -= 1 }
        let first = index
        guard isSeparator(bytes[first]) else { return }
        guard isNGSSDiscipline(bytes[(first + 1)..<(second - 1)]), isNGSSGrade(bytes[..<first]) else { return }
        bytes[first] = hyphen
        bytes[second] = hyphen
    }

    /// PS, LS, ESS or ETS (byte by byte: this is on the path of every code).
    private static func isNGSSDiscipline(_ letters: ArraySlice<UInt8>) -> Bool {
        let start = letters.startIndex
        switch letters.count {
        case 2: return letters[start + 1] == UInt8(ascii: "s") && (letters[start] == UInt8(ascii: "p") || letters[start] == UInt8(ascii: "l"))
        case 3: return letters[start] == UInt8(ascii: "e") && letters[start + 2] == UInt8(ascii: "s")
            && (letters[start + 1] == UInt8(ascii: "s") || letters[start + 1] == UInt8(ascii: "t"))
        default: return false
        }
    }

    /// K, 1 to 5, MS, HS, K-2 or 3-5.
    private static func isNGSSGrade(_ grade: ArraySlice<UInt8>) -> Bool {
        let start = grade.startIndex
        switch grade.count {
        case 1: return grade[start] == UInt8(ascii: "k") || (grade[start] >= UInt8(ascii: "1") && grade[start] <= UInt8(ascii: "5"))
        case 2: return grade[start + 1] == UInt8(ascii: "s") && (grade[start] == UInt8(ascii: "m") || grade[start] == UInt8(ascii: "h"))
        case 3: return grade.elementsEqual("k-2".utf8) || grade.elementsEqual("3-5".utf8)
        default: return false
        }
    }

    /// High-school math: `hsa.sse.a.1` (the CCSS dot notation) -> `hsa-sse.a.1`, and the 2010
    /// documents' `a-sse.1` or `a.sse.1` -> `hsa-sse.1` (the category letter is N, A, F, G or S;
    /// no English language arts strand is one of those letters alone).
    private static func prefixHighSchoolMath(_ bytes: inout [UInt8]) {
        func domainFollows(_ start: Int) -> Bool {
            var index = start
            while index < bytes.count, isLetter(bytes[index]) { index += 1 }
            return index > start && index < bytes.count && bytes[index] == dot
        }
        if bytes.count > 4, bytes[0] == UInt8(ascii: "h"), bytes[1] == UInt8(ascii: "s"), highSchoolCategories.contains(bytes[2]),
           isSeparator(bytes[3]), domainFollows(4) {
            bytes[3] = hyphen
        } else if bytes.count > 2, highSchoolCategories.contains(bytes[0]), isSeparator(bytes[1]), domainFollows(2) {
            bytes[1] = hyphen
            bytes.insert(contentsOf: "hs".utf8, at: 0)
        }
    }

    private static let highSchoolCategories: Set<UInt8> = Set("nafgs".utf8)
    private static let dot = UInt8(ascii: ".")
    private static let hyphen = UInt8(ascii: "-")

    private static func isSeparator(_ byte: UInt8) -> Bool { byte == dot || byte == hyphen }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }
}

/// One catalog's codes, indexed once when the catalog is loaded: by normalised code, and by
/// the short form without a cluster letter (`8.g.7` -> the position of `8.G.B.7`).
public struct CatalogCodes: Sendable {
    /// The code exactly as the catalog writes it -> its position: most codes in a project are
    /// written so, and need neither normalising nor rewriting.
    let verbatim: [String: Int]
    /// Normalised code -> position in the catalog's standards (the first, if listed twice).
    let exact: [String: Int]
    /// `StandardCode.withoutCluster` of a code -> the positions of the codes that shorten to it.
    let short: [String: [Int]]

    init(_ standards: [Standard]) {
        var verbatim: [String: Int] = [:]
        var exact: [String: Int] = [:]
        var short: [String: [Int]] = [:]
        verbatim.reserveCapacity(standards.count)
        exact.reserveCapacity(standards.count)
        for (position, standard) in standards.enumerated() {
            guard let code = standard.code?.value else { continue }
            let key = StandardCode.normalize(code)
            guard exact[key] == nil else { continue }
            verbatim[code] = position
            exact[key] = position
            if let shortened = StandardCode.withoutCluster(key) { short[shortened, default: []].append(position) }
        }
        self.verbatim = verbatim
        self.exact = exact
        self.short = short
    }
}
