import Diagnostics
import YAMLTree

/// The JSON Schema (draft 2020-12) of the formats, made from `FormatSpec`, so editors with a
/// YAML language server offer completion and help from the same text the checks use.
public enum JSONSchema {
    /// A project that `extends` a template may leave out anything the template gives, so it
    /// is checked against a second family of definitions (`-overlay`) that require only ids.
    public static func project() -> String {
        let spec = FormatSpec.project
        var definitions: [(String, JSONOut)] = []
        collect(spec, into: &definitions, isRoot: false, partial: false)
        collect(spec, into: &definitions, isRoot: false, partial: true)
        let members: [(String, JSONOut)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string("https://pbl.invalid/schema/project.schema.json")),
            ("title", .string("pbl project")),
            ("description", .string(spec.description)),
            ("type", .string("object")),
            ("if", .object([("required", .array([.string("extends")]))])),
            ("then", .object([("$ref", .string("#/$defs/\(name(spec, partial: true))"))])),
            ("else", .object([("$ref", .string("#/$defs/\(name(spec, partial: false))"))])),
            ("$defs", .object(definitions)),
        ]
        return JSONOut.object(members).rendered() + "\n"
    }

    public static func catalog() -> String {
        document(FormatSpec.catalog, title: "pbl standards catalog",
                 id: "https://pbl.invalid/schema/catalog.schema.json")
    }

    /// The schema of `render/look.yaml`.
    public static func look() -> String {
        document(FormatSpec.look, title: "pbl department look", id: "https://pbl.invalid/schema/look.schema.json")
    }

    private static func document(_ spec: ObjectSpec, title: String, id: String) -> String {
        var definitions: [(String, JSONOut)] = []
        collect(spec, into: &definitions, isRoot: true, partial: false)
        var members: [(String, JSONOut)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(id)),
            ("title", .string(title)),
            ("description", .string(spec.description)),
        ]
        if case .object(let body) = object(spec, partial: false) { members += body }
        members.append(("$defs", .object(definitions)))
        return JSONOut.object(members).rendered() + "\n"
    }

    /// Every nested object spec once, in the order first met.
    private static func name(_ spec: ObjectSpec, partial: Bool) -> String {
        let key = String(spec.name.map { $0 == " " ? "-" : $0 })
        return partial ? key + "-overlay" : key
    }

    private static func collect(_ spec: ObjectSpec, into definitions: inout [(String, JSONOut)], isRoot: Bool, partial: Bool) {
        if !isRoot {
            let key = name(spec, partial: partial)
            guard !definitions.contains(where: { $0.0 == key }) else { return }
            definitions.append((key, .null))
            let index = definitions.count - 1
            var body: [(String, JSONOut)] = [("description", .string(spec.description))]
            if case .object(let rest) = object(spec, partial: partial) { body += rest }
            definitions[index] = (key, .object(body))
        }
        for field in spec.fields { collect(field.type, into: &definitions, partial: partial) }
    }

    private static func collect(_ type: FieldType, into definitions: inout [(String, JSONOut)], partial: Bool) {
        switch type {
        case .object(let spec): collect(spec, into: &definitions, isRoot: false, partial: partial)
        case .list(let element), .dictionary(let element): collect(element, into: &definitions, partial: partial)
        case .scalarOrObject(let scalar, let spec):
            collect(scalar, into: &definitions, partial: partial)
            collect(spec, into: &definitions, isRoot: false, partial: partial)
        default: break
        }
    }

    /// `partial`: the shape of a project laid over a template, where only ids (which say what
    /// is merged with what) and the format version are required.
    private static func object(_ spec: ObjectSpec, partial: Bool) -> JSONOut {
        let required = spec.fields.filter { $0.required && (!partial || $0.name == "id" || $0.name == "pbl") }.map { JSONOut.string($0.name) }
        var members: [(String, JSONOut)] = [("type", .string("object"))]
        members.append(("properties", .object(spec.fields.map { field in
            var property = schema(of: field.type, partial: partial)
            property.insert(("description", .string(field.description)), at: 0)
            return (field.name, .object(property))
        })))
        if !required.isEmpty { members.append(("required", .array(required))) }
        members.append(("additionalProperties", .bool(false)))
        return .object(members)
    }

    static let idPattern = "^[a-z0-9][a-z0-9-]*$"
    static let studentIDPattern = "^[A-Za-z0-9][A-Za-z0-9._-]*$"
    static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    static let gradePattern = "^(K|k|[1-9]|1[0-2])(-(K|k|[1-9]|1[0-2]))?$"

    private static func schema(of type: FieldType, partial: Bool) -> [(String, JSONOut)] {
        switch type {
        case .text:
            return [("type", .string("string"))]
        case .id:
            return [("type", .string("string")), ("pattern", .string(idPattern))]
        case .studentID:
            // `id: 10249` is a number to YAML; pbl reads the digits as written.
            return [("type", .array([.string("string"), .string("number")])), ("pattern", .string(studentIDPattern)), ("minimum", .int(0))]
        case .integer(let min, let max):
            return [("type", .string("integer")), ("minimum", .int(min)), ("maximum", .int(max))]
        case .points(let min, let max):
            return [("type", .string("number")), ("minimum", .decimal(min)), ("maximum", .decimal(max)), ("multipleOf", .decimal(0.5))]
        case .boolean:
            return [("type", .string("boolean"))]
        case .date:
            return [("type", .string("string")), ("format", .string("date")), ("pattern", .string(datePattern))]
        case .dateOrRange:
            let date = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
            return [("type", .string("string")), ("pattern", .string("^\(date)(\\.\\.\(date))?$"))]
        case .weekday:
            let names = Weekday.allCases.map(\.rawValue) + Weekday.allCases.map(\.fullName)
            return [("type", .string("string")), ("enum", .array(names.map(JSONOut.string)))]
        case .grade:
            return [("type", .array([.string("string"), .string("integer")])), ("pattern", .string(gradePattern)),
                    ("minimum", .int(1)), ("maximum", .int(12))]
        case .oneOf(let values):
            return [("type", .string("string")), ("enum", .array(values.map(JSONOut.string)))]
        case .list(let element):
            return [("type", .string("array")), ("items", .object(schema(of: element, partial: partial)))]
        case .object(let spec):
            return [("$ref", .string("#/$defs/\(name(spec, partial: partial))"))]
        case .dictionary(let value):
            return [("type", .string("object")), ("propertyNames", .object([("pattern", .string(idPattern))])),
                    ("additionalProperties", .object(schema(of: value, partial: partial)))]
        case .scalarOrObject(let scalar, let spec):
            return [("anyOf", .array([.object(schema(of: scalar, partial: partial)), .object(schema(of: .object(spec), partial: partial))]))]
        }
    }
}
