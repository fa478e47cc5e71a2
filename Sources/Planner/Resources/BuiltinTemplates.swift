/// The built-in template root, as the embedded files hold it.
public enum BuiltinTemplates {
    /// Names of the built-in root's files in `folder` (`render` gives `checklist.html.mustache`, ...).
    public static func fileNames(in folder: String) -> [String] {
        let prefix = "templates/\(folder)/"
        return EmbeddedFiles.files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
    }
}
