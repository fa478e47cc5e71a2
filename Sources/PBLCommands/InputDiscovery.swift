import Foundation
import YAMLTree

/// Turns the paths a user named into the files to check, in a stable order.
struct InputDiscovery {
    var files: [String] = []
    /// Files the user named themselves, rather than found in a folder.
    var explicit: Set<String> = []
    var failures: [FileReadError] = []
    /// Folders named that hold no YAML file: worth a note, since CI may point at the wrong one.
    var emptyFolders: [String] = []
    /// Other files found in folders that a template repository is checked for: render
    /// templates (`render/*.mustache`) and CSV files (a roster does not belong in a root).
    var repositoryFiles: [String] = []

    static let yamlExtensions: Set<String> = ["yaml", "yml"]

    /// A path found in a folder, spelled as people write it: `grade7/a.yaml` rather than
    /// `./grade7/a.yaml` when the folder is `.` (template roots are spelled that way too,
    /// so findings in a template compare equal however the template was reached).
    static func join(_ base: String, _ relative: String) -> String {
        base == "." ? relative : base + "/" + relative
    }

    /// Named files are taken as they are; folders give their .yaml and .yml files,
    /// recursively, skipping hidden folders and build output.
    static func yamlFiles(in paths: [String]) -> InputDiscovery {
        var result = InputDiscovery()
        let fileManager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.failures.append(FileReadError(path: path, reason: .notFound))
                continue
            }
            guard isDirectory.boolValue else {
                result.files.append(path)
                result.explicit.insert(path)
                continue
            }
            var found: [String] = []
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let realBase = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
            if let walker = fileManager.enumerator(atPath: path) {
                while let relative = walker.nextObject() as? String {
                    let name = (relative as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        walker.skipDescendants()
                        continue
                    }
                    // A link found in a folder is followed only when it stays inside the folder:
                    // `validate DIR` checks that folder, not files elsewhere that a link names.
                    let full = Self.join(base, relative)
                    if (try? fileManager.destinationOfSymbolicLink(atPath: full)) != nil {
                        let real = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
                        guard real.hasPrefix(realBase.hasSuffix("/") ? realBase : realBase + "/") else { continue }
                    }
                    let fileExtension = (name as NSString).pathExtension.lowercased()
                    if yamlExtensions.contains(fileExtension) {
                        found.append(Self.join(base, relative))
                    } else if fileExtension == "csv"
                                || (fileExtension == "mustache" && (relative as NSString).deletingLastPathComponent.hasSuffix("render")) {
                        result.repositoryFiles.append(Self.join(base, relative))
                    }
                }
            }
            if found.isEmpty { result.emptyFolders.append(path) }
            result.files += found.sorted()
        }
        return result
    }
}
