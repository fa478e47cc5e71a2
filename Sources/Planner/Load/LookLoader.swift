import Foundation
import Diagnostics
import YAMLTree
import PlannerModel

/// Reads a department's look (`render/look.yaml` in a template root) into a `PrintLook`,
/// with findings at their lines like any other file: an unknown key, a size out of range, a
/// logo that is missing, too large, outside the root or not a PNG.
public enum LookLoader {
    /// Where the look lives in a template root.
    public static let relativePath = "render/look.yaml"

    /// A look as loaded: the look to print with (pbl's own where the file has errors, so a
    /// caller that goes on anyway prints something plain rather than something half-applied),
    /// the findings, and the file's text for showing them.
    public struct Loaded: Sendable {
        public var look: PrintLook
        public var diagnostics: [Diagnostic]
        public var sources: [String: SourceText]
        /// The files read: the look and its logo.
        public var readFiles: [String]
        /// The look file is there but could not be read.
        public var readFailure: FileReadError? = nil

        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// The look for a project with these roots: from the first root (in their order) that has
    /// `render/look.yaml`, or pbl's own when none has. The built-in root has none.
    public static func load(roots: TemplateRoots, limits: YAMLLimits = .default) -> Loaded {
        for case .directory(let directory) in roots.roots {
            let path = Paths.join(directory, relativePath)
            guard FileManager.default.fileExists(atPath: path) else { continue }
            return load(path: path, root: directory, limits: limits)
        }
        return Loaded(look: .standard, diagnostics: [], sources: [:], readFiles: [])
    }

    /// Whether `path` is a look file: `render/look.yaml` (what `pbl validate DIR` checks as one).
    public static func isLookFile(_ path: String) -> Bool {
        path == relativePath || path.hasSuffix("/" + relativePath)
    }

    /// The look at `path`; `root` is the template root it belongs to (a logo must be inside it).
    public static func load(path: String, root: String? = nil, limits: YAMLLimits = .default) -> Loaded {
        var loaded = Loaded(look: .standard, diagnostics: [], sources: [:], readFiles: [path])
        let bytes: [UInt8]
        do {
            switch try FileReader.read(path, limits: limits) {
            case .bytes(let read): bytes = read
            case .tooLarge(let error):
                loaded.diagnostics = [error.diagnostic(file: path)]
                return loaded
            }
        } catch {
            loaded.readFailure = error
            return loaded
        }
        return load(path: path, bytes: bytes, root: root ?? Paths.directory(of: Paths.directory(of: path)), limits: limits)
    }

    public static func load(path: String, bytes: [UInt8], root: String, limits: YAMLLimits = .default) -> Loaded {
        var loaded = Loaded(look: .standard, diagnostics: [], sources: [:], readFiles: [path])
        let node: YAMLNode
        do {
            let source = try SourceText(bytes: bytes, limits: limits)
            loaded.sources[path] = source
            guard let found = try YAMLReader(source: source, limits: limits).singleDocument()?.root, !found.isNull else {
                // An empty look is pbl's own look: nothing to apply, nothing wrong.
                loaded.look.file = path
                return loaded
            }
            node = found
        } catch {
            loaded.diagnostics = [error.diagnostic(file: path)]
            return loaded
        }
        var checker = SpecChecker(file: path)
        checker.checkObject(node, FormatSpec.look, path: "look")
        var sink = checker.sink
        guard node.isMapping else {
            loaded.diagnostics = sink.diagnostics
            return loaded
        }
        let read = ValueReader(file: path)
        var look = PrintLook(file: path)
        func note(_ setting: PrintLook.Setting) {
            if let value = node[setting.rawValue] { look.given[setting] = value.range }
        }
        look.school = read.text(node["school"])?.value
        look.department = read.text(node["department"])?.value
        look.header = read.text(node["header"])?.value
        look.footer = read.text(node["footer"])?.value
        look.signature = read.text(node["signature"])?.value
        if let paper = read.text(node["paper"]).flatMap({ PaperSize(rawValue: $0.value) }) { look.paper = paper }
        if let size = read.text(node["font_size"]).flatMap({ ValueSyntax.points($0.value) }), PrintLook.fontSizes.contains(size) {
            look.fontSize = size
        }
        if let lines = read.int(node["reflection_lines"], in: PrintLook.reflectionLineRange) { look.reflectionLines = lines.value }
        if let shown = read.bool(node["short_statements"]) { look.shortStatements = shown.value }
        if let logoNode = node["logo"] {
            let fileNode = logoNode.isMapping ? logoNode["file"] : logoNode
            if let fileNode, let name = read.text(fileNode) {
                let description = logoNode.isMapping ? read.text(logoNode["description"])?.value : nil
                if let logo = LogoReader.read(name, at: fileNode, lookFile: path, root: root, &sink) {
                    look.logo = PrintLook.Logo(path: logo.path, png: logo.bytes, pixelWidth: logo.width, pixelHeight: logo.height,
                                               description: description ?? look.school.map { "\($0) logo" } ?? "logo")
                    loaded.readFiles.append(logo.path)
                }
            }
        }
        for setting in PrintLook.Setting.allCases { note(setting) }
        loaded.diagnostics = sink.diagnostics
        loaded.look = loaded.hasErrors ? PrintLook(file: path) : look
        return loaded
    }
}

/// A logo named by a look: read with a size bound, inside the template root, a PNG whose
/// header gives a size pbl will print (the renderers decode it; a bomb of a billion pixels
/// in a small file is refused here from its header, before anything is decoded).
enum LogoReader {
    static let maxBytes = 2 << 20
    static let maxSide = 4000

    struct Image {
        var path: String
        var bytes: [UInt8]
        var width: Int
        var height: Int
    }

    static func read(_ name: Located<String>, at node: YAMLNode, lookFile: String, root: String, _ sink: inout DiagnosticSink) -> Image? {
        let path = Paths.join(Paths.directory(of: lookFile), name.value)
        guard let real = Paths.real(path) else {
            sink.report(Rules.malformedValue, "the logo `\(name.value)` is not there (looked for \(path))", at: node,
                        help: "put the image beside look.yaml, or give its path relative to look.yaml")
            return nil
        }
        if let realRoot = Paths.real(root), !real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") {
            sink.report(Rules.pathOutsideProject, "the logo `\(name.value)` is outside the template root \(root)", at: node,
                        help: "keep the logo inside the template root, so every teacher who clones it has it")
            return nil
        }
        let bytes: [UInt8]
        do {
            switch try FileReader.read(path, limits: YAMLLimits(maxInputBytes: maxBytes)) {
            case .bytes(let read): bytes = read
            case .tooLarge:
                sink.report(Rules.malformedValue, "the logo `\(name.value)` is larger than 2 MB", at: node,
                            help: "a logo printed half an inch tall needs no more than 600 pixels a side; save a smaller PNG")
                return nil
            }
        } catch {
            sink.report(Rules.malformedValue, "the logo: \(error.description)", at: node)
            return nil
        }
        guard let (width, height) = pngSize(bytes) else {
            sink.report(Rules.malformedValue, "the logo `\(name.value)` is not a PNG image", at: node,
                        help: "save the logo as PNG (pbl prints PNG logos in every format)")
            return nil
        }
        guard width <= maxSide, height <= maxSide else {
            sink.report(Rules.malformedValue, "the logo `\(name.value)` is \(width) × \(height) pixels; pbl prints logos up to \(maxSide) pixels a side",
                        at: node, help: "a logo printed half an inch tall needs no more than 600 pixels a side; save a smaller PNG")
            return nil
        }
        return Image(path: path, bytes: bytes, width: width, height: height)
    }

    /// Width and height from a PNG's signature and IHDR chunk; nil when it is not a PNG.
    static func pngSize(_ bytes: [UInt8]) -> (Int, Int)? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 33, Array(bytes[0..<8]) == signature, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        func big(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        let (width, height) = (big(16), big(20))
        guard width > 0, height > 0 else { return nil }
        return (width, height)
    }
}
