import YAMLTree

/// Until project templates exist, `extends:` must not be silently ignored.
struct ExtendsNotAppliedCheck: ProjectCheck {
    static let rule = RuleInfo(
        id: "extends-not-applied", severity: .warning,
        summary: "`extends:` names a project template, which this version of pbl does not apply yet.",
        explanation: """
            Project templates (`extends: NAME`, merged from a template root's projects/ folder) \
            are planned but not built yet. Until they are, pbl checks and prints the project \
            as written, without anything from the template; copy what you need from the \
            template into the project, or remove `extends`.
            """
    )

    static func check(_ context: CheckContext, _ sink: inout DiagnosticSink) {
        guard let extends = context.project.extends else { return }
        sink.report(rule, "`extends: \(extends.value)` is not applied: this version of pbl does not merge project templates yet",
                    at: extends, help: "copy what you need from the template into this file, or remove `extends`")
    }
}
