// The libFuzzer target: one input is a project (or catalog) file, optionally followed by a
// roster, checked as `pbl validate` checks it (schedules included, as the printing commands
// load them), then rendered by every diagnostics reporter. A trap or a sanitizer report is a
// finding; so is output that breaks what the reporters promise (see `check`), reported with
// a `pbl-fuzz: INVARIANT` line and abort().
//
// Input layout: the YAML bytes, then optionally a line `#pbl-fuzz-roster` and the bytes of
// `roster.csv`, written beside the project before it is checked (without that line the
// default roster is written, so every run sees the same files). The folder is
// $PBL_FUZZ_WORKDIR/PID (a new temporary folder when unset); the default roster is the file
// $PBL_FUZZ_ROSTER (empty when unset). See fuzz/README.md.

import Foundation
import Planner
import YAMLTree

#if canImport(Glibc)
import Glibc
#endif

private let separator = Array("\n#pbl-fuzz-roster\n".utf8)

private final class State: @unchecked Sendable {
    let folder: String
    let projectPath: String
    let rosterPath: String
    let defaultRoster: [UInt8]
    let validator: Validator

    init() {
        let environment = ProcessInfo.processInfo.environment
        if let base = environment["PBL_FUZZ_WORKDIR"], !base.isEmpty {
            // A folder per process: libFuzzer's -fork and -jobs run several at once.
            let folder = base + "/\(getpid())"
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            self.folder = folder
        } else {
            var template = Array((NSTemporaryDirectory() + "/pbl-fuzz-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else { fatalError("pbl-fuzz: cannot make a temporary folder") }
            self.folder = String(cString: made)
        }
        projectPath = folder + "/project.yaml"
        rosterPath = folder + "/roster.csv"
        if let path = environment["PBL_FUZZ_ROSTER"], let data = FileManager.default.contents(atPath: path) {
            defaultRoster = Array(data)
        } else {
            defaultRoster = []
        }
        // The project file itself is never read from disk (its bytes are given), but a
        // folder scan or a template lookup may look at it: keep a file there.
        _ = FileManager.default.createFile(atPath: projectPath, contents: Data())
        validator = Validator(schedulesForPrinting: true, folders: ProjectFolders.fromEnvironment())
    }
}

private let state = State()

/// The split of an input into the project's bytes and the roster's.
private func split(_ bytes: [UInt8]) -> (project: [UInt8], roster: [UInt8]?) {
    guard bytes.count >= separator.count else { return (bytes, nil) }
    var index = 0
    while index + separator.count <= bytes.count {
        if bytes[index] == separator[0], bytes[index..<(index + separator.count)].elementsEqual(separator) {
            return (Array(bytes[..<(index + 1)]), Array(bytes[(index + separator.count)...]))
        }
        index += 1
    }
    return (bytes, nil)
}

private func fail(_ kind: String, _ detail: String) -> Never {
    var shown = ""
    for scalar in detail.unicodeScalars.prefix(600) {
        if scalar.value < 0x20 || scalar.value == 0x7F {
            shown += "\\x" + String(scalar.value, radix: 16)
        } else {
            shown.unicodeScalars.append(scalar)
        }
    }
    FileHandle.standardError.write(Data("pbl-fuzz: INVARIANT \(kind): \(shown)\n".utf8))
    abort()
}

/// A scalar that must not reach a terminal or a CI log from the human renderer.
private func isUnsafeForTerminal(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value == 0x0A || value == 0x09 { return false }
    if value < 0x20 || value == 0x7F { return true }
    if (0x80...0x9F).contains(value) { return true }
    if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x2028 || value == 0x2029 {
        return true
    }
    return false
}

private func check(_ report: FileReport, bytes: Int) {
    let diagnostics = report.diagnostics
    if diagnostics.count > Validator.maxFindingsPerFile + 1 {
        fail("too-many-findings", "\(diagnostics.count) findings shown")
    }
    for diagnostic in diagnostics {
        guard let range = diagnostic.range else { continue }
        if range.start.line < 1 || range.start.column < 1 || range.end.line < 1 || range.end.column < 1 {
            fail("bad-range", "\(diagnostic.rule ?? "-") \(range.start.debugDescription)-\(range.end.debugDescription)")
        }
        if range.end.offset < range.start.offset {
            fail("reversed-range", "\(diagnostic.rule ?? "-") \(range.start.debugDescription)-\(range.end.debugDescription)")
        }
        if diagnostic.file == report.path, let source = report.sources[report.path], range.end.offset > source.bytes.count {
            fail("range-past-end", "\(diagnostic.rule ?? "-") \(range.end.debugDescription) in \(source.bytes.count) bytes")
        }
    }

    let renderer = HumanRenderer(useColor: false, source: { report.sources[$0] })
    for diagnostic in diagnostics {
        let text = renderer.render(diagnostic)
        if text.utf8.count > 64 << 10 {
            fail("human-too-long", "\(text.utf8.count) bytes for one finding [\(diagnostic.rule ?? "-")]")
        }
        if let bad = text.unicodeScalars.first(where: isUnsafeForTerminal) {
            fail("human-control", "U+\(String(bad.value, radix: 16, uppercase: true)) in [\(diagnostic.rule ?? "-")] \(text)")
        }
    }

    let github = GitHubReporter().generateReport(diagnostics)
    for line in github.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
        if !(line.hasPrefix("::error") || line.hasPrefix("::warning") || line.hasPrefix("::notice")) {
            fail("github-line", String(line))
        }
    }
    if github.unicodeScalars.contains(where: { $0 == "\r" }) {
        fail("github-cr", github)
    }

    let json = JSONReporter().generateReport(diagnostics)
    if (try? JSONSerialization.jsonObject(with: Data(json.utf8))) == nil {
        fail("json-invalid", json)
    }
    let sarif = SARIFReporter(toolVersion: "fuzz", rules: []).generateReport(diagnostics)
    if (try? JSONSerialization.jsonObject(with: Data(sarif.utf8))) == nil {
        fail("sarif-invalid", sarif)
    }
    _ = bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let (project, roster) = split(bytes)
    let rosterBytes = roster ?? state.defaultRoster
    guard FileManager.default.createFile(atPath: state.rosterPath, contents: Data(rosterBytes)) else {
        fatalError("pbl-fuzz: cannot write \(state.rosterPath)")
    }
    let report = state.validator.validate(path: state.projectPath, bytes: project)
    check(report, bytes: project.count)
    return 0
}
