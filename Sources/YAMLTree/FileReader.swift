#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read: an I/O failure, not a problem in its text.
public struct FileReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case notFound, isDirectory, permissionDenied, notRegularFile
        case other(Int32)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .notFound: "cannot read \(path): no such file"
        case .isDirectory: "cannot read \(path): it is a folder"
        case .permissionDenied: "cannot read \(path): permission denied"
        case .notRegularFile: "cannot read \(path): not a regular file"
        case .other(let code): "cannot read \(path): \(String(cString: strerror(code)))"
        }
    }
}

/// Reads whole files, refusing ones over the size limit before reading them.
public enum FileReader {
    public enum Outcome: Sendable {
        case bytes([UInt8])
        /// The file is over `limits.maxInputBytes`; its text was not read.
        case tooLarge(YAMLError)
    }

    public static func read(_ path: String, limits: YAMLLimits = .default) throws(FileReadError) -> Outcome {
        // Non-blocking, so that opening a FIFO returns at once (and is refused below) instead
        // of waiting for a writer that never comes; reads of a regular file are unaffected.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { throw failure(path, errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw failure(path, errno) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw FileReadError(path: path, reason: .isDirectory) }
        guard type == S_IFREG else { throw FileReadError(path: path, reason: .notRegularFile) }
        let size = Int(info.st_size)
        if size > limits.maxInputBytes {
            return .tooLarge(YAMLError(
                .inputTooLarge,
                describeExcess(size, over: limits.maxInputBytes) { "file is \($0), over the input size limit of \($1)" },
                at: .fileStart,
                help: "split the file; project files are usually a few kilobytes"
            ))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = bytes.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress! + filled, size - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            if count == 0 { break }
            filled += count
        }
        // A file that shrank while we read it: keep what is there.
        if filled < size { bytes.removeSubrange(filled...) }
        return .bytes(bytes)
    }

    private static func failure(_ path: String, _ code: Int32) -> FileReadError {
        switch code {
        case ENOENT, ENOTDIR: FileReadError(path: path, reason: .notFound)
        case EISDIR: FileReadError(path: path, reason: .isDirectory)
        case EACCES, EPERM: FileReadError(path: path, reason: .permissionDenied)
        default: FileReadError(path: path, reason: .other(code))
        }
    }
}

#if canImport(Glibc)
private let systemRead = Glibc.read
#else
private let systemRead = Darwin.read
#endif
