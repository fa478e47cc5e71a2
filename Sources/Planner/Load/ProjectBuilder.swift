import YAMLTree

/// Builds the model from a tree the spec checker has already reported on. Reads are
/// lenient: a value of the wrong shape becomes nil here, since its problem is reported once,
/// by the checker.
struct ValueReader {
    let file: String

    func located<T>(_ value: T, _ node: YAMLNode) -> Located<T> {
        Located(value, range: node.range, file: file)
    }

    func text(_ node: YAMLNode?) -> Located<String>? {
        guard let node, node.isScalar, let text = node.string else { return nil }
        return located(text, node)
    }

    func id(_ node: YAMLNode?) -> Located<String>? {
        guard let value = text(node), ValueSyntax.isID(value.value) else { return nil }
        return value
    }

    func int(_ node: YAMLNode?) -> Located<Int>? {
        guard let node, let value = node.int else { return nil }
        return located(value, node)
    }

    func bool(_ node: YAMLNode?) -> Located<Bool>? {
        guard let node, let value = node.bool else { return nil }
        return located(value, node)
    }

    func date(_ node: YAMLNode?) -> Located<CivilDate>? {
        guard let value = text(node), let date = CivilDate(iso: value.value) else { return nil }
        return Located(date, range: value.range, file: file)
    }

    func grade(_ node: YAMLNode?) -> Located<Grade>? {
        guard let value = text(node), let grade = Grade(value.value) else { return nil }
        return Located(grade, range: value.range, file: file)
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

struct ProjectBuilder {
    let read: ValueReader

    init(file: String) {
        read = ValueReader(file: file)
    }

    func project(_ root: YAMLNode) -> Project {
        var project = Project(file: read.file, range: root.range)
        project.formatVersion = read.int(root["pbl"])
        project.id = read.id(root["id"])
        project.title = read.text(root["title"])
        project.drivingQuestion = read.text(root["driving_question"])
        project.grade = read.grade(root["grade"])
        project.subjects = read.texts(root["subjects"])
        project.authors = read.texts(root["authors"])
        project.extends = read.text(root["extends"])
        project.entryEvent = read.text(root["entry_event"])
        if let node = root["product"], node.isMapping {
            project.product = Product(range: node.range, title: read.text(node["title"]), audience: read.text(node["audience"]))
        }
        if let node = root["standards"], node.isMapping {
            project.standards = StandardsSection(range: node.range, catalogs: read.texts(node["catalogs"]), targets: read.texts(node["targets"]))
        }
        if let node = root["calendar"], node.isMapping { project.calendar = calendar(node) }
        if let node = root["policy"], node.isMapping { project.policy = policy(node) }
        project.cycles = read.list(root["cycles"]) { $0.isMapping ? cycle($0) : nil }
        project.groups = read.list(root["groups"]) { node in
            node.isMapping ? Group(range: node.range, id: read.id(node["id"]), title: read.text(node["title"])) : nil
        }
        project.roster = read.text(root["roster"])
        project.students = read.list(root["students"]) { $0.isMapping ? student($0) : nil }
        return project
    }

    func calendar(_ node: YAMLNode) -> CalendarSpec {
        var calendar = CalendarSpec(range: node.range)
        calendar.start = read.date(node["start"])
        calendar.meets = read.weekdays(node["meets"])
        calendar.rotation = read.texts(node["rotation"])
        calendar.meetsOn = read.texts(node["meets_on"])
        calendar.noSchool = read.list(node["no_school"]) { item in
            read.text(item).flatMap { value in ValueSyntax.dateRange(value.value).map { read.located($0, item) } }
        }
        calendar.sections = read.list(node["sections"]) { item in
            guard item.isMapping else { return nil }
            return Section(range: item.range, id: read.id(item["id"]), meets: read.weekdays(item["meets"]),
                           meetsOn: read.texts(item["meets_on"]), start: read.date(item["start"]))
        }
        calendar.exhibition = read.date(node["exhibition"])
        return calendar
    }

    func policy(_ node: YAMLNode) -> Policy {
        var policy = Policy()
        policy.maxCycleDays = read.int(node["max_cycle_days"])
        policy.requireReflection = read.bool(node["require_reflection"])
        if let rules = node["rules"], rules.isMapping {
            for pair in rules.pairs {
                guard let key = read.text(pair.key), let value = read.text(pair.value),
                      let setting = RuleSetting(rawValue: value.value) else { continue }
                policy.rules[key] = Located(setting, range: value.range, file: read.file)
            }
        }
        return policy
    }

    func cycle(_ node: YAMLNode) -> Cycle {
        var cycle = Cycle(range: node.range)
        cycle.id = read.id(node["id"])
        cycle.title = read.text(node["title"])
        cycle.days = read.int(node["days"])
        cycle.goal = read.text(node["goal"])
        cycle.start = read.date(node["start"])
        cycle.milestones = read.list(node["milestones"]) { $0.isMapping ? milestone($0) : nil }
        cycle.reflection = read.list(node["reflection"]) { item in
            item.isMapping ? Reflection(range: item.range, prompt: read.text(item["prompt"]), day: read.int(item["day"])) : nil
        }
        return cycle
    }

    func milestone(_ node: YAMLNode) -> Milestone {
        var milestone = Milestone(range: node.range)
        milestone.id = read.id(node["id"])
        milestone.title = read.text(node["title"])
        milestone.day = read.int(node["day"])
        if let kind = read.text(node["kind"]), let value = MilestoneKind(rawValue: kind.value) {
            milestone.kind = Located(value, range: kind.range, file: read.file)
        }
        milestone.deliverable = read.text(node["deliverable"])
        milestone.evidence = read.text(node["evidence"])
        milestone.choices = read.list(node["choices"]) { item in
            item.isMapping ? Choice(range: item.range, id: read.id(item["id"]), title: read.text(item["title"])) : nil
        }
        if let only = node["only"], only.isMapping {
            milestone.only = Visibility(range: only.range, groups: read.texts(only["groups"]),
                                        choices: read.idPairs(only["choices"]).map { (milestone: $0.0, choice: $0.1) })
        }
        milestone.optional = read.bool(node["optional"])
        milestone.after = read.texts(node["after"])
        milestone.standards = read.texts(node["standards"])
        return milestone
    }

    func student(_ node: YAMLNode) -> Student {
        var student = Student(range: node.range, file: read.file)
        student.id = read.id(node["id"])
        student.name = read.text(node["name"])
        student.group = read.text(node["group"])
        student.section = read.text(node["section"])
        student.choices = read.idPairs(node["choices"]).map { (milestone: $0.0, choice: $0.1) }
        if let support = node["support"], support.isMapping { student.extraDays = read.int(support["extra_days"]) }
        student.goals = read.texts(node["goals"])
        return student
    }
}
