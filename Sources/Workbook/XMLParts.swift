import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What reads one XML part: told of elements (by local name, so `x:row` is `row`) and text,
/// and free to stop the parse with an error at any of them.
protocol PartHandler {
    associatedtype Result
    mutating func start(_ name: String, _ attributes: [String: String]) throws(WorkbookError)
    mutating func text(_ text: String) throws(WorkbookError)
    mutating func end(_ name: String) throws(WorkbookError)
    mutating func finish() throws(WorkbookError) -> Result
}

/// Foundation's XMLParser, streaming (SAX): a part is read element by element, so the limits
/// are checked as it goes and the parse stops at the first one passed, with no tree built.
enum XMLParts {
    static func parse<Handler: PartHandler>(_ bytes: [UInt8], part: String, limits: WorkbookLimits,
                                            with handler: inout Handler) throws(WorkbookError) -> Handler.Result {
        // Entities are declared in a DTD, and no spreadsheet program writes one: refusing it
        // rules out entity expansion (a billion laughs) and external entities alike.
        if contains(bytes, Array("<!DOCTYPE".utf8)) || contains(bytes, Array("<!ENTITY".utf8)) {
            throw WorkbookError(.damaged, "the workbook's \(part) declares a DOCTYPE, which spreadsheet programs never write",
                                help: Workbook.resave)
        }
        let delegate = Delegate(handler, maxDepth: limits.maxDepth)
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let parsed = parser.parse()
        if let failure = delegate.failure { throw failure }
        if !parsed {
            throw WorkbookError(.damaged, "the workbook is damaged: its \(part) is not well-formed XML (line \(parser.lineNumber))",
                                help: Workbook.resave)
        }
        handler = delegate.handler
        return try handler.finish()
    }

    private static func contains(_ bytes: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var index = 0
        while let found = bytes[index...].firstIndex(of: first) {
            if found + needle.count > bytes.count { return false }
            if bytes[found..<(found + needle.count)].elementsEqual(needle) { return true }
            index = found + 1
        }
        return false
    }

    /// The attribute `name` with or without a namespace prefix (`r:id` is `id`).
    static func attribute(_ name: String, in attributes: [String: String]) -> String? {
        if let value = attributes[name] { return value }
        let suffix = ":" + name
        return attributes.first { $0.key.hasSuffix(suffix) }?.value
    }

    /// Text as OOXML stores it: `_x000D_` is a carriage return (ECMA-376 ST_Xstring), and
    /// `_x005F_` a literal underscore before such a code.
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "_", index + 6 < scalars.count, scalars[index + 1] == "x", scalars[index + 6] == "_" {
                let hex = String(String.UnicodeScalarView(scalars[(index + 2)..<(index + 6)]))
                if let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
                    out.append(scalar)
                    index += 7
                    continue
                }
            }
            out.append(scalars[index])
            index += 1
        }
        return String(out)
    }

    private final class Delegate<Handler: PartHandler>: NSObject, XMLParserDelegate {
        var handler: Handler
        var failure: WorkbookError?
        private var depth = 0
        private let maxDepth: Int

        init(_ handler: Handler, maxDepth: Int) {
            self.handler = handler
            self.maxDepth = maxDepth
        }

        private func fail(_ parser: XMLParser, _ error: WorkbookError) {
            if failure == nil { failure = error }
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            guard failure == nil else { return }
            depth += 1
            if depth > maxDepth {
                return fail(parser, WorkbookError(.tooLarge, "the workbook's XML is nested more than \(maxDepth) elements deep",
                                                  help: Workbook.resave))
            }
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            do { try handler.start(name, attributes) } catch { fail(parser, error) }
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            guard failure == nil else { return }
            depth -= 1
            let name = elementName.split(separator: ":").last.map(String.init) ?? elementName
            do { try handler.end(name) } catch { fail(parser, error) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard failure == nil else { return }
            do { try handler.text(string) } catch { fail(parser, error) }
        }

        func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
            guard failure == nil else { return }
            do { try handler.text(String(decoding: CDATABlock, as: UTF8.self)) } catch { fail(parser, error) }
        }
    }
}

/// `[Content_Types]`-free navigation: `_rels/.rels` names the workbook part, the workbook's
/// relationships name its sheets and shared strings.
struct RelationshipsReader: PartHandler {
    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    var relationships: [Relationship] = []

    mutating func start(_ name: String, _ attributes: [String: String]) throws(WorkbookError) {
        guard name == "Relationship", let id = attributes["Id"], let target = attributes["Target"] else { return }
        if attributes["TargetMode"] == "External" { return }
        relationships.append(Relationship(id: id, type: attributes["Type"] ?? "", target: target))
    }

    mutating func text(_ text: String) throws(WorkbookError) {}
    mutating func end(_ name: String) throws(WorkbookError) {}
    mutating func finish() throws(WorkbookError) -> [Relationship] { relationships }
}

/// The `<sheets>` of workbook.xml, in tab order.
struct SheetListReader: PartHandler {
    var sheets: [(name: String, relationship: String)] = []

    mutating func start(_ name: String, _ attributes: [String: String]) throws(WorkbookError) {
        guard name == "sheet", let sheet = attributes["name"], let id = XMLParts.attribute("id", in: attributes) else { return }
        sheets.append((sheet, id))
    }

    mutating func text(_ text: String) throws(WorkbookError) {}
    mutating func end(_ name: String) throws(WorkbookError) {}
    mutating func finish() throws(WorkbookError) -> [(name: String, relationship: String)] { sheets }
}

/// sharedStrings.xml: each `<si>` is one string, plain (`<t>`) or rich (runs of `<r><t>`);
/// phonetic guides (`<rPh>`) are not part of the text.
struct SharedStringsReader: PartHandler {
    let limits: WorkbookLimits
    var strings: [String] = []
    private var current = ""
    private var inItem = false
    private var inText = false
    private var phonetic = 0

    init(limits: WorkbookLimits) {
        self.limits = limits
    }

    mutating func start(_ name: String, _ attributes: [String: String]) throws(WorkbookError) {
        switch name {
        case "si":
            inItem = true
            current = ""
        case "rPh": phonetic += 1
        case "t" where inItem && phonetic == 0: inText = true
        default: break
        }
    }

    mutating func text(_ text: String) throws(WorkbookError) {
        guard inText else { return }
        current += text
        if current.utf8.count > limits.maxCellBytes {
            throw WorkbookError(.tooLarge, "a text in the workbook is longer than \(limits.maxCellBytes >> 10) KB",
                                help: "roster cells are short: check for text pasted into one cell by mistake")
        }
    }

    mutating func end(_ name: String) throws(WorkbookError) {
        switch name {
        case "t": inText = false
        case "rPh": phonetic -= 1
        case "si":
            inItem = false
            strings.append(XMLParts.unescape(current))
            if strings.count > limits.maxSharedStrings {
                throw WorkbookError(.tooLarge, "the workbook holds more than \(limits.maxSharedStrings) texts", help: Workbook.resave)
            }
        default: break
        }
    }

    mutating func finish() throws(WorkbookError) -> [String] { strings }
}
