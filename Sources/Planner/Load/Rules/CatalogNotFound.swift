import Diagnostics
import PlannerModel

extension Rules {
    public static let catalogNotFound = RuleInfo(
        id: "catalog-not-found", severity: .error,
        summary: "A standards catalog that is in no template root and at no such path.",
        explanation: """
            `standards.catalogs` names catalogs by id (found as standards/ID.yaml in the template \
            roots: --templates folders, PBL_TEMPLATES, then the built-in one) or by a path \
            relative to the project file. While a catalog is missing, codes cannot be checked.
            """
    )

    public static let notAPBLFile = RuleInfo(
        id: "not-a-pbl-file", severity: .error,
        summary: "A YAML file that is neither a project (`pbl: 1`) nor a catalog (`catalog:`).",
        explanation: """
            pbl tells files apart by their first keys: a project starts with `pbl: 1`, a standards \
            catalog with `catalog: ID`. A file named on the command line that is neither is an \
            error; in a folder, such files are skipped.
            """
    )
}
