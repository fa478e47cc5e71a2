import ArgumentParser
import Foundation
import LanguageServer

extension PBL {
    struct LSP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lsp",
            abstract: "The language server for editors: pbl validate's findings as you type (Language Server Protocol over stdio).",
            discussion: "The editor starts it; it reads requests on standard input and answers on standard output. docs/editors.md says how to set an editor up."
        )

        @OptionGroup var templates: TemplateOptions

        func run() throws {
            // write(2), as every pbl output: FileHandle's own write traps when the client has gone.
            let out = { (data: Data) in _ = try? StandardStreams.out(data) }
            let server = LanguageServer(workspace: templates.workspace(), version: PBLVersion.current,
                                        rulesDocumentation: Self.installedRules()) { message in
                guard let body = try? JSONSerialization.data(withJSONObject: message, options: [.withoutEscapingSlashes]) else { return }
                out(Data(MessageFraming.frame(Array(body))))
            }
            let reader = MessageFraming.Reader.standardInput()
            while server.exitCode == nil {
                do {
                    let body = try reader.next()
                    server.receive(body, moreWaiting: reader.hasWaitingMessage)
                } catch .endOfInput {
                    // The client went away without `exit`.
                    throw ExitCode(1)
                } catch {
                    // A stream whose framing is broken cannot be read on: say so to the client and stop.
                    let message = ["jsonrpc": "2.0", "method": "window/logMessage",
                                   "params": ["type": 1, "message": "pbl lsp: unreadable input (\(error)); stopping"]] as [String: Any]
                    if let body = try? JSONSerialization.data(withJSONObject: message) { out(Data(MessageFraming.frame(Array(body)))) }
                    throw ExitCode(1)
                }
            }
            throw ExitCode(server.exitCode ?? 1)
        }

        /// docs/rules.md where pbl is: installed (`share/doc/pbl/docs` beside `bin`) or built in a
        /// checkout (`.build/<triple>/<configuration>/pbl`), as a file address; nil when neither
        /// is there (a client may name the department's copy in `initializationOptions`).
        static func installedRules() -> String? {
            // The running binary, wherever PATH found it (argv[0] is only `pbl` then).
            let running = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
            let executable = running.resolvingSymlinksInPath()
            let bin = executable.deletingLastPathComponent()
            let candidates = [bin.appendingPathComponent("../share/doc/pbl/docs/rules.md"), bin.appendingPathComponent("../../../docs/rules.md")]
            return candidates.map(\.standardizedFileURL).first { FileManager.default.fileExists(atPath: $0.path) }?.absoluteString
        }
    }
}
