/// Numbers the Common Core State Standards for English language arts and literacy leave
/// empty on purpose: reading literature has no standard 8 in any grade ("not applicable to
/// literature"), writing in history/social studies, science and technical subjects has no
/// standard 3 ("not applicable as a separate requirement"), and a few early-grade writing
/// and language standards begin in a later grade. A teacher who writes `RL.7.8` gets that
/// answer rather than "did you mean RI.7.8".
///
/// The codes are the official list's empty slots (the corestandards.org export: a row with no
/// code, the slot named by its reference URI); `CCSSGapsTests` checks this table against that
/// list. pbl carries the table itself: the list is test data, not shipped.
public enum CCSSGaps {
    public struct Gap: Sendable {
        /// The slot as the CCSS would write it: `RL.7.8`.
        public let code: String
        /// What the slot would be: "reading literature standard 8", for "the CCSS leave
        /// reading literature standard 8 'not applicable'".
        public let name: String
        public let reason: Reason
    }

    public enum Reason: Sendable {
        /// The standards say "not applicable"; `instead` is the standard that does this work
        /// for other texts (RI.7.8 for RL.7.8), offered as an alternative, and what it is about.
        case notApplicable(instead: String, about: String)
        /// The strand's standard begins in a later grade; `first` is its first code.
        case beginsIn(grade: String, first: String)
    }

    /// The gap a code names, however it is written (`RL.7.8`, `rl.7.8`, `CCSS.ELA-Literacy.RL.7.8`).
    public static func gap(_ code: String) -> Gap? { byKey[StandardCode.normalize(code)] }

    public static let all: [Gap] = {
        var gaps: [Gap] = []
        for grade in ["K", "1", "2", "3", "4", "5", "6", "7", "8", "9-10", "11-12"] {
            gaps.append(Gap(code: "RL.\(grade).8", name: "reading literature standard 8",
                            reason: .notApplicable(instead: "RI.\(grade).8",
                                                   about: "an author's reasons and evidence in an informational text")))
        }
        for band in ["6-8", "9-10", "11-12"] {
            // The standards fold narrative elements in these subjects (an account of events, a
            // procedure others can repeat) into informative/explanatory writing.
            gaps.append(Gap(code: "WHST.\(band).3",
                            name: "writing standard 3 (narratives) for history/social studies, science and technical subjects",
                            reason: .notApplicable(instead: "WHST.\(band).2",
                                                   about: "accounts of events and procedures (in these subjects the CCSS fold narrative into informative writing)")))
        }
        let begins: [(strand: String, name: String, number: Int, grades: [String], first: String)] = [
            ("W", "writing", 4, ["K", "1", "2"], "3"),
            ("W", "writing", 9, ["K", "1", "2", "3"], "4"),
            ("W", "writing", 10, ["K", "1", "2"], "3"),
            ("L", "language", 3, ["K", "1"], "2"),
        ]
        for slot in begins {
            for grade in slot.grades {
                gaps.append(Gap(code: "\(slot.strand).\(grade).\(slot.number)", name: "\(slot.name) standard \(slot.number)",
                                reason: .beginsIn(grade: slot.first, first: "\(slot.strand).\(slot.first).\(slot.number)")))
            }
        }
        return gaps
    }()

    private static let byKey: [String: Gap] = Dictionary(all.map { (StandardCode.normalize($0.code), $0) }, uniquingKeysWith: { first, _ in first })
}

extension CCSSGaps.Gap {
    /// Why the slot is empty: "the CCSS leave reading literature standard 8 'not applicable'",
    /// for "`RL.7.8` is not a standard: ...".
    public var explanation: String {
        switch reason {
        case .notApplicable: return "the CCSS leave \(name) 'not applicable'"
        case .beginsIn(let grade, let first): return "the CCSS begin \(name) in grade \(grade) (`\(first)`)"
        }
    }
}
