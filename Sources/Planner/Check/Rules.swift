import Diagnostics
import YAMLTree

/// The registry of every rule: ids are stable, since policies, CI filters and docs name them.
public enum Rules {
    /// Checks of a loaded project, in the order they run.
    public static let projectChecks: [any ProjectCheck.Type] = [
        DuplicateIDCheck.self,
        DanglingReferenceCheck.self,
        DependencyCycleCheck.self,
        AfterNotEarlierCheck.self,
        DayOutsideCycleCheck.self,
        UnknownStandardCheck.self,
        TargetNotAddressedCheck.self,
        StandardNotTargetedCheck.self,
        CycleTooLongCheck.self,
        MissingReflectionCheck.self,
        NoDrivingQuestionCheck.self,
        NoPublicProductCheck.self,
        NoCritiqueOrRevisionCheck.self,
        NoStudentChoiceCheck.self,
        CalendarRunsOutCheck.self,
        AfterExhibitionCheck.self,
        StudentRunsLateCheck.self,
        DueAfterEventCheck.self,
        StartNotAMeetingCheck.self,
        RotationMismatchCheck.self,
        CalendarOutOfRangeCheck.self,
        RotationNotAnchoredCheck.self,
        StudentWithoutSectionCheck.self,
    ]

    /// Rules reported while reading files rather than by a project check.
    public static let loadingRules: [RuleInfo] = [
        unknownKey, wrongType, missingField, malformedValue, reversedRange,
        rosterMalformed, rosterSeparator, rosterNotFound, rosterIgnored, pathOutsideProject, catalogNotFound, notAPBLFile,
        extendsUnresolved, studentDataInTemplate, todoPlaceholder, templateListReplaced, noStudents,
        quotedNumber, commentCutsText,
    ]

    /// Rules a project's `policy.rules` cannot turn off or down: a template could otherwise
    /// silence the check on its own student data.
    public static let fixedSeverity: Set<String> = [studentDataInTemplate.id, extendsUnresolved.id]

    public static var all: [RuleInfo] {
        (loadingRules + projectChecks.map { $0.rule }).sorted { $0.id < $1.id }
    }

    /// Every id pbl prints: the rules with examples, then the reading rules.
    public static var explainable: [RuleInfo] { all + ReadingRules.all }

    public static func rule(id: String) -> RuleInfo? {
        explainable.first { $0.id == id }
    }
}
