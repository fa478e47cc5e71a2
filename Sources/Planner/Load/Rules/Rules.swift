import Diagnostics
import PlannerModel

/// The registry of every rule: ids are stable, since policies, CI filters and docs name them.
/// The rules reported while reading are declared here, one file each in this folder; the
/// project checks' rules are `ProjectChecks.all`, and `Rules.all` (the pipeline) joins both.
public enum Rules {
    /// Rules reported while reading files rather than by a project check.
    public static let loadingRules: [RuleInfo] = [
        unknownKey, wrongType, missingField, malformedValue, reversedRange,
        rosterMalformed, rosterSeparator, rosterNotFound, rosterIgnored, pathOutsideProject, catalogNotFound, notAPBLFile,
        extendsUnresolved, studentDataInTemplate, todoPlaceholder, templateListReplaced, noStudents,
        quotedNumber, commentCutsText, progressNotFound, progressMalformed, progressReference, progressDate,
    ]

    /// Rules a project's `policy.rules` cannot turn off or down: a template could otherwise
    /// silence the check on its own student data.
    public static let fixedSeverity: Set<String> = [studentDataInTemplate.id, extendsUnresolved.id]
}
