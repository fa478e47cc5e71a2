import XCTest
import YAMLTree
@testable import Planner

/// `FormatSpec` is the format, once; `ProjectBuilder` and `CatalogLoader` spell its keys again
/// as strings to build the model. Nothing else ties the two, so a key renamed in one place only
/// would be accepted by the checker and silently dropped by the builder. These tests tie them:
///
/// - every key of the spec, given a distinctive value in an otherwise minimal file, reaches the
///   model at the property of its name (`driving_question` -> `drivingQuestion`), through the
///   real loader (`Validator` for projects, `CatalogLoader` for catalogs);
/// - every stored property of the model types (walked with `Mirror`) is some key's property, or
///   one of the few deliberate exceptions below, each with its reason.
final class FormatSpecModelTests: XCTestCase {
    /// Keys whose model property is not their name in camelCase: spec path -> model path.
    static let renamed: [String: (model: String, why: String)] = [
        "project.pbl": ("project.formatVersion", "`pbl: 1` marks a project file; the model says what the number is"),
        "catalog.catalog": ("catalog.id", "`catalog: ID` marks a catalog file; the model calls it the catalog's id"),
        "project.students.support.extra_days": ("project.students.extraDays",
                                                "`support:` groups pacing settings in the file; the student holds its one setting"),
    ]

    /// Object keys that group settings in the file the model keeps on the object around them.
    static let flattened: [String: String] = [
        "project.students.support": "pacing support: its one setting, `extra_days`, is the student's `extraDays`",
    ]

    /// Model properties that no key writes, by name (in every type) or by path, and why.
    static let notFromAKey: [String: String] = [
        "range": "where the value was written, for diagnostics: from the tree, not a key",
        "file": "which file wrote it (the project, its template, a catalog): from the tree, not a key",
        "catalog.codes": "the index of the standards' codes, made from `standards` when they are set",
        "project.progressEntries": "what the files `progress` names recorded: read from those files by the loader, not from a key",
        "project.progressNames": "where those files name items and students (for the editor): read by the loader, not from a key",
    ]

    static func isNotFromAKey(_ path: String) -> Bool {
        notFromAKey[path] != nil || notFromAKey[String(path.split(separator: ".").last ?? "")] != nil
    }

    // MARK: the spec's keys

    /// One key of the spec: its path of names (`project.cycles.milestones.only.choices`, lists
    /// left out), its type, and the objects it lies in, outermost first.
    struct Key {
        var names: [String]
        var type: FieldType
        /// The specs along the path and whether each was reached through a list.
        var parents: [(spec: ObjectSpec, field: String, isList: Bool)]

        var path: String { names.joined(separator: ".") }
    }

    /// Every key under `spec`: leaves (scalars, lists of scalars, dictionaries), and the keys of
    /// objects inside lists and objects. A scalar-or-object field gives both forms.
    static func keys(_ spec: ObjectSpec, root: String) -> (leaves: [Key], objects: [String]) {
        var leaves: [Key] = []
        var objects: [String] = []
        func walk(_ spec: ObjectSpec, _ names: [String], _ parents: [(spec: ObjectSpec, field: String, isList: Bool)]) {
            for field in spec.fields {
                let path = names + [field.name]
                func into(_ inner: ObjectSpec, isList: Bool) {
                    objects.append(path.joined(separator: "."))
                    walk(inner, path, parents + [(spec, field.name, isList)])
                }
                switch field.type {
                case .object(let inner): into(inner, isList: false)
                case .list(.object(let inner)): into(inner, isList: true)
                case .scalarOrObject(_, let inner):
                    leaves.append(Key(names: path, type: field.type, parents: parents + [(spec, field.name, false)]))
                    into(inner, isList: false)
                case .list(.scalarOrObject(_, let inner)):
                    leaves.append(Key(names: path, type: field.type, parents: parents + [(spec, field.name, false)]))
                    into(inner, isList: true)
                default:
                    leaves.append(Key(names: path, type: field.type, parents: parents + [(spec, field.name, false)]))
                }
            }
        }
        walk(spec, [root], [])
        return (leaves, objects)
    }

    // MARK: files made from the spec

    /// A YAML value, written in flow style.
    indirect enum Value {
        case scalar(String)
        case quoted(String)
        case list([Value])
        case map([(String, Value)])

        var yaml: String {
            switch self {
            case .scalar(let text): text
            case .quoted(let text): "\"" + text + "\""
            case .list(let items): "[" + items.map(\.yaml).joined(separator: ", ") + "]"
            case .map(let pairs): "{" + pairs.map { "\($0.0): \($0.1.yaml)" }.joined(separator: ", ") + "}"
            }
        }
    }

    /// Makes values: a plain valid one for the fields a file needs, a distinctive one (with
    /// the texts it should leave in the model) for the key under test.
    struct Values {
        var counter = 0

        /// A value of `type` that nothing else in the file has, and the texts the model shows it by.
        mutating func distinctive(_ type: FieldType, key: String) -> (Value, [String]) {
            counter += 1
            let n = counter
            switch type {
            case .text:
                // `extends` must name a template that is there, or the project is not built.
                if key == "project.extends" { return (.quoted("inquiry-week"), ["inquiry-week"]) }
                return (.quoted("zq\(n)"), ["zq\(n)"])
            case .id: return (.quoted("zq\(n)"), ["zq\(n)"])
            case .studentID: return (.quoted("Zq-\(n)"), ["Zq-\(n)"])
            case .integer(let min, let max):
                let value = Swift.min(max, min + 36 + n)
                return (.scalar("\(value)"), ["\(value)"])
            case .points(let min, let max):
                let value = Swift.min(max, min + 0.5)
                return (.scalar("\(value)"), ["\(value)"])
            case .boolean: return (.scalar("true"), ["true"])
            case .date:
                let date = "2031-07-\(10 + n % 18)"
                return (.quoted(date), [date])
            case .dateOrRange:
                let range = "2031-08-\(10 + n % 9)..2031-08-2\(n % 9)"
                return (.quoted(range), [range])
            case .weekday: return (.quoted("sat"), ["sat"])
            case .grade: return (.quoted("6-8"), ["6-8"])
            case .oneOf(let values): return (.quoted(values.last!), [values.last!])
            case .list(let element):
                let (value, shown) = distinctive(element, key: key)
                return (.list([value]), shown)
            case .dictionary(let element):
                let (value, shown) = distinctive(element, key: key)
                return (.map([("zq\(n)k", value)]), ["zq\(n)k"] + shown)
            case .scalarOrObject(let scalar, _):
                return distinctive(scalar, key: key)
            case .object:
                preconditionFailure("objects are walked, not given values")
            }
        }

        /// A valid, ordinary value for a required field.
        func plain(_ type: FieldType, field: String) -> Value {
            switch type {
            case .text, .id: .quoted("plain-\(field.replacingOccurrences(of: "_", with: "-"))")
            case .studentID: .quoted("S-1")
            case .integer(let min, _): .scalar("\(min)")
            case .points(let min, _): .scalar("\(min)")
            case .boolean: .scalar("false")
            case .date, .dateOrRange: .quoted("2027-03-01")
            case .weekday: .quoted("mon")
            case .grade: .quoted("7")
            case .oneOf(let values): .quoted(values[0])
            case .list(let element): .list([plain(element, field: field)])
            case .dictionary: .map([])
            case .scalarOrObject(let scalar, _): plain(scalar, field: field)
            case .object(let spec): .map(required(spec, except: nil))
            }
        }

        /// The required fields of `spec` with plain values, but the one named `except`.
        func required(_ spec: ObjectSpec, except: String?) -> [(String, Value)] {
            spec.fields.filter { $0.required && $0.name != except }.map { ($0.name, plain($0.type, field: $0.name)) }
        }
    }

    /// The file for one key: the required fields of every object on its path, and the key's
    /// distinctive value.
    static func file(for key: Key, values: inout Values) -> (text: String, shown: [String]) {
        var (value, shown) = values.distinctive(key.type, key: key.path)
        for (spec, field, isList) in key.parents.reversed() {
            value = .map(values.required(spec, except: field) + [(field, isList ? .list([value]) : value)])
        }
        return (value.yaml + "\n", shown)
    }

    // MARK: the model, walked

    /// The values at `path` (`cycles.milestones.only`: lists are walked through, optionals opened).
    static func values(at path: ArraySlice<String>, in value: Any) -> [Any] {
        let opened = open(value)
        guard let name = path.first else { return opened }
        return opened.flatMap { value in
            Mirror(reflecting: value).children.filter { $0.label == name }.flatMap { values(at: path.dropFirst(), in: $0.value) }
        }
    }

    /// An optional's value (none for nil), a list's elements, or the value itself.
    static func open(_ value: Any) -> [Any] {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional: return mirror.children.flatMap { open($0.value) }
        case .collection: return mirror.children.flatMap { open($0.value) }
        default: return [value]
        }
    }

    /// How every value under `value` prints, leaving out where things were written.
    static func shown(_ value: Any) -> Set<String> {
        var texts: Set<String> = []
        func walk(_ value: Any) {
            for value in open(value) {
                texts.insert(String(describing: value))
                // An enum the file spells by its raw value (`n_mastery` for `.nMastery`).
                if let raw = value as? any RawRepresentable { texts.insert(String(describing: raw.rawValue)) }
                for child in Mirror(reflecting: value).children where child.label != "range" && child.label != "file" {
                    walk(child.value)
                }
            }
        }
        walk(value)
        return texts
    }

    /// The paths of every stored property of the model types under `value`: into structs other
    /// than `Located` (a value with its place), lists of them and optionals; a `Located`, a list
    /// of scalars, a dictionary or a list of pairs is one value, ended there.
    static func propertyPaths(_ value: Any, _ path: String, into paths: inout Set<String>) {
        for value in open(value) {
            let mirror = Mirror(reflecting: value)
            guard mirror.displayStyle == .struct, !String(describing: type(of: value)).hasPrefix("Located<") else { continue }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let childPath = path + "." + label
                paths.insert(childPath)
                if !isNotFromAKey(childPath) { propertyPaths(child.value, childPath, into: &paths) }
            }
        }
    }

    static func camelCase(_ name: String) -> String {
        let parts = name.split(separator: "_")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
    }

    /// The model path a spec path reaches: each name in camelCase, unless renamed.
    static func modelPath(_ specPath: String) -> String {
        renamed[specPath]?.model ?? camelPath(specPath)
    }

    static func camelPath(_ specPath: String) -> String {
        specPath.split(separator: ".").map { camelCase(String($0)) }.joined(separator: ".")
    }

    // MARK: loading

    static func project(_ text: String) throws -> Project {
        let workspace = Workspace(roots: TemplateRoots(), folders: ProjectFolders(named: []))
        let report = workspace.validate(path: "/nonexistent/format-spec/project.yaml", text: text)
        guard let project = report.project else {
            throw NotBuilt(reason: "\(report.diagnostics.map { "\($0.rule ?? ""): \($0.message)" })\n\(text)")
        }
        return project
    }

    struct NotBuilt: Error { var reason: String }

    static func catalog(_ text: String) throws -> Catalog {
        let source = try SourceText(text)
        let root = try XCTUnwrap(try YAMLReader(source: source).singleDocument()?.root)
        return CatalogLoader.load(root, file: "/nonexistent/format-spec/catalog.yaml").0
    }

    /// Each format: its spec, the name of its root in paths, and how a file becomes its model.
    static var formats: [(spec: ObjectSpec, root: String, load: (String) throws -> Any)] {
        [(FormatSpec.project, "project", { try project($0) }), (FormatSpec.catalog, "catalog", { try catalog($0) })]
    }

    // MARK: the tests

    func testEveryKeyOfTheSpecReachesTheModel() throws {
        var values = Values()
        var checked = 0
        for format in Self.formats {
            for key in Self.keys(format.spec, root: format.root).leaves {
                let (text, expected) = Self.file(for: key, values: &values)
                let model: Any
                do {
                    model = try format.load(text)
                } catch {
                    XCTFail("\(key.path): the file was not built into a model: \(error)")
                    continue
                }
                let modelPath = Self.modelPath(key.path)
                let found = Self.values(at: modelPath.split(separator: ".").dropFirst().map(String.init)[...], in: model)
                XCTAssertFalse(found.isEmpty, "\(key.path): the model has nothing at \(modelPath) (the loader ignores the key?)\n\(text)")
                let shown = found.reduce(into: Set<String>()) { $0.formUnion(Self.shown($1)) }
                for value in expected {
                    XCTAssertTrue(shown.contains(value), "\(key.path): `\(value)` did not reach \(modelPath); it holds \(shown.sorted())\n\(text)")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 70, "every key of the project and catalog formats")
    }

    func testEveryPropertyOfTheModelHasAKey() throws {
        var values = Values()
        for format in Self.formats {
            let (leaves, objects) = Self.keys(format.spec, root: format.root)
            let keyed = Set((leaves.map(\.path) + objects.filter { Self.flattened[$0] == nil }).map(Self.modelPath))
            var properties: Set<String> = []
            for key in leaves {
                // Every model type on some key's path is built by some file: together they show
                // every stored property of every type (Mirror lists nil and empty ones too).
                let model = try format.load(Self.file(for: key, values: &values).text)
                Self.propertyPaths(model, format.root, into: &properties)
            }
            XCTAssertTrue(properties.contains("\(format.root).\(format.root == "project" ? "cycles.milestones.only.groups" : "standards.code")"),
                          "the walk reached the nested types: \(properties.sorted())")
            for property in properties.sorted() {
                if Self.isNotFromAKey(property) { continue }
                XCTAssertTrue(keyed.contains(property), "\(property) is in the model but no key of FormatSpec.\(format.root) writes it")
            }
            // And the other way: every key's property is one the model has.
            for path in leaves.map(\.path) + objects where Self.flattened[path] == nil {
                XCTAssertTrue(properties.contains(Self.modelPath(path)), "\(path): the model has no \(Self.modelPath(path))")
            }
        }
    }

    /// The exceptions are few and explained, and each is still needed.
    func testTheExceptionsAreStillNeeded() throws {
        var values = Values()
        var properties: Set<String> = []
        for format in Self.formats {
            for key in Self.keys(format.spec, root: format.root).leaves {
                Self.propertyPaths(try format.load(Self.file(for: key, values: &values).text), format.root, into: &properties)
            }
        }
        for (path, why) in Self.flattened {
            XCTAssertFalse(properties.contains(Self.camelPath(path)), "\(path) is a model property now: drop its exception (\(why))")
        }
        let names = Set(properties.map { String($0.split(separator: ".").last!) })
        for (name, why) in Self.notFromAKey {
            XCTAssertTrue(names.contains(name) || properties.contains(name), "`\(name)` is no longer a model property: drop its exception (\(why))")
        }
        for (specPath, renamed) in Self.renamed {
            XCTAssertTrue(properties.contains(renamed.model), "\(specPath): \(renamed.model) is gone: \(renamed.why)")
            XCTAssertFalse(properties.contains(Self.camelPath(specPath)), "\(specPath) needs no renaming")
        }
    }
}
