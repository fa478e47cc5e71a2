import Foundation

/// The base protocol's framing: `Content-Length: N` headers, a blank line, N bytes of JSON.
/// Every size is bounded before anything is read into memory: a header line, the headers, a
/// body (a 16 MB buffer in JSON, with room to spare).
public struct MessageFraming: Sendable {
    public static let maxHeaderBytes = 8 << 10
    public static let maxBodyBytes = 48 << 20

    public enum Failure: Error, Equatable, Sendable {
        /// The stream ended (between messages: the client went away).
        case endOfInput
        case malformedHeader(String)
        case tooLarge(Int)
    }

    /// Reads one message's body from `read`, which fills a buffer and returns how many bytes it
    /// gave (0 at the end of the stream).
    public final class Reader {
        private let read: (UnsafeMutableRawBufferPointer) -> Int
        private var buffer: [UInt8] = []
        private var start = 0

        public init(read: @escaping (UnsafeMutableRawBufferPointer) -> Int) {
            self.read = read
        }

        /// Standard input, read with read(2).
        public static func standardInput() -> Reader {
            Reader { chunk in
                let count = Foundation.read(STDIN_FILENO, chunk.baseAddress, chunk.count)
                return max(0, count)
            }
        }

        private func fill() -> Bool {
            // What was read is dropped before more comes in: the buffer holds one message at most.
            if start > 0 && start == buffer.count {
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 1 << 20 {
                buffer.removeSubrange(0..<start)
                start = 0
            }
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            let count = chunk.withUnsafeMutableBytes { read($0) }
            guard count > 0 else { return false }
            buffer += chunk[..<count]
            return true
        }

        /// Whether a whole message is already read in, waiting: then the server may leave the
        /// check of a change for later, since the next message may change the text again.
        public var hasWaitingMessage: Bool {
            let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
            guard buffer.count - start >= 4 else { return false }
            var end = start
            while end + 4 <= buffer.count, !buffer[end..<end + 4].elementsEqual(separator) {
                end += 1
                if end - start > MessageFraming.maxHeaderBytes { return false }
            }
            guard end + 4 <= buffer.count else { return false }
            let headers = String(decoding: buffer[start..<end], as: UTF8.self).lowercased()
            guard let line = headers.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") }),
                  let length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) else { return false }
            return buffer.count - (end + 4) >= length
        }

        public func next() throws(Failure) -> [UInt8] {
            var length: Int?
            var headerBytes = 0
            while true {
                guard let line = try readLine(&headerBytes) else { throw .endOfInput }
                if line.isEmpty {
                    guard let length else { throw .malformedHeader("no Content-Length header") }
                    return try body(length)
                }
                let text = String(decoding: line, as: UTF8.self)
                guard let colon = text.firstIndex(of: ":") else { throw .malformedHeader(String(text.prefix(80))) }
                let name = text[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if name == "content-length" {
                    guard let parsed = Int(value), parsed >= 0 else { throw .malformedHeader("Content-Length: \(value.prefix(40))") }
                    guard parsed <= MessageFraming.maxBodyBytes else { throw .tooLarge(parsed) }
                    length = parsed
                }
            }
        }

        /// A header line without its CRLF, or nil at the end of the stream before any byte of it.
        private func readLine(_ headerBytes: inout Int) throws(Failure) -> [UInt8]? {
            var scanned = start
            while true {
                while scanned < buffer.count {
                    if buffer[scanned] == 0x0A {
                        var end = scanned
                        if end > start && buffer[end - 1] == 0x0D { end -= 1 }
                        let line = Array(buffer[start..<end])
                        headerBytes += scanned + 1 - start
                        start = scanned + 1
                        guard headerBytes <= MessageFraming.maxHeaderBytes else { throw .malformedHeader("headers over 8 KB") }
                        return line
                    }
                    scanned += 1
                }
                guard scanned - start + headerBytes <= MessageFraming.maxHeaderBytes else { throw .malformedHeader("headers over 8 KB") }
                // Filling may move what is unread to the front: scan on from the same place in it.
                let scannedPastStart = scanned - start
                guard fill() else {
                    if start == buffer.count { return nil }
                    throw .malformedHeader("the stream ended inside a header")
                }
                scanned = start + scannedPastStart
            }
        }

        private func body(_ length: Int) throws(Failure) -> [UInt8] {
            while buffer.count - start < length {
                guard fill() else { throw .endOfInput }
            }
            let body = Array(buffer[start..<start + length])
            start += length
            return body
        }
    }

    /// One message, framed.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}
