import Foundation
import Render

/// Writes command output: to standard output, or to a file atomically (a temporary file in
/// the same folder, then a rename), never over one of the command's input files.
struct OutputFile {
    enum Failure: Error, CustomStringConvertible {
        case wouldOverwriteInput(String)
        case cannotWrite(String, String)
        case exists(String)

        var description: String {
            switch self {
            case .wouldOverwriteInput(let path): "refusing to write over the input file \(path)"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            case .exists(let path): "\(path) already exists; pbl does not overwrite it (choose another name, or remove it first)"
            }
        }
    }

    /// Inputs the output must never replace.
    var inputs: [String]

    func write(_ text: String, to path: String?) throws {
        try write(Data(text.utf8), to: path)
    }

    /// Bytes (a PDF) the same way: standard output when there is no path.
    func write(_ data: Data, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(data)
            return
        }
        let (target, temporary) = try destination(path)
        do {
            try data.write(to: temporary, options: [.withoutOverwriting])
            if rename(temporary.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw Failure.cannotWrite(path, reason)
            }
        } catch let failure as Failure {
            throw failure
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw Failure.cannotWrite(path, (error as NSError).localizedDescription)
        }
    }

    /// The file to write (never one of the inputs), and the temporary file beside it.
    private func destination(_ path: String) throws -> (target: URL, temporary: URL) {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw Failure.wouldOverwriteInput(input)
        }
        let directory = target.deletingLastPathComponent()
        return (target, directory.appendingPathComponent(".\(target.lastPathComponent).pbl-\(ProcessInfo.processInfo.processIdentifier).tmp"))
    }

    /// A document too large to hold twice (every checklist of a class) written as it is put
    /// together: what `produce` writes goes to standard output, or, as with `write`, to a
    /// temporary file renamed over the target once complete. Errors of `produce` other than
    /// writing (a template's) come out as they are.
    func stream(to path: String?, _ produce: (inout FileDescriptorSink) throws -> Void) throws {
        guard let path else {
            var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
            do {
                return try produce(&sink)
            } catch let failure as FileDescriptorSink.Failure {
                throw Failure.cannotWrite("standard output", failure.description)
            }
        }
        let (target, temporary) = try destination(path)
        var descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw Failure.cannotWrite(path, String(cString: strerror(errno))) }
        do {
            var sink = FileDescriptorSink(descriptor: descriptor)
            try produce(&sink)
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0 else { throw FileDescriptorSink.Failure(code: errno) }
            guard rename(temporary.path, target.path) == 0 else { throw FileDescriptorSink.Failure(code: errno) }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            try? FileManager.default.removeItem(at: temporary)
            if let failure = error as? FileDescriptorSink.Failure { throw Failure.cannotWrite(path, failure.description) }
            throw error
        }
    }
}

extension OutputFile {
    /// Writes a file that must not exist yet, whole or not at all: the text goes to a
    /// temporary file, then a hard link gives it its name, which fails if the name is taken.
    func writeNew(_ text: String, to path: String) throws {
        let target = URL(fileURLWithPath: path).standardizedFileURL
        if FileManager.default.fileExists(atPath: target.path) { throw Failure.exists(path) }
        let temporary = target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent).pbl-\(ProcessInfo.processInfo.processIdentifier).tmp")
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary, options: [.withoutOverwriting])
        } catch {
            throw Failure.cannotWrite(path, (error as NSError).localizedDescription)
        }
        if link(temporary.path, target.path) != 0 {
            if errno == EEXIST { throw Failure.exists(path) }
            throw Failure.cannotWrite(path, String(cString: strerror(errno)))
        }
    }
}

/// The time printed into outputs (iCalendar DTSTAMP): SOURCE_DATE_EPOCH when set, so the
/// same input gives the same bytes (reproducible builds), else the clock.
enum OutputClock {
    static func now(environment: [String: String] = ProcessInfo.processInfo.environment) -> Date {
        if let epoch = environment["SOURCE_DATE_EPOCH"].flatMap(sourceDateEpoch) { return Date(timeIntervalSince1970: TimeInterval(epoch)) }
        return Date()
    }

    /// The latest time every output can write: 9999-12-31T23:59:59Z.
    static let latestEpoch = 253_402_300_799

    /// SOURCE_DATE_EPOCH as the reproducible-builds convention has it: whole seconds since
    /// 1970, in ASCII digits. `inf`, `1e300`, `nan` or a negative number is not one (and would
    /// print dates no calendar or PDF reader takes): nil.
    static func sourceDateEpoch(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 12, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int(text), value <= latestEpoch else { return nil }
        return value
    }

    /// `YYYYMMDDTHHMMSSZ`.
    static func iCalendarStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(c.year, 4))\(pad(c.month, 2))\(pad(c.day, 2))T\(pad(c.hour, 2))\(pad(c.minute, 2))\(pad(c.second, 2))Z"
    }
}
