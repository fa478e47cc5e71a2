import PlannerModel
import PlannerDates

/// Which projects address which standards: the matrix a department reads to see what its
/// projects teach, and what no project teaches yet.
public struct CoverageMatrix: Sendable {
    public enum Mark: String, Sendable, Hashable {
        /// A milestone of the project lists the standard.
        case addressed
        /// A milestone lists one of the standard's sub-standards (W.7.1a for W.7.1).
        case partly
        /// The project targets it, but no milestone addresses it yet.
        case targeted
        case none
    }

    public struct Column: Sendable, Hashable {
        public var id: String
        public var title: String
        public var file: String
    }

    public struct Row: Sendable {
        public var catalog: String
        public var code: String
        public var grade: String
        public var text: String
        /// One per column.
        public var marks: [Mark]

        public var isAddressed: Bool { marks.contains { $0 == .addressed || $0 == .partly } }
    }

    public var columns: [Column]
    public var rows: [Row]

    public var unaddressed: [Row] { rows.filter { !$0.isAddressed } }

    /// `catalogs`: the catalogs whose standards make the rows (in their order);
    /// `grade`: only standards for this grade.
    public init(projects: [Project], catalogs: [Catalog], grade: Grade? = nil) {
        columns = projects.map { Column(id: $0.id?.value ?? "?", title: $0.title?.value ?? "", file: $0.file) }
        var addressed: [[String: Mark]] = []
        var parents: [String: String] = [:]
        for catalog in catalogs {
            for standard in catalog.standards {
                if let code = standard.code?.value, let parent = standard.parent?.value {
                    parents[StandardCode.normalize(code)] = StandardCode.normalize(parent)
                }
            }
        }
        for project in projects {
            var marks: [String: Mark] = [:]
            for target in project.standards?.targets ?? [] { marks[StandardCode.normalize(target.value)] = .targeted }
            do {
                for code in project.addressedCodes {
                    let key = StandardCode.normalize(code.value)
                    marks[key] = .addressed
                    var ancestor = parents[key] ?? Self.impliedParent(key)
                    var steps = 0
                    while let parent = ancestor, steps < 8 {
                        if marks[parent] != .addressed { marks[parent] = .partly }
                        ancestor = parents[parent] ?? Self.impliedParent(parent)
                        steps += 1
                    }
                }
            }
            addressed.append(marks)
        }
        rows = []
        for catalog in catalogs {
            for standard in catalog.standards {
                guard let code = standard.code?.value else { continue }
                if let grade, let own = standard.grade?.value, !own.overlaps(grade) { continue }
                let key = StandardCode.normalize(code)
                rows.append(Row(catalog: catalog.id?.value ?? catalog.file, code: code,
                                grade: standard.grade?.value.description ?? "", text: standard.text?.value ?? "",
                                marks: addressed.map { $0[key] ?? .none }))
            }
        }
    }

    /// `W.7.1A` -> `W.7.1`: CCSS writes sub-standards as a letter after the number.
    static func impliedParent(_ key: String) -> String? {
        guard let last = key.last, last.isLetter, key.count > 1,
              let before = key.dropLast().last, before.isNumber else { return nil }
        return String(key.dropLast())
    }

    /// What a change did to coverage: standards some project addresses now but none did
    /// before, and the other way round.
    public static func difference(now: CoverageMatrix, before: CoverageMatrix) -> (gained: [Row], lost: [Row]) {
        let earlier = Set(before.rows.filter(\.isAddressed).map { StandardCode.normalize($0.code) })
        let later = Set(now.rows.filter(\.isAddressed).map { StandardCode.normalize($0.code) })
        let gained = now.rows.filter { $0.isAddressed && !earlier.contains(StandardCode.normalize($0.code)) }
        let lost = before.rows.filter { $0.isAddressed && !later.contains(StandardCode.normalize($0.code)) }
        return (gained, lost)
    }
}
