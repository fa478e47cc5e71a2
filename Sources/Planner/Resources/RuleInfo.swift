import Diagnostics

/// Each rule's examples are files a person can run `pbl validate` on:
/// `examples/broken/<id>/project.yaml` triggers the rule, `fixed.yaml` beside it is the same
/// project fixed, and other files there (a roster) belong to them. They are built into pbl,
/// and the per-rule tests and golden outputs run them.
extension RuleInfo {
    private var folder: String { "examples/broken/\(id)/" }

    /// A complete project that triggers the rule.
    public var failingExample: String { EmbeddedFiles.files[folder + "project.yaml"] ?? "" }
    /// The same project, fixed.
    public var passingExample: String { EmbeddedFiles.files[folder + "fixed.yaml"] ?? "" }
    /// Files next to the examples (a roster), by name.
    public var exampleFiles: [String: String] {
        var files: [String: String] = [:]
        for (path, text) in EmbeddedFiles.files where path.hasPrefix(folder) {
            let name = String(path.dropFirst(folder.count))
            if name != "project.yaml" && name != "fixed.yaml" { files[name] = text }
        }
        return files
    }
}
