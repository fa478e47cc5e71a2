import ArgumentParser
import Foundation
import Planner
import YAMLTree

extension PBL.Standards {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a catalog from a 1EdTech CASE JSON package or a CSV file (code,grade,subject,text).",
            discussion: """
                CASE: the code comes from humanCodingScheme, the text from fullStatement, grades from \
                educationLevel, parents from isChildOf associations. Items without a code or a statement \
                are skipped and counted. Put the result in a template root's standards/ folder.
                """
        )

        @Argument(help: "A .json CASE package or a .csv file.") var file: String
        @Option(name: .shortAndLong, help: "The catalog file to write (atomically).") var output: String
        @Option(help: "The catalog's id (default: from the document's title; required for CSV).") var id: String?
        @Option(help: "The catalog's title (CSV).") var title: String?

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
            let imported: ImportedCatalog
            do {
                if file.lowercased().hasSuffix(".csv") {
                    guard let id else { throw ValidationError("a CSV import needs --id, the catalog's id") }
                    imported = try StandardsImport.fromCSV(bytes, catalogID: id, title: title)
                } else {
                    imported = try StandardsImport.fromCASE(bytes, catalogID: id)
                }
            } catch let error as StandardsImportError {
                FileHandle.standardError.write("pbl: error: \(file): \(error)\n")
                throw ExitCode(Status.inputErrors)
            }
            do {
                try OutputFile(inputs: [file]).write(imported.yaml(), to: output)
            } catch {
                FileHandle.standardError.write("pbl: error: \(error)\n")
                throw ExitCode(Status.io)
            }
            var summary = "pbl: wrote \(output): catalog `\(imported.id)`, \(imported.items.count) standards"
            if imported.skipped > 0 { summary += ", \(imported.skipped) items skipped (no code or no statement)" }
            FileHandle.standardError.write(summary + "\n" + imported.notes.map { "pbl: note: \($0)\n" }.joined())
        }
    }
}
