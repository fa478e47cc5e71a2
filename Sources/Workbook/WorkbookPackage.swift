import Foundation
import ZIPFoundation

/// The ZIP archive of a workbook: its directory read by ZIPFoundation, each part unpacked
/// with ZIPFoundation's inflate under a byte budget.
///
/// Parts are not unpacked with `Archive.extract`: on Linux its inflate loop asks for input
/// until the deflate stream says it has ended, and at the end of the archive its reader
/// hands back empty chunks, so a damaged or hand-made entry whose stream never ends spins
/// forever. Here the compressed bytes come from the entry's own span of the file, and asking
/// past them is an error.
struct WorkbookPackage {
    private let bytes: [UInt8]
    private let limits: WorkbookLimits
    private let entries: [String: Entry]
    /// Lowercased path to the path as stored: a few writers spell part names in another case.
    private let folded: [String: String]
    /// Where each entry's local header starts.
    private let localHeaders: [String: Int]

    init(bytes: [UInt8], limits: WorkbookLimits) throws(WorkbookError) {
        self.bytes = bytes
        self.limits = limits
        try Self.refuseOtherFormats(bytes)
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw WorkbookError(.damaged, "the workbook is damaged: its ZIP directory cannot be read", help: Workbook.resave)
        }
        var entries: [String: Entry] = [:]
        var folded: [String: String] = [:]
        for entry in archive {
            if entries.count == limits.maxEntries {
                throw WorkbookError(.tooLarge, "the workbook holds more than \(limits.maxEntries) files", help: Workbook.resave)
            }
            guard entry.type == .file else { continue }
            let path = entry.path.replacingOccurrences(of: "\\", with: "/")
            if entries[path] == nil { entries[path] = entry }
            if folded[path.lowercased()] == nil { folded[path.lowercased()] = path }
        }
        self.entries = entries
        self.folded = folded
        self.localHeaders = Self.localHeaders(bytes, named: Set(entries.keys))
    }

    /// Text, an old binary workbook or an encrypted one are not ZIP archives: say which.
    private static func refuseOtherFormats(_ bytes: [UInt8]) throws(WorkbookError) {
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return }
        if bytes.isEmpty {
            throw WorkbookError(.notAWorkbook, "the file is empty, not an .xlsx workbook", help: Workbook.resave)
        }
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            // Compound files: Excel 97-2003's .xls, and every password-protected .xlsx.
            throw WorkbookError(.notAWorkbook,
                                "this is an Excel 97-2003 workbook (.xls) or a password-protected one, not an .xlsx workbook",
                                help: "in Excel: File → Save As → Excel Workbook (.xlsx), with no password to open it")
        }
        let head = bytes.prefix(4096)
        let looksLikeText = !head.contains(0) && head.contains { [0x2C, 0x3B, 0x09, 0x0A].contains($0) }
        if looksLikeText {
            throw WorkbookError(.notAWorkbook, "this is a text file (CSV?), not an .xlsx workbook",
                                help: "if it is CSV, name it with .csv (`roster: roster.csv`); or open it in Excel and save it as an Excel Workbook (.xlsx)")
        }
        throw WorkbookError(.notAWorkbook, "not an .xlsx workbook: an .xlsx file is a ZIP archive, and this one is not",
                            help: Workbook.resave)
    }

    /// Finds each local file header (`PK\3\4`, then the name at byte 30) of the named entries;
    /// the first of each name wins, as in the directory.
    private static func localHeaders(_ bytes: [UInt8], named names: Set<String>) -> [String: Int] {
        var found: [String: Int] = [:]
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            let count = buffer.count
            while index + 30 <= count {
                if buffer[index] == 0x50, buffer[index + 1] == 0x4B, buffer[index + 2] == 0x03, buffer[index + 3] == 0x04 {
                    let nameLength = Int(buffer[index + 26]) | Int(buffer[index + 27]) << 8
                    if nameLength > 0, index + 30 + nameLength <= count {
                        let name = String(decoding: UnsafeBufferPointer(rebasing: buffer[(index + 30)..<(index + 30 + nameLength)]), as: UTF8.self)
                            .replacingOccurrences(of: "\\", with: "/")
                        if names.contains(name), found[name] == nil { found[name] = index }
                    }
                }
                index += 1
            }
        }
        return found
    }

    func has(_ path: String) -> Bool { stored(path) != nil }

    private func stored(_ path: String) -> String? {
        entries[path] != nil ? path : folded[path.lowercased()]
    }

    /// The bytes of one part, unpacked within the limits.
    func part(_ path: String, what: String) throws(WorkbookError) -> [UInt8] {
        guard let name = stored(path), let entry = entries[name], let header = localHeaders[name] else {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(what) (\(path)) is missing", help: Workbook.resave)
        }
        let maxBytes = limits.maxPartBytes
        if entry.uncompressedSize > UInt64(maxBytes) {
            throw tooLarge(what, size: entry.uncompressedSize)
        }
        let nameLength = Int(bytes[header + 26]) | Int(bytes[header + 27]) << 8
        let extraLength = Int(bytes[header + 28]) | Int(bytes[header + 29]) << 8
        let method = Int(bytes[header + 8]) | Int(bytes[header + 9]) << 8
        let start = header + 30 + nameLength + extraLength
        guard entry.compressedSize <= UInt64(bytes.count), start + Int(entry.compressedSize) <= bytes.count else {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(what) is cut off", help: Workbook.resave)
        }
        let end = start + Int(entry.compressedSize)
        let output: [UInt8]
        switch method {
        case 0:
            if end - start > maxBytes { throw tooLarge(what, size: UInt64(end - start)) }
            output = Array(bytes[start..<end])
        case 8:
            output = try inflate(start..<end, what: what)
        default:
            throw WorkbookError(.damaged, "the workbook's \(what) is compressed with ZIP method \(method), which pbl does not read",
                                help: Workbook.resave)
        }
        if Data(output).crc32(checksum: 0) != entry.checksum {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(what) fails its checksum", help: Workbook.resave)
        }
        return output
    }

    private struct OverBudget: Error {}
    private struct EndOfInput: Error {}

    private func inflate(_ span: Range<Int>, what: String) throws(WorkbookError) -> [UInt8] {
        // A zip bomb unpacks to hundreds of times its size; XML sheets to 5 to 30 times.
        let budget = min(limits.maxPartBytes, max(1 << 20, span.count.multipliedReportingOverflow(by: limits.maxCompressionRatio).partialValue))
        let chunkSize = 64 << 10
        var output: [UInt8] = []
        var offset = span.lowerBound
        let bytes = self.bytes
        do {
            _ = try Data.decompress(size: Int64(span.count), bufferSize: chunkSize, skipCRC32: true, provider: { _, size in
                guard offset < span.upperBound else { throw EndOfInput() }
                let take = min(size, span.upperBound - offset)
                // Always the full chunk asked for: ZIPFoundation's Linux inflate gives zlib
                // the chunk size, not the chunk's length. Zeros after the end are past the
                // stream's end, or make a broken stream fail.
                var chunk = Data(bytes[offset..<(offset + take)])
                if take < size { chunk.append(Data(count: size - take)) }
                offset += take
                return chunk
            }, consumer: { data in
                output.append(contentsOf: data)
                if output.count > budget { throw OverBudget() }
            })
        } catch is OverBudget {
            if output.count > limits.maxPartBytes {
                throw tooLarge(what, size: UInt64(output.count))
            }
            throw WorkbookError(.tooLarge, "the workbook's \(what) unpacks to over \(limits.maxCompressionRatio) times its packed size (a zip bomb?)",
                                help: Workbook.resave)
        } catch is EndOfInput {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(what) is cut off", help: Workbook.resave)
        } catch {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(what) cannot be unpacked", help: Workbook.resave)
        }
        return output
    }

    private func tooLarge(_ what: String, size: UInt64) -> WorkbookError {
        WorkbookError(.tooLarge, "the workbook's \(what) is over \(limits.maxPartBytes >> 20) MB once unpacked",
                      help: "a roster needs one sheet of names: copy it into a new workbook, or save it as CSV UTF-8")
    }
}
