import Diagnostics

import PlannerModel
import PlannerDates

/// Checks of a loaded project, in the order they run: one rule per file in `Rules/`.
public enum ProjectChecks {
    public static let all: [any ProjectCheck.Type] = [
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

    /// The rule of a duplicate id, which catalogs (read by the pipeline) report too.
    public static let duplicateID = DuplicateIDCheck.rule
}
