import Foundation

/// Where a rendered document goes, in order: a document of thousands of checklists is
/// written as it is put together, from the rendered pieces it repeats, rather than joined
/// into one string first.
public protocol OutputSink {
    /// Writes the bytes (valid only during the call).
    mutating func write(_ bytes: UnsafeRawBufferPointer) throws

    /// Says how many bytes are coming, before they are written.
    mutating func reserve(_ byteCount: Int)
}

extension OutputSink {
    public mutating func reserve(_ byteCount: Int) {}

    public mutating func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in try write(UnsafeRawBufferPointer(bytes)) }
    }
}

/// Collects the document in memory.
public struct MemorySink: OutputSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        self.bytes.append(contentsOf: bytes)
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to an open file descriptor.
public struct FileDescriptorSink: OutputSink {
    /// A failed system call, by its errno.
    public struct Failure: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }

        public init(code: Int32) {
            self.code = code
        }
    }

    public let descriptor: Int32

    public init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
        var rest = bytes
        while !rest.isEmpty {
            let written = Glibc.write(descriptor, rest.baseAddress, rest.count)
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            // A short write (a pipe, a full disk): go on from the rest.
            if written == 0 { throw Failure(code: EIO) }
            rest = UnsafeRawBufferPointer(rebasing: rest[written...])
        }
    }

    /// Allocates a regular file's blocks up front (`fallocate`, keeping the size): ext4 then
    /// need not allocate them all when the file is renamed over an older one, which is how
    /// output is written (a third less time writing and renaming 65 MB). A hint: failures
    /// are ignored.
    public mutating func reserve(_ byteCount: Int) {
        var status = stat()
        guard byteCount > 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG,
              let fallocate = Self.fallocate else { return }
        _ = fallocate(descriptor, Self.keepSize, 0, byteCount)
    }

    /// fallocate(2), which Swift's Glibc module does not declare; FALLOC_FL_KEEP_SIZE.
    private static let fallocate: (@convention(c) (Int32, Int32, Int, Int) -> Int32)? = {
        dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate").map { unsafeBitCast($0, to: (@convention(c) (Int32, Int32, Int, Int) -> Int32).self) }
    }()
    private static let keepSize: Int32 = 1
}
