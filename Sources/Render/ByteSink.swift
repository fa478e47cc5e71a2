import Foundation

/// Where a rendered document goes, part by part, in order: a document of thousands of
/// checklists is written as it is put together, from the rendered pieces it repeats, rather
/// than joined into one string first.
public protocol ByteSink {
    /// Writes the parts in order. They are valid only during the call.
    mutating func write(_ parts: [UnsafeRawBufferPointer]) throws
}

extension ByteSink {
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
