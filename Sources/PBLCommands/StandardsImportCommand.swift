import ArgumentParser
import Foundation
import Planner
import Diagnostics
import YAMLTree

extension PBL.Standards {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a catalog from a 1EdTech CASE JSON package or a CSV file (code,grade,subject,text).",
            discussion: """
                CASE: the code comes from humanCodingScheme, the text from fullStatement, grades from \
                educationLevel, parents from isChildOf associations. Items without a code or a statement \
                are skipped and counted. --source, --version and --code-pattern set the catalog's \
                own fields (a code pattern every code must match, as `pbl validate` checks it). \
                The catalog written validates clean; put it in a template root's standards/ folder.
                """
        )

        @Argument(help: "A .json CASE package or a .csv file.") var file: String
        @Option(name: .shortAndLong, help: "The catalog file to write (atomically).") var output: String
        @Option(help: "The catalog's id (default: from the document's title; required for CSV).") var id: String?
        @Option(help: "The catalog's title (CSV).") var title: String?
        @Option(help: "Where the codes come from, the catalog's `source` (default for CASE: the package's identifier and creator).")
        var source: String?
        @Option(help: "The version of the source, the catalog's `version` (default for CASE: the document's).") var version: String?
        @Option(help: ArgumentHelp("A regular expression every code must match whole, the catalog's `code_pattern` (the framework's code grammar).",
                                   valueName: "regex"))
        var codePattern: String?

        func validate() throws {
            for (option, value) in [("--source", source), ("--version", version), ("--code-pattern", codePattern)] {
                if let value, value.allSatisfy(\.isWhitespace) { throw ValidationError("\(option) needs a value, not an empty text") }
            }
            if let codePattern {
                do { _ = try Regex(codePattern) } catch {
                    throw ValidationError("--code-pattern `\(codePattern)` is not a regular expression: \(error)")
                }
            }
        }

        func run() throws {
            let bytes: [UInt8]
            do {
                guard case .bytes(let read) = try FileReader.read(file, limits: YAMLLimits(maxInputBytes: 512 << 20)) else {
                    throw ValidationError("\(file) is too large to import")
                }
                bytes = read
            } catch let failure as FileReadError {
                FileHandle.standardError.write("pbl: error: \(failure)\n")
                throw ExitCode(Status.io)
            }
            var imported: ImportedCatalog
            do {
                if file.lowercased().hasSuffix(".csv") {
                    guard let id else { throw ValidationError("a CSV import needs --id, the catalog's id") }
                    imported = try StandardsImport.fromCSV(bytes, catalogID: id, title: title)
                } else {
                    imported = try StandardsImport.fromCASE(bytes, catalogID: id)
                }
                if let source { imported.source = source.trimmingCharacters(in: .whitespacesAndNewlines) }
                if let version { imported.version = version.trimmingCharacters(in: .whitespacesAndNewlines) }
                if let codePattern { try imported.setCodePattern(codePattern) }
            } catch let error as StandardsImportError {
                FileHandle.standardError.write("pbl: error: \(file): \(error)\n")
                throw ExitCode(Status.inputErrors)
            }
            let yaml = imported.yaml()
            try Self.checkValidates(yaml, as: output)
            do {
                try OutputFile(inputs: [file]).write(yaml, to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
            let count = imported.items.count
            var summary = "pbl: wrote \(output): catalog `\(imported.id)`, \(count) standard\(count == 1 ? "" : "s")"
            if imported.skipped > 0 { summary += ", \(imported.skipped) items skipped (no code or no statement)" }
            FileHandle.standardError.write(summary + "\n" + imported.notes.map { "pbl: note: \($0)\n" }.joined())
        }

        /// The catalog is checked as `pbl validate` will check it, before it is written: an
        /// import never leaves a file with problems behind.
        static func checkValidates(_ yaml: String, as path: String) throws {
            let report = Workspace().validate(path: path, text: yaml)
            let problems = report.diagnostics.filter { $0.severity != .note }
            guard !problems.isEmpty else { return }
            let renderer = HumanRenderer(useColor: false, source: { report.sources[$0] })
            for diagnostic in problems { FileHandle.standardError.write(renderer.render(diagnostic) + "\n\n") }
            FileHandle.standardError.write("pbl: not written: the catalog would have \(DiagnosticTotals(problems).summary)\n")
            throw ExitCode(Status.inputErrors)
        }
    }
}
