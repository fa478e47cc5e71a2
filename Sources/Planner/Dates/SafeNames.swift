import PlannerModel

/// Student ids keep the school's spelling (`S-2027-001`, `ab.12`) wherever they are shown or
/// matched. Where one becomes part of a file name (`<id>-<name>.html`) or a calendar UID,
/// it is spelled safely: lowercase ASCII letters, digits and single hyphens (`s-2027-001`,
/// `ab-12`). Two students never get one spelling: when two ids spell the same (`S-001` and
/// `s.001`), each one that is not already that spelling gets `_` and four hex digits of a
/// stable hash of its id (`s-001_9c2e`). Nor is one spelling another's followed by a hyphen
/// (an id `a` beside `a-b` gets the hash too), so `<id>-<name>` cannot be two students'
/// file name whatever their names.
///
/// Made once from every student of the plan, and kept by `filtered(section:)`, so that a
/// student's file has the same name with `--section` or `--student` as without.
public struct SafeStudentNames: Sendable {
    private var names: [String: String] = [:]

    public init<S: Sequence>(ids: S) where S.Element == String {
        let ids = Array(Set(ids)).sorted()
        var groups: [String: [String]] = [:]
        for id in ids { groups[Self.slug(id), default: []].append(id) }
        for (slug, members) in groups {
            let unchanged = members.filter { $0 == slug }
            for id in members {
                names[id] = members.count == 1 || (id == slug && unchanged.count == 1) ? slug : slug + "_" + Self.hash(id, digits: 4)
            }
        }
        // Left over: a disambiguated spelling equal to another, or one spelling that another
        // starts with followed by a hyphen. Longer hashes, then a count, settle them.
        for round in 0..<4 {
            let conflicted = conflicts()
            if conflicted.isEmpty { break }
            for (index, id) in conflicted.enumerated() {
                let base = Self.slug(id)
                // A plain spelling gets the usual four digits; a disambiguated one, more.
                let digits = names[id]?.contains("_") == true ? 8 << round : 4
                names[id] = round < 3 ? base + "_" + Self.hash(id, digits: digits) : base + "_" + Self.hash(id, digits: 16) + "_\(index + 1)"
            }
        }
    }

    /// The ids whose spelling is shared or is a hyphen-prefix of another's: in sorted order,
    /// such a pair is adjacent (`-` sorts before every digit, letter and `_`).
    private func conflicts() -> [String] {
        let sorted = names.sorted { ($0.value, $0.key) < ($1.value, $1.key) }
        var found: [String] = []
        for (a, b) in zip(sorted, sorted.dropFirst()) where b.value == a.value || b.value.hasPrefix(a.value + "-") {
            // Of two equal spellings the second moves; of a prefix pair the shorter one.
            found.append(b.value == a.value ? b.key : a.key)
        }
        return Array(Set(found)).sorted()
    }

    /// The safe spelling of a student id; an id the plan does not have gets its slug, with the
    /// hash when the slug is not the id itself.
    public subscript(id: String) -> String {
        if let name = names[id] { return name }
        let slug = Self.slug(id)
        return slug == id ? slug : slug + "_" + Self.hash(id, digits: 4)
    }

    /// `S-2027-001` → `s-2027-001`, `ab.12` → `ab-12`: lowercase letters, digits, single
    /// hyphens, at most 40 characters.
    public static func slug(_ id: String) -> String {
        Slug.of(id, limit: .characters(40)) ?? "student"
    }

    /// FNV-1a, 64 bits, of the id's UTF-8: the same on every machine and run.
    static func hash(_ id: String, digits: Int) -> String {
        var value: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        let hex = String(value, radix: 16)
        return String((String(repeating: "0", count: 16 - hex.count) + hex).prefix(min(digits, 16)))
    }
}
