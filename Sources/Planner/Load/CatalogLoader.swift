import Diagnostics
import YAMLTree
import PlannerModel

/// A catalog file: checked against the catalog spec, then built.
public struct CatalogLoader {
    public static func load(_ root: YAMLNode, file: String) -> (Catalog, [Diagnostic]) {
        var checker = SpecChecker(file: file)
        checker.checkObject(root, FormatSpec.catalog, path: "catalog")
        let read = ValueReader(file: file)
        var catalog = Catalog(file: file, range: root.range)
        catalog.id = read.id(root["catalog"])
        catalog.title = read.text(root["title"])
        catalog.source = read.text(root["source"])
        catalog.version = read.text(root["version"])
        catalog.codePattern = read.text(root["code_pattern"])
        catalog.standards = read.list(root["standards"]) { node in
            guard node.isMapping else { return nil }
            return Standard(range: node.range, code: read.text(node["code"]), grade: read.grade(node["grade"]),
                            subject: read.text(node["subject"]), text: read.text(node["text"]),
                            studentText: read.text(node["student_text"]), parent: read.text(node["parent"]),
                            plus: read.bool(node["plus"]), modeling: read.bool(node["modeling"]))
        }
        catalog.notApplicable = read.texts(root["not_applicable"])
        return (catalog, checker.sink.diagnostics)
    }
}
