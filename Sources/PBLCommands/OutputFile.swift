import ArgumentParser
import Foundation
import Render

/// Writes command output: to standard output, or to a file. A regular file (or a new one) is
/// replaced atomically (a temporary file in the same folder, then a rename) and keeps the mode
/// it had; a device or a FIFO (`/dev/null`, a pipe) is written into, never replaced; a
/// symbolic link is refused rather than followed or replaced; no input file is ever written
/// over; a temporary file is removed on failure and on SIGINT or SIGTERM.
struct OutputFile {
    enum Failure: Error, CustomStringConvertible {
        case wouldOverwriteInput(String)
        case cannotWrite(String, String)
        case exists(String)
        case isLink(String)

        var description: String {
            switch self {
            case .wouldOverwriteInput(let path): "refusing to write over the input file \(path)"
            case .cannotWrite(let path, let reason): "cannot write \(path): \(reason)"
            case .exists(let path): "\(path) already exists; pbl does not overwrite it (choose another name, or remove it first)"
            case .isLink(let path): "\(path) is a symbolic link; pbl does not write through links (name the file itself)"
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
        try stream(to: path) { sink in
            try data.withUnsafeBytes { try sink.write($0) }
        }
    }

    /// What is at `path` now, without following a link.
    private enum Existing {
        case missing
        case regular(mode: mode_t)
        case link, directory
        /// A character or block device, a FIFO or a socket: written into, never replaced.
        case special
    }

    private static func existing(_ path: String) -> Existing {
        var info = stat()
        guard lstat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(mode: info.st_mode & 0o7777)
        case S_IFLNK: return .link
        case S_IFDIR: return .directory
        default: return .special
        }
    }

    /// Refuses the inputs, links and folders; the target otherwise.
    private func check(_ path: String) throws -> Existing {
        let target = URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath()
        for input in inputs where URL(fileURLWithPath: input).standardizedFileURL.resolvingSymlinksInPath() == target {
            throw Failure.wouldOverwriteInput(input)
        }
        let existing = Self.existing(path)
        switch existing {
        case .link: throw Failure.isLink(path)
        case .directory: throw Failure.cannotWrite(path, "it is a folder")
        default: return existing
        }
    }

    private static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).pbl-\(getpid()).tmp").path
    }

    /// A document too large to hold twice (every checklist of a class) written as it is put
    /// together: what `produce` writes goes to standard output, into a device or FIFO, or to a
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
        let existing = try check(path)
        if case .special = existing {
            let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            guard descriptor >= 0 else { throw Failure.cannotWrite(path, String(cString: strerror(errno))) }
            defer { close(descriptor) }
            var sink = FileDescriptorSink(descriptor: descriptor)
            do { return try produce(&sink) } catch let failure as FileDescriptorSink.Failure {
                throw Failure.cannotWrite(path, failure.description)
            }
        }
        let temporary = Self.temporaryPath(for: path)
        // Registered before it exists: a signal between creating and registering would leave it.
        let slot = TemporaryFiles.register(temporary)
        defer { TemporaryFiles.unregister(slot) }
        var descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotWrite(path, String(cString: strerror(errno))) }
        do {
            var sink = FileDescriptorSink(descriptor: descriptor)
            try produce(&sink)
            // The file it replaces keeps its mode (a roster export made 600 stays 600); a new
            // file gets the usual 666 less the umask.
            let mode: mode_t
            if case .regular(let old) = existing { mode = old } else { mode = 0o666 & ~Self.umaskValue }
            guard fchmod(descriptor, mode) == 0 else { throw FileDescriptorSink.Failure(code: errno) }
            let closed = close(descriptor)
            descriptor = -1
            guard closed == 0 else { throw FileDescriptorSink.Failure(code: errno) }
            guard rename(temporary, path) == 0 else { throw FileDescriptorSink.Failure(code: errno) }
        } catch {
            if descriptor >= 0 { close(descriptor) }
            unlink(temporary)
            if let failure = error as? FileDescriptorSink.Failure { throw Failure.cannotWrite(path, failure.description) }
            throw error
        }
    }

    /// The process's umask, read by setting it and putting it back.
    static var umaskValue: mode_t {
        let value = umask(0o022)
        umask(value)
        return value
    }
}

/// Why a Foundation call failed, as the system says it ("Permission denied"), rather than
/// Foundation's own sentence with the file's URL in it.
enum SystemReason {
    static func of(_ error: Error) -> String {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(error.code))) }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch CocoaError.Code(rawValue: error.code) {
        case .fileWriteNoPermission, .fileReadNoPermission: return String(cString: strerror(EACCES))
        case .fileNoSuchFile, .fileReadNoSuchFile: return String(cString: strerror(ENOENT))
        case .fileWriteOutOfSpace: return String(cString: strerror(ENOSPC))
        case .fileWriteVolumeReadOnly: return String(cString: strerror(EROFS))
        case .fileWriteFileExists: return String(cString: strerror(EEXIST))
        default: return "the system refused (\(error.domain) \(error.code))"
        }
    }
}

/// Temporary files being written, removed if the process is interrupted: a render stopped by
/// Ctrl-C leaves no hidden copies of students' data beside its outputs. The handler only calls
/// unlink, which is safe in a signal handler, over paths copied into C memory beforehand.
enum TemporaryFiles {
    static let capacity = 64
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    nonisolated(unsafe) static var lock = pthread_mutex_t()
    nonisolated(unsafe) static var installed = false

    /// A slot to unregister, or -1 when all are taken (the file is then removed only on failure).
    static func register(_ path: String) -> Int {
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        installHandlers()
        for index in 0..<capacity where slots[index] == nil {
            slots[index] = strdup(path)
            return index
        }
        return -1
    }

    /// Called at the start of every run, and again (harmlessly) on the first file.
    static func installHandlers() {
        guard !installed else { return }
        installed = true
        for signal in [SIGINT, SIGTERM, SIGHUP] { Glibc.signal(signal, removeAndRaise) }
    }

    static func unregister(_ slot: Int) {
        guard slot >= 0 else { return }
        pthread_mutex_lock(&lock)
        defer { pthread_mutex_unlock(&lock) }
        free(slots[slot])
        slots[slot] = nil
    }

    private static let removeAndRaise: @convention(c) (Int32) -> Void = { signal in
        for index in 0..<TemporaryFiles.capacity {
            if let path = TemporaryFiles.slots[index] { unlink(path) }
        }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}

/// Standard output and error written with write(2): FileHandle's write traps on a full disk
/// or a closed pipe, which would make `pbl validate | head` a crash.
enum StandardStreams {
    /// Writes to standard output; on failure says why and stops with exit status 3.
    static func out(_ text: String) throws {
        try out(Data(text.utf8))
    }

    static func out(_ data: Data) throws {
        var sink = FileDescriptorSink(descriptor: STDOUT_FILENO)
        do {
            try data.withUnsafeBytes { try sink.write($0) }
        } catch {
            err("pbl: error: cannot write to standard output: \(error)\n")
            throw ExitCode(Status.io)
        }
    }

    /// Writes to standard error; a failure there has nowhere to be told.
    static func err(_ text: String) {
        var sink = FileDescriptorSink(descriptor: STDERR_FILENO)
        Data(text.utf8).withUnsafeBytes { try? sink.write($0) }
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
        let slot = TemporaryFiles.register(temporary.path)
        defer { TemporaryFiles.unregister(slot) }
        defer { try? FileManager.default.removeItem(at: temporary) }
        do {
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: temporary, options: [.withoutOverwriting])
        } catch {
            throw Failure.cannotWrite(path, SystemReason.of(error))
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
}
