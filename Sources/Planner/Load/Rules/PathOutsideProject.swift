import Diagnostics
import YAMLTree
import PlannerModel

extension Rules {
    public static let pathOutsideProject = RuleInfo(
        id: "path-outside-project", severity: .error,
        summary: "A roster or catalog path leads outside the project's repository.",
        explanation: """
            A project names files beside it: its roster (`roster:`) and catalogs given by path \
            (`standards.catalogs`). pbl reads them only inside the project's git repository (or \
            the project's own folder, outside one), links followed, so that a project file from \
            a pull request or a shared folder cannot make pbl read other files on the machine and \
            print them into a log. A school's rosters kept outside the repository are named once, \
            by the person running pbl: `PBL_ROSTERS=/path/to/rosters` (folders, colon-separated) \
            lets projects name files there.
            """
    )
}
