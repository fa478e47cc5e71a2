import YAMLTree
import PlannerModel

/// Builds the model from a tree the spec checker has already reported on. Reads are
/// lenient: a value of the wrong shape becomes nil here, since its problem is reported once,
/// by the checker.
struct ValueReader {
    let file: String

    func located<T>(_ value: T, _ node: YAMLNode) -> Located<T> {
        Located(value, range: node.range, file: node.sourceName ?? file)
    }

    func text(_ node: YAMLNode?) -> Located<String>? {
        guard let node, node.isScalar, let text = node.string else { return nil }
        return located(text, node)
    }

    func id(_ node: YAMLNode?) -> Located<String>? {
        guard let value = text(node), ValueSyntax.isID(value.value) else { return nil }
        return value
    }

    func studentID(_ node: YAMLNode?) -> Located<String>? {
        guard let value = text(node), ValueSyntax.isStudentID(value.value) else { return nil }
        return value
    }

    func int(_ node: YAMLNode?) -> Located<Int>? {
        guard let node, let value = node.int ?? ValueSyntax.quotedInteger(node) else { return nil }
        return located(value, node)
    }

    /// A number within its field's bounds; out of them it is reported by the checker and left
    /// out here, so `days: 9223372036854775807` never reaches the scheduler.
    func int(_ node: YAMLNode?, in bounds: ClosedRange<Int>) -> Located<Int>? {
        int(node).flatMap { bounds.contains($0.value) ? $0 : nil }
    }

    func bool(_ node: YAMLNode?) -> Located<Bool>? {
        guard let node, let value = node.bool else { return nil }
        return located(value, node)
    }

    func date(_ node: YAMLNode?) -> Located<CivilDate>? {
        guard let value = text(node), let date = CivilDate(iso: value.value) else { return nil }
        return Located(date, range: value.range, file: value.file)
    }

    func grade(_ node: YAMLNode?) -> Located<Grade>? {
        guard let value = text(node), let grade = Grade(value.value) else { return nil }
        return Located(grade, range: value.range, file: value.file)
    }

    func weekdays(_ node: YAMLNode?) -> [Located<Weekday>] {
        list(node) { item in text(item).flatMap { value in Weekday(name: value.value).map { located($0, item) } } }
    }

    func texts(_ node: YAMLNode?) -> [Located<String>] { list(node, text) }

    func list<T>(_ node: YAMLNode?, _ read: (YAMLNode) -> T?) -> [T] {
        guard let node, node.isSequence else { return [] }
        return node.items.compactMap(read)
    }

    /// `{key: value}` pairs whose keys and values are ids.
    func idPairs(_ node: YAMLNode?) -> [(Located<String>, Located<String>)] {
        guard let node, node.isMapping else { return [] }
        return node.pairs.compactMap { pair in
            guard let key = text(pair.key), let value = text(pair.value) else { return nil }
            return (key, value)
        }
    }
}

public struct ProjectBuilder {
    let read: ValueReader

    public init(file: String) {
        read = ValueReader(file: file)
    }

    /// Calls `body` with each scalar key and its value, once: one pass over a mapping rather
    /// than a search per field (a large roster has tens of thousands of mappings).
    private func fields(_ node: YAMLNode, _ body: (String, YAMLNode) -> Void) {
        for pair in node.pairs {
            if let key = pair.key.scalarText { body(key, pair.value) }
        }
    }

    public func project(_ root: YAMLNode) -> Project {
        var project = Project(file: read.file, range: root.range)
        fields(root) { key, value in
            switch key {
            case "pbl": project.formatVersion = read.int(value)
            case "id": project.id = read.id(value)
            case "title": project.title = read.text(value)
            case "driving_question": project.drivingQuestion = read.text(value)
            case "grade": project.grade = read.grade(value)
            case "subjects": project.subjects = read.texts(value)
            case "authors": project.authors = read.texts(value)
            case "extends": project.extends = read.text(value)
            case "entry_event": project.entryEvent = read.text(value)
            case "product" where value.isMapping:
                var product = Product(range: value.range, file: value.sourceName ?? read.file)
                fields(value) { key, value in
                    switch key {
                    case "title": product.title = read.text(value)
                    case "audience": product.audience = read.text(value)
                    default: break
                    }
                }
                project.product = product
            case "standards" where value.isMapping:
                var standards = StandardsSection(range: value.range)
                fields(value) { key, value in
                    switch key {
                    case "catalogs": standards.catalogs = read.texts(value)
                    case "targets": standards.targets = read.texts(value)
                    default: break
                    }
                }
                project.standards = standards
            case "calendar" where value.isMapping: project.calendar = calendar(value)
            case "policy" where value.isMapping: project.policy = policy(value)
            case "cycles": project.cycles = read.list(value) { $0.isMapping ? cycle($0) : nil }
            case "groups": project.groups = read.list(value) { $0.isMapping ? group($0) : nil }
            case "roster": project.roster = read.text(value)
            case "students": project.students = read.list(value) { $0.isMapping ? student($0) : nil }
            case "rubrics": project.rubrics = read.list(value) { $0.isMapping ? rubric($0) : nil }
            case "mastery" where value.isMapping: project.mastery = mastery(value)
            case "progress": project.progress = read.texts(value)
            default: break
            }
        }
        return project
    }

    func group(_ node: YAMLNode) -> Group {
        var group = Group(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": group.id = read.id(value)
            case "title": group.title = read.text(value)
            default: break
            }
        }
        return group
    }

    func calendar(_ node: YAMLNode) -> CalendarSpec {
        var calendar = CalendarSpec(range: node.range)
        fields(node) { key, value in
            switch key {
            case "start": calendar.start = read.date(value)
            case "meets": calendar.meets = read.weekdays(value)
            case "rotation": calendar.rotation = read.texts(value)
            case "rotation_anchor" where value.isMapping:
                var anchor = RotationAnchor(range: value.range, file: value.sourceName ?? read.file)
                fields(value) { key, value in
                    switch key {
                    case "date": anchor.date = read.date(value)
                    case "day": anchor.day = read.text(value)
                    default: break
                    }
                }
                calendar.rotationAnchor = anchor
            case "meets_on": calendar.meetsOn = read.texts(value)
            case "no_school":
                calendar.noSchool = read.list(value) { item in
                    let datesNode = item.isMapping ? item["dates"] : item
                    guard let datesNode, let text = read.text(datesNode), let dates = ValueSyntax.dateRange(text.value) else { return nil }
                    return NoSchoolEntry(dates: read.located(dates, datesNode), reason: item.isMapping ? read.text(item["reason"]) : nil)
                }
            case "sections": calendar.sections = read.list(value) { $0.isMapping ? section($0) : nil }
            case "exhibition": calendar.exhibition = read.date(value)
            case "end": calendar.end = read.date(value)
            default: break
            }
        }
        return calendar
    }

    func section(_ node: YAMLNode) -> Section {
        var section = Section(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": section.id = read.id(value)
            case "meets": section.meets = read.weekdays(value)
            case "meets_on": section.meetsOn = read.texts(value)
            case "start": section.start = read.date(value)
            default: break
            }
        }
        return section
    }

    func policy(_ node: YAMLNode) -> Policy {
        var policy = Policy()
        fields(node) { key, value in
            switch key {
            case "max_cycle_days": policy.maxCycleDays = read.int(value, in: FormatSpec.dayBounds)
            case "require_reflection": policy.requireReflection = read.bool(value)
            case "rules" where value.isMapping:
                for pair in value.pairs {
                    guard let rule = read.text(pair.key), let setting = read.text(pair.value),
                          let parsed = RuleSetting(rawValue: setting.value) else { continue }
                    policy.rules[rule] = Located(parsed, range: setting.range, file: setting.file)
                }
            default: break
            }
        }
        return policy
    }

    func cycle(_ node: YAMLNode) -> Cycle {
        var cycle = Cycle(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": cycle.id = read.id(value)
            case "title": cycle.title = read.text(value)
            case "days": cycle.days = read.int(value, in: FormatSpec.dayBounds)
            case "goal": cycle.goal = read.text(value)
            case "start": cycle.start = read.date(value)
            case "milestones": cycle.milestones = read.list(value) { $0.isMapping ? milestone($0) : nil }
            case "reflection": cycle.reflection = read.list(value) { $0.isMapping ? reflection($0) : nil }
            default: break
            }
        }
        return cycle
    }

    func reflection(_ node: YAMLNode) -> Reflection {
        var reflection = Reflection(range: node.range)
        fields(node) { key, value in
            switch key {
            case "prompt": reflection.prompt = read.text(value)
            case "day": reflection.day = read.int(value, in: FormatSpec.dayBounds)
            case "standards": reflection.standards = read.texts(value)
            default: break
            }
        }
        return reflection
    }

    func milestone(_ node: YAMLNode) -> Milestone {
        var milestone = Milestone(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": milestone.id = read.id(value)
            case "title": milestone.title = read.text(value)
            case "day": milestone.day = read.int(value, in: FormatSpec.dayBounds)
            case "kind":
                if let kind = read.text(value), let parsed = MilestoneKind(rawValue: kind.value) {
                    milestone.kind = Located(parsed, range: kind.range, file: kind.file)
                }
            case "deliverable": milestone.deliverable = read.text(value)
            case "evidence": milestone.evidence = read.text(value)
            case "choices": milestone.choices = read.list(value) { $0.isMapping ? choice($0) : nil }
            case "only" where value.isMapping:
                var only = Visibility(range: value.range)
                fields(value) { key, value in
                    switch key {
                    case "groups": only.groups = read.texts(value)
                    case "choices": only.choices = read.idPairs(value).map { (milestone: $0.0, choice: $0.1) }
                    default: break
                    }
                }
                milestone.only = only
            case "optional": milestone.optional = read.bool(value)
            case "class_event": milestone.classEvent = read.bool(value)
            case "after": milestone.after = read.texts(value)
            case "standards": milestone.standards = read.texts(value)
            case "rubric": milestone.rubric = read.id(value)
            case "track":
                if let track = read.text(value), let parsed = Track(rawValue: track.value) {
                    milestone.track = Located(parsed, range: track.range, file: track.file)
                }
            default: break
            }
        }
        return milestone
    }

    func rubric(_ node: YAMLNode) -> Rubric {
        var rubric = Rubric(range: node.range, file: node.sourceName ?? read.file)
        fields(node) { key, value in
            switch key {
            case "id": rubric.id = read.id(value)
            case "title": rubric.title = read.text(value)
            case "criteria": rubric.criteria = read.list(value) { $0.isMapping ? criterion($0) : nil }
            default: break
            }
        }
        return rubric
    }

    func criterion(_ node: YAMLNode) -> Criterion {
        var criterion = Criterion(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": criterion.id = read.id(value)
            case "title": criterion.title = read.text(value)
            case "standards": criterion.standards = read.texts(value)
            case "levels" where value.isMapping:
                criterion.levels = value.pairs.compactMap { pair in
                    guard let level = read.text(pair.key), let descriptor = read.text(pair.value) else { return nil }
                    return (level, descriptor)
                }
            default: break
            }
        }
        return criterion
    }

    func mastery(_ node: YAMLNode) -> MasteryPolicy {
        var mastery = MasteryPolicy(range: node.range, file: node.sourceName ?? read.file)
        fields(node) { key, value in
            switch key {
            case "scale": mastery.scale = read.texts(value)
            case "mastered": mastery.mastered = read.text(value)
            case "method":
                if let method = read.text(value), let parsed = MasteryMethod(rawValue: method.value) {
                    mastery.method = Located(parsed, range: method.range, file: method.file)
                }
            case "recent_weight": mastery.recentWeight = read.int(value, in: MasteryPolicy.recentWeightBounds)
            case "times": mastery.times = read.int(value, in: MasteryPolicy.timesBounds)
            default: break
            }
        }
        return mastery
    }

    func choice(_ node: YAMLNode) -> Choice {
        var choice = Choice(range: node.range)
        fields(node) { key, value in
            switch key {
            case "id": choice.id = read.id(value)
            case "title": choice.title = read.text(value)
            default: break
            }
        }
        return choice
    }

    func student(_ node: YAMLNode) -> Student {
        var student = Student(range: node.range, file: node.sourceName ?? read.file)
        fields(node) { key, value in
            switch key {
            case "id": student.id = read.studentID(value)
            case "name": student.name = read.text(value)
            case "family_name": student.familyName = read.text(value)
            case "group": student.group = read.text(value)
            case "section": student.section = read.text(value)
            case "choices": student.choices = read.idPairs(value).map { (milestone: $0.0, choice: $0.1) }
            case "support" where value.isMapping:
                fields(value) { key, value in
                    if key == "extra_days" { student.extraDays = read.int(value, in: FormatSpec.extraDayBounds) }
                }
            case "goals": student.goals = read.texts(value)
            default: break
            }
        }
        return student
    }
}
