import Diagnostics
import YAMLTree
import PlannerModel
import PlannerDates

// The project-design review: the elements of a well-designed project (a driving question,
// voice and choice, critique and revision, a public product with an audience). Missing
// ones are warnings, so a department can run the review in CI.

struct NoDrivingQuestionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "no-driving-question", severity: .warning,
        summary: "The project has no driving question.",
        explanation: """
            A driving question is the open, real question the whole project answers; it frames \
            every cycle and prints at the top of each student's checklist.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard context.project.drivingQuestion == nil else { return }
        sink.report(rule, "the project has no driving question", at: anchor(context.project), in: anchorFile(context.project),
                    help: "add `driving_question:` — the open question the project answers")
    }
}

struct NoPublicProductCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "no-public-product", severity: .warning,
        summary: "The project has no public product, or no audience for it.",
        explanation: """
            Students' work matters more when it is made for someone: a product shown to a real \
            audience beyond the classroom. Name both under `product`.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let product = context.project.product else {
            return sink.report(rule, "the project has no public product", at: anchor(context.project), in: anchorFile(context.project),
                               help: "add `product: {title: ..., audience: ...}`")
        }
        if product.title == nil {
            sink.report(rule, "the product has no title", at: SourceRange(at: product.range.start), in: product.file,
                        help: "add `title:` — what students make for the public")
        }
        if product.audience == nil {
            sink.report(rule, "the product has no audience", at: SourceRange(at: product.range.start), in: product.file,
                        help: "add `audience:` — who sees the product, and where")
        }
    }
}

struct NoCritiqueOrRevisionCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "no-critique-or-revision", severity: .warning,
        summary: "No milestone is a critique or a revision.",
        explanation: """
            Good work is drafted, critiqued and revised. At least one milestone of `kind: \
            critique` or `kind: revision` gives students the chance.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        let kinds = context.milestones.compactMap(\.milestone.kind?.value)
        guard !kinds.contains(.critique), !kinds.contains(.revision), !context.project.cycles.isEmpty else { return }
        sink.report(rule, "no milestone is a critique or a revision", at: anchor(context.project), in: anchorFile(context.project),
                    help: "add a milestone with `kind: critique` (feedback) or `kind: revision`")
    }
}

struct NoStudentChoiceCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "no-student-choice", severity: .warning,
        summary: "No milestone lets students choose.",
        explanation: """
            Voice and choice: students choose how they show what they learned. A milestone \
            with `choices` lets each student pick one option, recorded in the roster.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard !context.project.cycles.isEmpty, !context.milestones.contains(where: { !$0.milestone.choices.isEmpty }) else { return }
        sink.report(rule, "no milestone lets students choose", at: anchor(context.project), in: anchorFile(context.project),
                    help: "give a milestone `choices:` so each student picks how to show what they learned")
    }
}

/// Project-wide findings point at the title, the line a reader looks at first.
private func anchor(_ project: Project) -> SourceRange {
    project.title?.range ?? project.id?.range ?? SourceRange(at: project.range.start)
}

/// The file of `anchor(_:)`: the title may come from the template a project extends.
private func anchorFile(_ project: Project) -> String {
    project.title?.file ?? project.id?.file ?? project.file
}
