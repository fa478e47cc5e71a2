import YAMLTree

/// The project and catalog formats, written down once: the loader checks keys and types
/// against it, and `pbl schema` prints it as JSON Schema, so the two cannot drift apart.
public indirect enum FieldType: Sendable {
    /// Any non-null scalar, read as text.
    case text
    /// `[a-z0-9-]+`, starting with a letter or digit.
    case id
    /// A student id as the school spells it: `[A-Za-z0-9][A-Za-z0-9._-]*` (`S-2027-001`, `10249`).
    case studentID
    case integer(min: Int, max: Int)
    /// A size in points, whole or in halves (`11`, `10.5`).
    case points(min: Double, max: Double)
    case boolean
    /// `YYYY-MM-DD`.
    case date
    /// `YYYY-MM-DD` or an inclusive `YYYY-MM-DD..YYYY-MM-DD`.
    case dateOrRange
    /// `mon` .. `sun`.
    case weekday
    /// `K`, `1`..`12`, or a band such as `6-8`.
    case grade
    case oneOf([String])
    case list(FieldType)
    case object(ObjectSpec)
    /// A mapping from ids to values of one type (`choices: {sampling-plan: field}`).
    case dictionary(FieldType)
    /// A scalar of the first type, or the mapping that spells it out with more
    /// (`- 2027-03-26` or `- {dates: 2027-03-26, reason: PD day}`).
    case scalarOrObject(FieldType, ObjectSpec)

    public var summary: String {
        switch self {
        case .text: "text"
        case .id: "an id (lowercase letters, digits and hyphens)"
        case .studentID: "a student id (letters, digits, hyphens, dots and underscores)"
        case .integer: "a whole number"
        case .points: "a size in points (like 11 or 10.5)"
        case .boolean: "true or false"
        case .date: "a date (YYYY-MM-DD)"
        case .dateOrRange: "a date (YYYY-MM-DD) or a range (YYYY-MM-DD..YYYY-MM-DD)"
        case .weekday: "a weekday (mon, tue, wed, thu, fri, sat, sun)"
        case .grade: "a grade (K, 1 to 12, or a band like 6-8)"
        case .oneOf(let values): "one of " + values.joined(separator: ", ")
        case .list(let element): "a list of \(element.plural)"
        case .object(let spec): "a mapping (\(spec.name))"
        case .dictionary: "a mapping of ids to values"
        case .scalarOrObject(let scalar, let spec): "\(scalar.summary), or a mapping (\(spec.name))"
        }
    }

    var plural: String {
        switch self {
        case .text: "texts"
        case .id: "ids"
        case .studentID: "student ids"
        case .date, .dateOrRange: "dates"
        case .scalarOrObject(let scalar, _): scalar.plural
        case .weekday: "weekdays"
        case .object(let spec): spec.name + "s"
        default: "values"
        }
    }
}

public struct FieldSpec: Sendable {
    public var name: String
    public var type: FieldType
    public var required: Bool
    public var description: String

    public init(_ name: String, _ type: FieldType, required: Bool = false, _ description: String) {
        self.name = name
        self.type = type
        self.required = required
        self.description = description
    }
}

/// A class, not a struct: specs nest and are passed around on every node checked, and one
/// reference is cheaper to pass than their arrays.
public final class ObjectSpec: Sendable {
    public let name: String
    public let description: String
    public let fields: [FieldSpec]
    /// The field names as UTF-8, to match keys without making a String per key.
    private let nameBytes: [[UInt8]]

    init(name: String, description: String, fields: [FieldSpec]) {
        precondition(fields.count < 64, "the checker tracks given fields in a 64-bit mask")
        self.name = name
        self.description = description
        self.fields = fields
        self.nameBytes = fields.map { Array($0.name.utf8) }
    }

    /// The position of the field a scalar key names, if any.
    public func fieldIndex(of key: YAMLNode) -> Int? {
        key.withScalarBytes { bytes in
            nameBytes.firstIndex { $0.count == bytes.count && $0.elementsEqual(bytes) }
        }
    }

    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
    public func fieldIndex(_ name: String) -> Int? { fields.firstIndex { $0.name == name } }
    public var fieldNames: [String] { fields.map(\.name) }
}

public enum FormatSpec {
    public static let currentVersion = 1

    /// Bounds of the numbers that size the scheduler's work: the checker reports a value out of
    /// them, and the model never holds one, so no number in a file can size memory or time.
    public static let dayBounds = 1...365
    public static let extraDayBounds = 0...60

    static let choice = ObjectSpec(name: "choice", description: "One option a student may pick.", fields: [
        FieldSpec("id", .id, required: true, "Id of the option, used in students' `choices`."),
        FieldSpec("title", .text, required: true, "What the student would do, as printed on the checklist."),
    ])

    static let visibility = ObjectSpec(name: "only", description: "Shows the milestone only to some students.", fields: [
        FieldSpec("groups", .list(.id), "Groups that see this milestone."),
        FieldSpec("choices", .dictionary(.id), "Milestone id to choice id: students who made that choice see this milestone."),
    ])

    static let milestone = ObjectSpec(name: "milestone", description: "A step of a cycle, due on a class day.", fields: [
        FieldSpec("id", .id, required: true, "Unique id of the milestone within the project."),
        FieldSpec("title", .text, required: true, "What students do, as printed on schedules and checklists."),
        FieldSpec("day", .integer(min: dayBounds.lowerBound, max: dayBounds.upperBound), required: true, "Class meeting within the cycle (1 = the cycle's first meeting) on which it is due."),
        FieldSpec("kind", .oneOf(MilestoneKind.allCases.map(\.rawValue)), "launch, inquiry, critique, revision, checkpoint (a teacher signs off), presentation, event (a visit, a guest, a trip) or work (the default). Launches, critiques, presentations and events are class events; the rest is due work."),
        FieldSpec("deliverable", .text, "What students hand in or show."),
        FieldSpec("evidence", .text, "For a checkpoint: what the teacher looks for before signing off."),
        FieldSpec("choices", .list(.object(choice)), "Voice and choice: options of which each student picks one."),
        FieldSpec("only", .object(visibility), "Show this milestone only to some groups, or to students who made a given choice."),
        FieldSpec("optional", .boolean, "Optional milestones print as such on checklists."),
        FieldSpec("class_event", .boolean, "true: the class holds it together on its date, and a student's extra days never move it; false: work a student hands in, due later by their extra days. Defaults by kind."),
        FieldSpec("after", .list(.id), "Milestones (in any cycle) that must come before this one."),
        FieldSpec("standards", .list(.text), "Standard codes this milestone addresses; each should be one of the project's targets."),
        FieldSpec("track", .oneOf(Track.allCases.map(\.rawValue)), "extension: work for students who have mastered the cycle's standards; reteach: for those who have not. Both print until the record shows where a student stands; `pbl checklists --progress` prints each student the one they need."),
        FieldSpec("rubric", .id, "The id of the rubric (in `rubrics`) that assesses it: its criteria print under it as \"I can\" rows, and the progress sheet gets a column per criterion."),
    ])

    static let criterion = ObjectSpec(name: "criterion", description: "One thing a rubric assesses, at each level of the mastery scale.", fields: [
        FieldSpec("id", .id, required: true, "Id of the criterion within its rubric (the progress sheet's column is `MILESTONE/CRITERION`)."),
        FieldSpec("title", .text, required: true, "What the student can do, in their words (`I can back each claim with evidence`), as printed on checklists."),
        FieldSpec("standards", .list(.text), "Standard codes the criterion assesses: its levels are the evidence of mastery on them."),
        FieldSpec("levels", .dictionary(.text), "Level name (one of the mastery scale's) to what work at that level looks like."),
    ])

    static let rubric = ObjectSpec(name: "rubric", description: "A rubric: criteria by levels, each tied to standards.", fields: [
        FieldSpec("id", .id, required: true, "Id of the rubric, as milestones name it in `rubric:`."),
        FieldSpec("title", .text, required: true, "Name of the rubric, as teacher sheets print it."),
        FieldSpec("criteria", .list(.object(criterion)), required: true, "What the rubric assesses."),
    ])

    static let mastery = ObjectSpec(name: "mastery", description: "How rubric levels become mastery of a standard.", fields: [
        FieldSpec("scale", .list(.text), "The levels, lowest first (default: beginning, developing, proficient, advanced). A cell of a progress sheet may give a level by its name, its number (1 = the lowest) or its first letter."),
        FieldSpec("mastered", .text, "The level that counts as mastered, one of `scale` (default proficient)."),
        FieldSpec("method", .oneOf(MasteryMethod.allCases.map(\.rawValue)), "How a student's results on a standard combine: latest, highest, average, decaying_average (the default: the most recent result weighted by `recent_weight` against the mean of the earlier ones) or n_mastery (mastered once the mastery level is reached `times` times)."),
        FieldSpec("recent_weight", .integer(min: MasteryPolicy.recentWeightBounds.lowerBound, max: MasteryPolicy.recentWeightBounds.upperBound), "For decaying_average: the percent the most recent result carries (default 65)."),
        FieldSpec("times", .integer(min: MasteryPolicy.timesBounds.lowerBound, max: MasteryPolicy.timesBounds.upperBound), "For n_mastery: how many results at the mastery level or above mastery needs (default 2)."),
    ])

    static let reflection = ObjectSpec(name: "reflection", description: "A reflection prompt; students get space to write.", fields: [
        FieldSpec("prompt", .text, required: true, "The question students reflect on."),
        FieldSpec("day", .integer(min: dayBounds.lowerBound, max: dayBounds.upperBound), "Class meeting within the cycle; defaults to the cycle's last day."),
        FieldSpec("standards", .list(.text), "Standard codes the reflection addresses; each should be one of the project's targets."),
    ])

    static let cycle = ObjectSpec(name: "cycle", description: "A short cycle of work that ends with reflection.", fields: [
        FieldSpec("id", .id, required: true, "Unique id of the cycle within the project."),
        FieldSpec("title", .text, required: true, "Name of the cycle."),
        FieldSpec("days", .integer(min: dayBounds.lowerBound, max: dayBounds.upperBound), required: true, "Length in class meetings."),
        FieldSpec("goal", .text, "What students will have done by the end of the cycle."),
        FieldSpec("start", .date, "Pins the cycle's first day (the first meeting on or after this date) instead of following the previous cycle."),
        FieldSpec("milestones", .list(.object(milestone)), "The steps of the cycle."),
        FieldSpec("reflection", .list(.object(reflection)), "Reflection prompts; every cycle should end with at least one."),
    ])

    static let section = ObjectSpec(name: "section", description: "A section of the course with its own meetings.", fields: [
        FieldSpec("id", .id, required: true, "Id of the section (p2, period-5, ...)."),
        FieldSpec("meets", .list(.weekday), "Weekdays this section meets; defaults to the calendar's."),
        FieldSpec("meets_on", .list(.text), "With a rotation: the rotation days this section meets."),
        FieldSpec("start", .date, "This section's first day, if it differs from the calendar's start."),
    ])

    static let rotationAnchor = ObjectSpec(name: "rotation_anchor", description: "Which rotation day one date is, as the school's calendar says.", fields: [
        FieldSpec("date", .date, required: true, "A school day whose rotation day the school's calendar gives."),
        FieldSpec("day", .text, required: true, "Its rotation day, one of `rotation`."),
    ])

    static let noSchoolEntry = ObjectSpec(name: "no_school entry", description: "Days without school, and why.", fields: [
        FieldSpec("dates", .dateOrRange, required: true, "A date or an inclusive range (YYYY-MM-DD..YYYY-MM-DD)."),
        FieldSpec("reason", .text, "Why there is no school (Spring break, PD day), as schedules print it."),
    ])

    static let calendar = ObjectSpec(name: "calendar", description: "When the class meets.", fields: [
        FieldSpec("start", .date, required: true, "Cycle 1 starts on the first class meeting on or after this date."),
        FieldSpec("meets", .list(.weekday), "Weekdays the class meets; Monday to Friday when left out."),
        FieldSpec("rotation", .list(.text), "A day rotation (A/B or longer) that advances on school days only."),
        FieldSpec("rotation_anchor", .object(rotationAnchor), "Pins the rotation to the school's calendar: `{date: 2027-03-01, day: A}`. Without it the first school day on or after `start` is the rotation's first day."),
        FieldSpec("meets_on", .list(.text), "With a rotation: the rotation days this class meets."),
        FieldSpec("no_school", .list(.scalarOrObject(.dateOrRange, noSchoolEntry)), "Dates and inclusive ranges (YYYY-MM-DD..YYYY-MM-DD) without school, or `{dates: ..., reason: ...}`. Added to a template's list; `!override` replaces it."),
        FieldSpec("sections", .list(.object(section)), "Sections of the same course that meet on different days."),
        FieldSpec("exhibition", .date, "A fixed date for the public exhibition: the plan must fit before it."),
        FieldSpec("end", .date, "The last day of school; the plan must fit before it (default: one year after start)."),
    ])

    static let product = ObjectSpec(name: "product", description: "The public product and who sees it.", fields: [
        FieldSpec("title", .text, "What students make for the public."),
        FieldSpec("audience", .text, "Who sees it, and where."),
    ])

    static let standards = ObjectSpec(name: "standards", description: "The standards this project promises to address.", fields: [
        FieldSpec("catalogs", .list(.text), "Catalog ids from the template roots' standards/ folders, or paths relative to this file."),
        FieldSpec("targets", .list(.text), "Standard codes the project promises; milestones should address each."),
    ])

    static let policy = ObjectSpec(name: "policy", description: "Settings for the checks.", fields: [
        FieldSpec("max_cycle_days", .integer(min: dayBounds.lowerBound, max: dayBounds.upperBound), "Warn when a cycle is longer than this many class days (default 10: cycles should be quick)."),
        FieldSpec("require_reflection", .boolean, "Every cycle ends with at least one reflection prompt (default true)."),
        FieldSpec("rules", .dictionary(.oneOf(RuleSetting.allCases.map(\.rawValue))), "Rule id to off, note, warning or error: changes a check's severity or turns it off."),
    ])

    static let group = ObjectSpec(name: "group", description: "A team of students.", fields: [
        FieldSpec("id", .id, required: true, "Id of the group, used in students' `group` and in `only`."),
        FieldSpec("title", .text, "Name of the group as printed."),
    ])

    static let support = ObjectSpec(name: "support", description: "Pacing support for one student.", fields: [
        FieldSpec("extra_days", .integer(min: extraDayBounds.lowerBound, max: extraDayBounds.upperBound), "Every due date moves this many class meetings later."),
    ])

    static let student = ObjectSpec(name: "student", description: "A student (rosters usually live in a CSV file beside the project).", fields: [
        FieldSpec("id", .studentID, required: true, "Id of the student as the school's system spells it (S-2027-001, 10249, ab.12), unique in the roster."),
        FieldSpec("name", .text, required: true, "Name as printed on the checklist."),
        FieldSpec("family_name", .text, "The family name, as the school sorts class lists by it (sign-off sheets are sorted by it; without it, by name as written)."),
        FieldSpec("group", .id, "The student's group."),
        FieldSpec("section", .id, "The student's section, when the calendar has sections."),
        FieldSpec("choices", .dictionary(.id), "Milestone id to the id of the option the student chose."),
        FieldSpec("support", .object(support), "Pacing support."),
        FieldSpec("goals", .list(.text), "The student's own goals, co-constructed with the student."),
    ])

    public static let project = ObjectSpec(name: "project", description: "A project-based learning plan of quick cycles.", fields: [
        FieldSpec("pbl", .integer(min: 1, max: 1), required: true, "Format version; 1."),
        FieldSpec("id", .id, required: true, "Id of the project, unique within a repository."),
        FieldSpec("title", .text, required: true, "Title of the project."),
        FieldSpec("driving_question", .text, "The open question the project answers."),
        FieldSpec("grade", .grade, "K, 1 to 12, or a band like 6-8."),
        FieldSpec("subjects", .list(.text), "Subjects the project covers."),
        FieldSpec("authors", .list(.text), "Who wrote the plan."),
        FieldSpec("extends", .text, "A project template from a template root that this project builds on."),
        FieldSpec("entry_event", .text, "How the project is launched."),
        FieldSpec("product", .object(product), "The public product and its audience."),
        FieldSpec("standards", .object(standards), "Catalogs and the standards the project promises."),
        FieldSpec("calendar", .object(calendar), "When the class meets."),
        FieldSpec("policy", .object(policy), "Settings for the checks."),
        FieldSpec("cycles", .list(.object(cycle)), required: true, "Consecutive short cycles; each starts at the next class meeting."),
        FieldSpec("groups", .list(.object(group)), "Teams of students."),
        FieldSpec("roster", .text, "A roster file, relative to this file: CSV (comma, semicolon or tab separated, UTF-8), or an .xlsx workbook, its first sheet or the one named after # (roster.xlsx#Period 2)."),
        FieldSpec("students", .list(.object(student)), "Students listed inline (a roster file is usually better)."),
        FieldSpec("rubrics", .list(.object(rubric)), "Rubrics that milestones name in `rubric:`."),
        FieldSpec("mastery", .object(mastery), "The mastery scale and how results combine (defaults: four levels, proficient is mastered, decaying average at 65%)."),
        FieldSpec("progress", .list(.text), "Progress files the teacher fills in after the printout (`pbl progress sheet` writes one), relative to this file: CSV or .xlsx, like the roster. Several combine in order, later entries winning. Student data: kept out of templates and out of git."),
    ])

    static let standard = ObjectSpec(name: "standard", description: "One standard.", fields: [
        FieldSpec("code", .text, required: true, "The code as the framework writes it (MS-ESS3-3, W.7.1a)."),
        FieldSpec("grade", .grade, "Grade or band."),
        FieldSpec("subject", .text, "Subject."),
        FieldSpec("text", .text, required: true, "A short summary in our own words."),
        FieldSpec("student_text", .text, "The standard in a student's words (`I can ...`): what students' checklists print beside the code."),
        FieldSpec("parent", .text, "Code of the standard this one is part of."),
        FieldSpec("plus", .boolean, "Marked (+) by the framework: beyond what every student studies (CCSS high-school mathematics)."),
        FieldSpec("modeling", .boolean, "Marked as a modeling standard (the star in CCSS high-school mathematics)."),
    ])

    static let logo = ObjectSpec(name: "logo", description: "A logo image with a description.", fields: [
        FieldSpec("file", .text, required: true, "A PNG image, relative to this file, inside the template root (at most 2 MB and 4000 pixels a side)."),
        FieldSpec("description", .text, "What the image shows, for screen readers (`Riverside Middle School crest`); the school's name when not given."),
    ])

    /// `render/look.yaml` in a template root: how every printout looks (`PrintLook`).
    public static let look = ObjectSpec(name: "look", description: "How a department's printouts look: render/look.yaml in a template root.", fields: [
        FieldSpec("school", .text, "The school's name, first in every printout's header."),
        FieldSpec("department", .text, "The department, after the school's name."),
        FieldSpec("header", .text, "A line under the school's name (`Bring this sheet to every lab session.`)."),
        FieldSpec("footer", .text, "A line at the foot of every page, beside the page number."),
        FieldSpec("logo", .scalarOrObject(.text, logo), "A PNG image printed at the top left of every checklist and sheet, half an inch tall."),
        FieldSpec("signature", .text, "The label of a line for a family member to sign at the end of each checklist (`Family signature`)."),
        FieldSpec("paper", .oneOf(PaperSize.allCases.map(\.rawValue)), "Paper size: letter or a4 (`--paper` overrides it for one run)."),
        FieldSpec("font_size", .points(min: PrintLook.fontSizes.lowerBound, max: PrintLook.fontSizes.upperBound),
                  "The base text size of students' checklists in points, 10.5 to 16 (default 11); headings scale with it."),
        FieldSpec("reflection_lines", .integer(min: PrintLook.reflectionLineRange.lowerBound, max: PrintLook.reflectionLineRange.upperBound),
                  "Ruled lines to write on under each reflection prompt, 1 to 15 (default 4)."),
        FieldSpec("short_statements", .boolean, "Whether students' checklists show each standard's short statement beside its code (default true)."),
    ])

    public static let catalog = ObjectSpec(name: "catalog", description: "A standards catalog.", fields: [
        FieldSpec("catalog", .id, required: true, "Id of the catalog, as projects name it."),
        FieldSpec("title", .text, required: true, "Title of the catalog."),
        FieldSpec("source", .text, "Where the codes come from."),
        FieldSpec("version", .text, "Version of the source."),
        FieldSpec("code_pattern", .text, "A regular expression every code must match: the framework's grammar, so a typo in a catalog is caught."),
        FieldSpec("standards", .list(.object(standard)), required: true, "The standards."),
        FieldSpec("not_applicable", .list(.text), "Codes the framework leaves empty on purpose (its \"not applicable\" slots, such as RL.11-12.8): not standards."),
    ])
}
