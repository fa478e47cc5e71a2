import Synchronization
import Diagnostics
import YAMLTree
import PlannerModel
import PlannerLoad
import PlannerDates
import PlannerSchedule
import PlannerCheck
import PlannerResources

/// What validating one file found, with the text of every file it read, for snippets.
public struct FileReport: Sendable {
    public enum Kind: String, Sendable {
        case project, catalog
        /// A render template or a CSV file in a template root, checked by `pbl validate DIR`.
        case repositoryFile
        /// A YAML file in a folder that is not a pbl file: not checked.
        case skipped
        /// Could not be read or parsed far enough to tell.
        case unknown
    }

    public var path: String
    public var kind: Kind
    public var diagnostics: [Diagnostic]
    public var sources: [String: SourceText]
    /// The file could not be read at all (exit status 3 rather than 1).
    public var readFailure: FileReadError?
    /// The loaded project, for commands that go on to schedule or render it.
    public var project: Project?
    /// The catalogs the project named (or all, when it names none but uses codes).
    public var standards: StandardsIndex?
    /// The file is a project template (in the projects/ folder of a template root).
    public var isTemplate = false
    /// Every file read besides those in `sources` (a workbook roster): outputs must not replace them.
    public var readFiles: [String] = []
    /// Findings past `Validator.maxFindingsPerFile`, counted but not kept.
    public var omitted = DiagnosticTotals()

    public init(path: String, kind: Kind, diagnostics: [Diagnostic], sources: [String: SourceText], readFailure: FileReadError? = nil) {
        self.path = path
        self.kind = kind
        self.diagnostics = diagnostics
        self.sources = sources
        self.readFailure = readFailure
    }
}

/// Checks files from their bytes up: YAML, then the format, then the project's rules, then
/// the project's own policy on severities. Collects every problem; never stops at the first.
public final class Validator: Sendable {
    /// Where the roots, catalogs, limits and allowed folders come from.
    public let workspace: Workspace
    /// Files an editor holds open, read instead of the saved ones.
    public let buffers: OpenBuffers
    private var limits: YAMLLimits { workspace.limits }
    private var folders: ProjectFolders { workspace.folders }

    public init(workspace: Workspace, buffers: OpenBuffers = .none) {
        self.workspace = workspace
        self.buffers = buffers
    }

    /// A validator with a workspace of its own.
    public convenience init(roots: TemplateRoots = TemplateRoots(), limits: YAMLLimits = .default,
                            folders: ProjectFolders = .fromEnvironment()) {
        self.init(workspace: Workspace(roots: roots, limits: limits, folders: folders))
    }

    /// `explicitlyNamed`: the user named this file, so a YAML file that is not a pbl file is an
    /// error; found in a folder, it is skipped.
    public func validate(path: String, explicitlyNamed: Bool = true) -> FileReport {
        do {
            switch try FileReader.read(path, limits: limits) {
            case .bytes(let bytes):
                return validate(path: path, bytes: bytes, explicitlyNamed: explicitlyNamed)
            case .tooLarge(let error):
                return FileReport(path: path, kind: .unknown, diagnostics: [error.diagnostic(file: path)], sources: [:])
            }
        } catch {
            return FileReport(path: path, kind: .unknown, diagnostics: [], sources: [:], readFailure: error)
        }
    }

    public func validate(path: String, bytes: [UInt8], explicitlyNamed: Bool = true) -> FileReport {
        var report = FileReport(path: path, kind: .unknown, diagnostics: [], sources: [:])
        if LookLoader.isLookFile(path) {
            // A department's look: its own keys, its logo checked where it points.
            let loaded = LookLoader.load(path: path, bytes: bytes, root: Paths.directory(of: Paths.directory(of: path)), limits: limits)
            report.kind = .repositoryFile
            report.sources = loaded.sources
            report.diagnostics = loaded.diagnostics
            report.readFiles = loaded.readFiles
            report.diagnostics.sort { Self.sourceOrder($0, $1, first: path) }
            report.omitted = Self.cap(&report.diagnostics, file: path)
            return report
        }
        let root: YAMLNode
        do {
            let source = try SourceText(bytes: bytes, limits: limits)
            report.sources[path] = source
            guard let found = try YAMLReader(source: source, limits: limits).singleDocument()?.root, !found.isNull else {
                report.diagnostics.append(Diagnostic(
                    severity: .error, message: "file is empty", file: path, range: .fileStart, rule: ReadingRules.emptyFile.id,
                    help: "a project file starts with `pbl: 1`; a catalog with `catalog: ID`"
                ))
                return report
            }
            root = found
        } catch {
            report.diagnostics.append(error.diagnostic(file: path))
            return report
        }
        if root.isMapping, root["pbl"] != nil {
            report.kind = .project
            let setup = workspace.setup(for: path)
            var roots = setup.roots
            roots.buffers = buffers
            validateProject(root, roots: roots, catalogs: setup.catalogs, &report)
        } else if root.isMapping, root["catalog"] != nil {
            report.kind = .catalog
            validateCatalog(root, &report)
        } else if explicitlyNamed {
            var sink = DiagnosticSink(file: path)
            sink.report(Rules.notAPBLFile, "not a pbl file: expected `pbl: 1` (a project) or `catalog:` (a standards catalog)",
                        at: SourceRange(at: root.start), help: "start a project with `pbl: 1`; see `pbl new`")
            report.diagnostics = sink.diagnostics
        } else {
            report.kind = .skipped
        }
        report.diagnostics.sort { Self.sourceOrder($0, $1, first: path) }
        report.omitted = Self.cap(&report.diagnostics, file: path)
        return report
    }

    /// Findings shown per file: a file with thousands of mistakes (a generated one, or a
    /// hostile one) gets the first of them and a count of the rest, not gigabytes of output.
    public static let maxFindingsPerFile = 200

    /// The totals of the findings left out.
    static func cap(_ diagnostics: inout [Diagnostic], file: String) -> DiagnosticTotals {
        guard diagnostics.count > maxFindingsPerFile else { return DiagnosticTotals() }
        let rest = diagnostics[maxFindingsPerFile...]
        var totals = DiagnosticTotals()
        for diagnostic in rest { totals.add(diagnostic) }
        diagnostics.removeSubrange(maxFindingsPerFile...)
        diagnostics.append(Diagnostic(
            severity: .note, message: "\(rest.count) more findings in this file are not shown (\(totals.summary)): pbl shows the first \(maxFindingsPerFile)",
            file: file, range: nil, rule: nil, help: "fix these and run `pbl validate` again"))
        return totals
    }

    private func validateProject(_ root: YAMLNode, roots: TemplateRoots, catalogs: CatalogStore, _ report: inout FileReport) {
        let path = report.path
        var sink = DiagnosticSink(file: path)
        let isTemplate = roots.isProjectTemplate(path)
        report.isTemplate = isTemplate
        if isTemplate {
            StudentDataInTemplate.check(root, file: path, &sink)
        }
        if let source = report.sources[path] { CommentCutsText.check(root, source: source, file: path, &sink) }
        let resolved = TemplateResolver(roots: roots, limits: limits).resolve(root, file: path, sink: &sink, sources: &report.sources)
        // A template's placeholders are there on purpose; in a project they are left to fill in.
        var checker = SpecChecker(file: path, reportingPlaceholders: !isTemplate)
        checker.checkObject(resolved.root, FormatSpec.project, path: "project")
        guard resolved.complete else {
            // Without its template the plan is a fragment: what it lacks (and what it has yet to
            // fill in) is the template's to give.
            sink.append(contentsOf: checker.sink.diagnostics.filter { $0.rule != Rules.missingField.id && $0.rule != Rules.todoPlaceholder.id })
            report.diagnostics = sink.diagnostics
            return
        }
        sink.append(contentsOf: checker.sink.diagnostics)
        var project = ProjectBuilder(file: path).project(resolved.root)
        let directory = Paths.directory(of: path)
        let reportedBeforeRoster = sink.diagnostics.count
        if let roster = project.roster {
            project.students += loadRoster(roster, directory: directory, &sink, &report)
        }
        // A roster that could not be read has said so already.
        if project.students.isEmpty && !isTemplate && sink.diagnostics.count == reportedBeforeRoster {
            let at = project.roster.map { (range: $0.range, file: $0.file) } ?? project.id.map { (range: $0.range, file: $0.file) }
            sink.report(Rules.noStudents,
                        project.roster == nil ? "the plan has no students: no `roster:` and no `students:`" : "the roster has no students",
                        at: at?.range ?? .fileStart, in: at?.file ?? path,
                        help: "add `roster: roster.csv` (a CSV beside this file) or `students:`; until then `pbl checklists` prints blank checklists")
        }
        if !project.progress.isEmpty && !isTemplate {
            (project.progressEntries, project.progressNames) = loadProgress(project, directory: directory, &sink, &report)
        }
        let (standards, complete) = loadStandards(project, catalogs: catalogs, &sink)
        // From here on the plan carries each code as its catalog writes it: the checks, the
        // dated plan and every command that prints it.
        let unresolved = standards.canonicalize(&project)
        // The date checks need the class's dates, not each student's list: printing schedules
        // again, with the students (`Scheduler.schedule(project)`).
        let context = CheckContext(project: project, schedule: Scheduler.schedule(project, withStudents: false), standards: standards,
                                   unresolvedCodes: unresolved, allCatalogsLoaded: complete, catalogStore: catalogs)
        for check in Rules.projectChecks {
            check.check(context, &sink)
        }
        report.diagnostics = Self.applyPolicy(project.policy, to: sink.diagnostics, file: path)
        report.project = project
        report.standards = standards
    }

    /// Files of student data beside a project, read the same way: inside the project's folder
    /// only, a missing one that git ignores being as it should be in a clone.
    enum StudentDataFile {
        case roster, progress

        var name: String { self == .roster ? "roster" : "progress file" }
        var key: String { self == .roster ? "roster" : "progress" }
        var malformed: RuleInfo { self == .roster ? Rules.rosterMalformed : Rules.progressMalformed }
        var notFound: RuleInfo { self == .roster ? Rules.rosterNotFound : Rules.progressNotFound }
    }

    /// The bytes of `named` (a path relative to the project), or nil when it was reported.
    private func read(_ named: Located<String>, _ kind: StudentDataFile, at path: String, directory: String,
                      _ sink: inout DiagnosticSink, _ report: inout FileReport) -> [UInt8]? {
        if case .failure(.outside(let allowed)) = folders.check(path, forProjectAt: report.path) {
            // Not read at all: an error about a file outside never quotes it.
            sink.report(Rules.pathOutsideProject, "the \(kind.name) `\(named.value)` is outside the project's folder (\(allowed))", at: named,
                        help: "keep the \(kind.name) beside the project, or name its folder in PBL_ROSTERS when you run pbl")
            return nil
        }
        if let open = buffers.bytes(for: path) {
            report.readFiles.append(path)
            guard open.count <= limits.maxInputBytes else {
                sink.report(kind.malformed, "\(kind.name) `\(named.value)` is over the size limit of \(limits.maxInputBytes) bytes", at: named)
                return nil
            }
            return open
        }
        do {
            switch try FileReader.read(path, limits: limits) {
            case .bytes(let read):
                report.readFiles.append(path)
                return read
            case .tooLarge(let error):
                sink.report(kind.malformed, "\(kind.name) `\(named.value)`: \(error.message)", at: named)
                return nil
            }
        } catch {
            // Student data is kept out of shared repositories, so a clone has none: a file that
            // is not there and that git ignores is as it should be (one there but unreadable is not).
            if error.reason == .notFound, let ignored = GitIgnore.rule(ignoring: named.value, from: directory) {
                sink.report(Rules.rosterIgnored,
                            "\(kind.name) `\(named.value)` is not here; git ignores it (\(ignored.file):\(ignored.line)), "
                                + "as \(kind == .roster ? "rosters" : "student records") should be: "
                                + (kind == .roster ? "the plan is checked without students" : "the plan is checked without it"),
                            at: named, help: "the \(kind == .roster ? "students are" : "records are") checked where the \(kind.name) is (looked for \(path))")
                return nil
            }
            sink.report(kind.notFound, "cannot read the \(kind.name) `\(named.value)`", at: named,
                        help: "`\(kind.key):` is a path relative to this file (looked for \(path))")
            return nil
        }
    }

    private func loadRoster(_ roster: Located<String>, directory: String, _ sink: inout DiagnosticSink,
                            _ report: inout FileReport) -> [Student] {
        let (rosterFile, sheet) = RosterLoader.fileAndSheet(roster.value)
        let rosterPath = Paths.join(directory, rosterFile)
        guard let bytes = read(roster, .roster, at: rosterPath, directory: directory, &sink, &report) else { return [] }
        // CSV or .xlsx by the file's name; text that is not UTF-8 is named by the loader.
        var loader = RosterLoader(file: rosterPath)
        let students = loader.load(bytes: bytes, sheet: sheet, named: roster, limits: limits)
        if let source = loader.source { report.sources[rosterPath] = source }
        sink.append(contentsOf: loader.sink.diagnostics)
        return students
    }

    /// Every progress file, in order: entries numbered across them, so later files win.
    private func loadProgress(_ project: Project, directory: String, _ sink: inout DiagnosticSink,
                              _ report: inout FileReport) -> ([ProgressEntry], ProgressNames) {
        var entries: [ProgressEntry] = []
        var names = ProgressNames()
        for named in project.progress {
            let (file, sheet) = RosterLoader.fileAndSheet(named.value)
            let path = Paths.join(directory, file)
            guard let bytes = read(named, .progress, at: path, directory: directory, &sink, &report) else { continue }
            var loader = ProgressLoader(file: path, project: project)
            entries += loader.load(bytes: bytes, sheet: sheet, named: named, limits: limits, firstOrder: entries.count)
            if let source = loader.source { report.sources[path] = source }
            sink.append(contentsOf: loader.sink.diagnostics)
            names.items += loader.names.items
            names.students += loader.names.students
        }
        return (entries, names)
    }

    private func loadStandards(_ project: Project, catalogs: CatalogStore, _ sink: inout DiagnosticSink) -> (StandardsIndex, Bool) {
        var index = StandardsIndex()
        var complete = true
        var names = project.standards?.catalogs ?? []
        let namesCodes = !(project.standards?.targets.isEmpty ?? true) || !project.addressedCodes.isEmpty
        if names.isEmpty && namesCodes {
            // No catalogs listed: check codes against every catalog pbl knows.
            names = catalogs.availableIDs.map { Located($0, range: project.range, file: project.file) }
        }
        for name in names {
            if CatalogStore.isPath(name.value), !name.file.hasPrefix("<built-in>"),
               case .failure(.outside(let allowed)) = folders.check(Paths.join(Paths.directory(of: name.file), name.value), forProjectAt: name.file) {
                complete = false
                sink.report(Rules.pathOutsideProject, "the catalog `\(name.value)` is outside the project's folder (\(allowed))", at: name,
                            help: "put the catalog in the repository (a template root's standards/ folder names it by id)")
                continue
            }
            switch catalogs.catalog(named: name.value, relativeTo: Paths.directory(of: name.file)) {
            case .loaded(let catalog):
                index.add(catalog)
            case .notFound:
                complete = false
                let nearest = Suggest.nearest(to: name.value, in: catalogs.availableIDs)
                sink.report(Rules.catalogNotFound, "no catalog `\(name.value)` in the template roots", at: name,
                            help: nearest.map { "did you mean `\($0)`?" }
                                ?? "available: " + catalogs.availableIDs.joined(separator: ", "),
                            fixes: nearest.map { [.replace(name.range, with: $0)] } ?? [])
            case .unreadable(let reason):
                complete = false
                sink.report(Rules.catalogNotFound, "catalog `\(name.value)` cannot be used: \(reason)", at: name)
            }
        }
        return (index, complete)
    }

    private func validateCatalog(_ root: YAMLNode, _ report: inout FileReport) {
        let (catalog, diagnostics) = CatalogLoader.load(root, file: report.path)
        var sink = DiagnosticSink(file: report.path)
        sink.append(contentsOf: diagnostics)
        var pattern: Regex<AnyRegexOutput>?
        if let text = catalog.codePattern {
            do {
                pattern = try Regex(text.value)
            } catch {
                sink.report(Rules.malformedValue, "`code_pattern` is not a regular expression: \(error)", at: text)
            }
        }
        var first: [String: Located<String>] = [:]
        func check(_ code: Located<String>, duplicateSuffix: String) {
            if let pattern, (try? pattern.wholeMatch(in: code.value)) == nil {
                sink.report(Rules.malformedValue, "`\(code.value)` does not follow the catalog's code pattern", at: code,
                            help: "codes here match \(catalog.codePattern?.value ?? "")")
            }
            let key = StandardCode.normalize(code.value)
            if let earlier = first[key] {
                sink.report(ProjectChecks.duplicateID, "duplicate standard code `\(code.value)`" + duplicateSuffix, at: code,
                            notes: [Diagnostic.Note(message: "first listed here", file: earlier.file, range: earlier.range)])
            } else {
                first[key] = code
            }
        }
        for code in catalog.standards.compactMap(\.code) { check(code, duplicateSuffix: "") }
        // A "not applicable" slot is a code the framework leaves empty: it follows the
        // grammar, and listing it as a standard too would be a contradiction.
        for code in catalog.notApplicable { check(code, duplicateSuffix: " in `not_applicable`") }
        report.diagnostics = sink.diagnostics
    }

    /// `policy.rules`: a rule's severity changed, or the rule turned off, for this project.
    static func applyPolicy(_ policy: Policy, to diagnostics: [Diagnostic], file: String) -> [Diagnostic] {
        var result = diagnostics
        var settings: [String: RuleSetting] = [:]
        let known = Rules.all.map(\.id)
        for (rule, setting) in policy.rules {
            if Rules.fixedSeverity.contains(rule.value) {
                result.append(Diagnostic(
                    severity: .error, message: "`\(rule.value)` cannot be changed by a policy", file: rule.file, range: rule.range,
                    rule: Rules.unknownKey.id,
                    help: "a plan with student data in a shared template, or without its template, is never right; remove this line"
                ))
            } else if known.contains(rule.value) {
                settings[rule.value] = setting.value
            } else {
                let nearest = Suggest.nearest(to: rule.value, in: known)
                result.append(Diagnostic(
                    severity: .error, message: "unknown rule `\(rule.value)` in `policy.rules`", file: rule.file, range: rule.range,
                    rule: Rules.unknownKey.id,
                    help: nearest.map { "did you mean `\($0)`?" } ?? "`pbl explain` lists the rules",
                    fixes: nearest.map { [.replace(rule.range, with: $0)] } ?? []
                ))
            }
        }
        guard !settings.isEmpty else { return result }
        return result.compactMap { diagnostic in
            guard let rule = diagnostic.rule, let setting = settings[rule] else { return diagnostic }
            var changed = diagnostic
            switch setting {
            case .off: return nil
            case .note: changed.severity = .note
            case .warning: changed.severity = .warning
            case .error: changed.severity = .error
            }
            return changed
        }
    }

    /// By file (`first`, the file validated, before the templates and rosters it reads), then by place.
    static func sourceOrder(_ a: Diagnostic, _ b: Diagnostic, first: String) -> Bool {
        if a.file != b.file {
            if a.file == first || b.file == first { return a.file == first }
            return (a.file ?? "") < (b.file ?? "")
        }
        let pa = a.range?.start.offset ?? -1, pb = b.range?.start.offset ?? -1
        if pa != pb { return pa < pb }
        return (a.rule ?? "") < (b.rule ?? "")
    }
}
