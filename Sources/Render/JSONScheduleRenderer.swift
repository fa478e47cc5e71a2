import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

/// `--format json`: the dated plan, documented in docs/schedule-json.md. Keys keep this
/// order; new keys are only ever added at the end of an object.
public struct JSONScheduleRenderer {
    public init() {}

    public func render(_ plan: DatedPlan) -> String {
        JSONOut.object([
            ("format", .string("pbl-schedule")),
            ("version", .int(1)),
            ("project", .string(plan.projectID)),
            ("title", .string(plan.title)),
            ("driving_question", optional(plan.drivingQuestion)),
            ("product", optional(plan.productTitle)),
            ("audience", optional(plan.audience)),
            ("exhibition", optional(plan.exhibition?.description)),
            ("sections", .array(plan.sections.map(section))),
        ]).rendered() + "\n"
    }

    private func optional(_ text: String?) -> JSONOut { text.map(JSONOut.string) ?? .null }

    private func section(_ section: SectionPlan) -> JSONOut {
        .object([
            ("id", optional(section.id)),
            ("cycles", .array(section.cycles.map { cycle in
                .object([
                    ("id", .string(cycle.id)),
                    ("title", .string(cycle.title)),
                    ("goal", optional(cycle.goal)),
                    ("start", .string(cycle.start.description)),
                    ("end", .string(cycle.end.description)),
                    ("days", .int(cycle.days)),
                    ("items", .array(cycle.items.map(item))),
                ])
            })),
            ("students", .array(section.students.map { student in
                .object([
                    ("id", .string(student.id)),
                    ("name", .string(student.name)),
                    ("group", optional(student.group)),
                    ("extra_days", .int(student.extraDays)),
                    ("goals", .array(student.goals.map(JSONOut.string))),
                    ("items", .array(student.items.map { entry in
                        .object([
                            ("id", .string(entry.item.id)),
                            ("due", .string(entry.due.description)),
                            ("chosen", optional(entry.chosen?.id)),
                            ("timing", .string(DateWords.timing(entry.item))),
                        ])
                    })),
                ])
            })),
            ("no_school", .array(section.noSchool.map { days in
                .object([
                    ("start", .string(days.dates.first.description)),
                    ("end", .string(days.dates.last.description)),
                    ("reason", optional(days.reason)),
                ])
            })),
            ("rotation", optional(section.rotation?.summary)),
        ])
    }

    private func item(_ item: DatedItem) -> JSONOut {
        .object([
            ("id", .string(item.id)),
            ("kind", .string(item.kindName)),
            ("title", .string(item.title)),
            ("date", .string(item.date.description)),
            ("day", .int(item.day)),
            ("deliverable", optional(item.deliverable)),
            ("evidence", optional(item.evidence)),
            ("standards", .array(item.standards.map(JSONOut.string))),
            ("options", .array(item.options.map { .object([("id", .string($0.id)), ("title", .string($0.title))]) })),
            ("optional", .bool(item.optional)),
            ("only_groups", .array(item.onlyGroups.map(JSONOut.string))),
            ("only_choices", .object(item.onlyChoices.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("timing", .string(DateWords.timing(item))),
        ])
    }
}
