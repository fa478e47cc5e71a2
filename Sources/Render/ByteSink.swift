import Foundation

/// Where a rendered document goes, part by part, in order: a document of thousands of
/// checklists is written as it is put together, from the rendered pieces it repeats, rather
/// than joined into one string first.
public protocol ByteSink {
    /// Writes the parts in order. They are valid only during the call.
    mutating func write(_ parts: [UnsafeRawBufferPointer]) throws

    /// Says how many bytes are coming, before they are written.
    mutating func reserve(_ byteCount: Int)
}

extension ByteSink {
    public mutating func reserve(_ byteCount: Int) {}

    public mutating func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in try write([UnsafeRawBufferPointer(bytes)]) }
    }
}

/// Collects the document in memory.
public struct BytesSink: ByteSink {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func write(_ parts: [UnsafeRawBufferPointer]) throws {
        for part in parts { bytes.append(contentsOf: part) }
    }

    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Writes to an open file descriptor with `writev`: the parts go from where they are to the
/// kernel, without being copied into one buffer first.
public struct FileDescriptorSink: ByteSink {
    /// A failed system call, by its errno.
    public struct Failure: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { String(cString: strerror(code)) }

        public init(code: Int32) {
            self.code = code
        }
    }

    public let descriptor: Int32
    private var vectors: [iovec] = []
    /// IOV_MAX on Linux (not exported to Swift): the most parts one `writev` takes.
    static let maxVectors = 1024

    public init(descriptor: Int32) {
        self.descriptor = descriptor
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

    public mutating func write(_ parts: [UnsafeRawBufferPointer]) throws {
        vectors.removeAll(keepingCapacity: true)
        for part in parts where part.count > 0 {
            vectors.append(iovec(iov_base: UnsafeMutableRawPointer(mutating: part.baseAddress), iov_len: part.count))
        }
        var first = 0
        while first < vectors.count {
            let count = min(vectors.count - first, Self.maxVectors)
            let written = vectors.withUnsafeBufferPointer { writev(descriptor, $0.baseAddress! + first, Int32(count)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(code: errno)
            }
            if written == 0 { throw Failure(code: EIO) }
            // A short write (a pipe, a full disk): skip what went, go on from the rest.
            var left = written
            while left > 0, first < vectors.count {
                if left >= vectors[first].iov_len {
                    left -= vectors[first].iov_len
                    first += 1
                } else {
                    vectors[first].iov_base += left
                    vectors[first].iov_len -= left
                    left = 0
                }
            }
        }
    }
}
