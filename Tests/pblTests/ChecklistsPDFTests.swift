import Foundation
import XCTest

/// `pbl checklists --format pdf`, read back by real PDF tools: qpdf checks the file, poppler
/// counts pages, lists fonts, extracts the text and draws the first page (compared with a
/// golden PNG). Run with `PBL_UPDATE_GOLDENS=1` to rewrite the PNGs, then look at them.
final class ChecklistsPDFTests: XCTestCase {
    static let goldens = CLI.packageRoot.appendingPathComponent("Tests/pblTests/Goldens/pdf")
    static let epoch = ["SOURCE_DATE_EPOCH": "1800000000"]
    var updating: Bool { ProcessInfo.processInfo.environment["PBL_UPDATE_GOLDENS"] == "1" }

    /// Every example, both papers, student and teacher versions: valid, fonts embedded, every
    /// page headed with its one student, and every name, item title and reflection prompt findable as text.
    func testExamplePDFsAreValidSearchableAndEveryPageNamesItsStudent() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for (example, paper) in [("mill-creek", "letter"), ("op-ed-workshop", "letter"), ("playground-design", "a4")] {
            let file = "examples/\(example)/\(example).yaml"
            let pdf = directory.appendingPathComponent("\(example).pdf")
            let run = try CLI.run(["checklists", file, "--format", "pdf", "--paper", paper, "-o", pdf.path])
            XCTAssertEqual(run.status, 0, run.stderr)
            try PDFTools.assertValidWithEmbeddedFonts(pdf)
            let expected = try Self.printedWords(file)
            try PDFTools.assertPagesPerStudent(pdf, expected.students, example)
            XCTAssertTrue(try PDFTools.info(pdf).contains(paper == "a4" ? "(A4)" : "(letter)"))
            let text = try PDFTools.text(pdf)
            for words in expected.students + expected.items {
                XCTAssertTrue(text.contains(PDFTools.normalized(words)), "\(example): `\(words)` is not in the PDF's text")
            }
            let sheets = directory.appendingPathComponent("\(example).teacher.pdf")
            let teacher = try CLI.run(["checklists", file, "--format", "pdf", "--teacher", "--paper", paper, "-o", sheets.path])
            XCTAssertEqual(teacher.status, 0, teacher.stderr)
            try PDFTools.assertValidWithEmbeddedFonts(sheets)
            let sheetText = try PDFTools.text(sheets)
            for name in expected.students { XCTAssertTrue(sheetText.contains(PDFTools.normalized(name)), name) }
        }
    }

    func testNamesInEveryScriptAreShapedFoundAndSearchable() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = try ChecklistsCommandTests.writeNamesProject(in: directory)
        let pdf = directory.appendingPathComponent("names.pdf")
        let run = try CLI.run(["checklists", path, "--format", "pdf", "-o", pdf.path])
        XCTAssertEqual(run.status, 0, run.stderr)
        try PDFTools.assertValidWithEmbeddedFonts(pdf)
        XCTAssertEqual(try PDFTools.pageCount(pdf), 4)
        // Text comes back in logical order (the Arabic as typed, not as drawn), the HTML-looking
        // name as the characters it is, the long goal whole across its wrapped lines.
        let text = try PDFTools.text(pdf)
        for words in ChecklistsCommandTests.names + [ChecklistsCommandTests.longGoal, "What did you learn?", "Plan"] {
            XCTAssertTrue(text.contains(PDFTools.normalized(words)), "`\(words)` is not in \(text)")
        }
        // Arabic and CJK letters came from fonts that have them (fontconfig's fallback).
        let fonts = try PDFTools.run("pdffonts", [pdf.path]).output
        XCTAssertTrue(fonts.contains("NotoSansArabic"), fonts)
        XCTAssertTrue(fonts.contains("NotoSansCJK"), fonts)
        XCTAssertEqual(try PDFTools.outline(pdf), ChecklistsCommandTests.names)
    }

    func testTheSameInputGivesTheSameBytesWithTheDateFromSourceDateEpoch() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var files: [Data] = []
        for run in 1...2 {
            let pdf = directory.appendingPathComponent("run\(run).pdf")
            let result = try CLI.run(["checklists", "examples/op-ed-workshop/op-ed-workshop.yaml", "--format", "pdf", "-o", pdf.path],
                                     environment: Self.epoch)
            XCTAssertEqual(result.status, 0, result.stderr)
            files.append(try Data(contentsOf: pdf))
        }
        XCTAssertEqual(files[0], files[1], "two runs on the same input give different bytes")
        let pdf = directory.appendingPathComponent("run1.pdf")
        let info = try PDFTools.info(pdf)
        XCTAssertTrue(info.contains("CreationDate:    Fri Jan 15 08:00:00 2027 UTC\n"), info)
        XCTAssertTrue(info.contains("ModDate:         Fri Jan 15 08:00:00 2027 UTC\n"), info)
        XCTAssertTrue(info.contains("Title:           Whose voice counts? Op-eds for the local paper: checklists\n"), info)
    }

    /// The first page of each example, drawn at 50 dpi, against a golden PNG (a few pixels
    /// may differ: anti-aliasing is not part of what is tested).
    func testFirstPagesMatchTheGoldenImages() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for example in ScheduleCommandTests.examples {
            let pdf = directory.appendingPathComponent("\(example).pdf")
            let run = try CLI.run(["checklists", "examples/\(example)/\(example).yaml", "--format", "pdf", "-o", pdf.path], environment: Self.epoch)
            XCTAssertEqual(run.status, 0, run.stderr)
            let image = directory.appendingPathComponent(example)
            let drawn = try PDFTools.run("pdftoppm", ["-r", "50", "-gray", "-png", "-f", "1", "-l", "1", "-singlefile", pdf.path, image.path])
            XCTAssertEqual(drawn.status, 0, drawn.output)
            let golden = Self.goldens.appendingPathComponent("\(example).png")
            if updating {
                try FileManager.default.createDirectory(at: Self.goldens, withIntermediateDirectories: true)
                try? FileManager.default.removeItem(at: golden)
                try FileManager.default.copyItem(at: image.appendingPathExtension("png"), to: golden)
            }
            let compared = try PDFTools.comparePNG(image.appendingPathExtension("png"), golden)
            XCTAssertEqual(compared.size, compared.goldenSize, "\(example): the page changed size")
            XCTAssertLessThan(compared.differing, compared.total / 400, "\(example): \(compared.differing) of \(compared.total) pixels differ from \(golden.path)")
        }
    }

    func testAFolderGetsAFilePerStudentAndATerminalGetsNoBytes() throws {
        let directory = try CLI.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("out").path + "/"
        let run = try CLI.run(["checklists", "examples/mill-creek/mill-creek.yaml", "--format", "pdf", "-o", folder])
        XCTAssertEqual(run.status, 0, run.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        XCTAssertEqual(files, ["s01-ana-lopez.pdf", "s02-ben-okafor.pdf", "s03-chen-wei.pdf", "s04-dana-kowalski.pdf"])
        for (file, name) in zip(files, ["Ana López", "Ben Okafor", "Chen Wei", "Dana Kowalski"]) {
            let url = URL(fileURLWithPath: folder + file)
            try PDFTools.assertValidWithEmbeddedFonts(url)
            try PDFTools.assertPagesPerStudent(url, [name], file)
        }
        // Into a pipe, the bytes go to standard output; onto a terminal, they do not.
        let piped = try CLI.run(["checklists", "examples/mill-creek/mill-creek.yaml", "--format", "pdf", "--student", "s01"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.hasPrefix("%PDF-1.5"))
        let script = try XCTUnwrap(SchemaAndExamplesTests.which("script"), "script (util-linux) is missing")
        let command = "\(CLI.binary.path) checklists examples/mill-creek/mill-creek.yaml --format pdf"
        let terminal = try SchemaAndExamplesTests.run(script, ["-qec", command, "/dev/null"])
        XCTAssertEqual(terminal.status, 2, terminal.output)
        XCTAssertTrue(terminal.output.contains("-o FILE.pdf"), terminal.output)
        XCTAssertFalse(terminal.output.contains("%PDF"), terminal.output)
    }

    /// What the checklists must show, from `pbl schedule --format json`: every student's name,
    /// and the title of every item (milestone or reflection prompt) some student has.
    static func printedWords(_ file: String) throws -> (students: [String], items: [String]) {
        let run = try CLI.run(["schedule", file, "--format", "json"])
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        var students: [String] = [], items: [String] = []
        for section in json["sections"] as? [[String: Any]] ?? [] {
            var titles: [String: String] = [:]
            for cycle in section["cycles"] as? [[String: Any]] ?? [] {
                for item in cycle["items"] as? [[String: Any]] ?? [] {
                    titles[item["id"] as? String ?? ""] = item["title"] as? String
                }
            }
            for student in section["students"] as? [[String: Any]] ?? [] {
                students.append(student["name"] as? String ?? "")
                for item in student["items"] as? [[String: Any]] ?? [] {
                    if let title = titles[item["id"] as? String ?? ""], !items.contains(title) { items.append(title) }
                }
            }
        }
        return (students, items)
    }
}

/// Poppler and qpdf, run on a PDF file.
enum PDFTools {
    static func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = try XCTUnwrap(SchemaAndExamplesTests.which(tool), "\(tool) is missing: run scripts/bootstrap")
        return try SchemaAndExamplesTests.run(path, arguments)
    }

    static func info(_ file: URL) throws -> String { try run("pdfinfo", [file.path]).output }

    static func pageCount(_ file: URL) throws -> Int {
        let line = try info(file).split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)) ?? -1
    }

    /// qpdf finds no errors, and pdffonts lists only embedded (and subset) fonts.
    static func assertValidWithEmbeddedFonts(_ file: URL, line: UInt = #line) throws {
        let check = try run("qpdf", ["--check", file.path])
        XCTAssertEqual(check.status, 0, check.output, line: line)
        XCTAssertTrue(check.output.contains("No syntax or stream encoding errors found"), check.output, line: line)
        let fonts = try run("pdffonts", [file.path])
        XCTAssertEqual(fonts.status, 0, fonts.output, line: line)
        let rows = fonts.output.split(separator: "\n").dropFirst(2)
        XCTAssertFalse(rows.isEmpty, fonts.output, line: line)
        for row in rows {
            // `name type encoding emb sub uni object-number generation`; the type may have spaces.
            let columns = row.split(separator: " ", omittingEmptySubsequences: true)
            XCTAssertGreaterThanOrEqual(columns.count, 7, String(row), line: line)
            XCTAssertEqual(columns.suffix(5).prefix(2).joined(separator: " "), "yes yes", "not embedded as a subset: \(row)", line: line)
        }
    }

    static func text(_ file: URL) throws -> String {
        normalized(try run("pdftotext", [file.path, "-"]).output)
    }

    /// The first line of every page (pdftotext ends each page with a form feed): the name a
    /// checklist or sign-off page is headed with.
    static func pageHeads(_ file: URL) throws -> [String] {
        try run("pdftotext", [file.path, "-"]).output.split(separator: "\u{0C}", omittingEmptySubsequences: false)
            .dropLast().map { page in normalized(String(page.split(separator: "\n").first ?? "")) }
    }

    /// Each student's pages, in order: a student may take more than one page (the look sets
    /// sizes and lines to write on), but every page is headed with its student's name and
    /// no page holds two students.
    static func assertPagesPerStudent(_ file: URL, _ students: [String], _ message: String = "", line: UInt = #line) throws {
        let heads = try pageHeads(file)
        var seen: [String] = []
        for head in heads where seen.last != head { seen.append(head) }
        XCTAssertEqual(seen, students.map(normalized), "\(message): \(heads)", line: line)
    }

    /// Whitespace runs as one space (lines wrap where the page ends them), without the
    /// direction marks pdftotext puts round right-to-left text and the word joiners pbl uses.
    static func normalized(_ text: String) -> String {
        let dropped: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x200E, 0x200F, 0x2060]
        var output = ""
        var space = false
        for scalar in text.unicodeScalars where !dropped.contains(scalar.value) {
            if scalar.properties.isWhitespace {
                space = !output.isEmpty
            } else {
                if space { output += " " }
                output.unicodeScalars.append(scalar)
                space = false
            }
        }
        return output
    }

    static func outline(_ file: URL) throws -> [String] {
        let json = try run("qpdf", ["--json", "--json-key=outlines", file.path]).output
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return (object?["outlines"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
    }

    /// Two 8-bit PNGs (pdftoppm's) decoded with Python's standard library: their sizes and
    /// how many pixels differ by more than a quarter of the grey scale.
    static func comparePNG(_ image: URL, _ golden: URL) throws -> (size: String, goldenSize: String, differing: Int, total: Int) {
        let script = #"""
            import json, struct, sys, zlib
            def decode(path):
                data = open(path, 'rb').read()
                assert data[:8] == b'\x89PNG\r\n\x1a\n', path
                pos, idat = 8, b''
                while pos < len(data):
                    length, kind = struct.unpack('>I4s', data[pos:pos + 8])
                    body = data[pos + 8:pos + 8 + length]
                    pos += 12 + length
                    if kind == b'IHDR':
                        width, height, depth, color, _, _, interlace = struct.unpack('>IIBBBBB', body)
                    elif kind == b'IDAT':
                        idat += body
                assert depth == 8 and interlace == 0, path
                step = {0: 1, 2: 3, 4: 2, 6: 4}[color]
                raw, stride, rows, prev, i = zlib.decompress(idat), width * step, [], bytearray(width * step), 0
                for _ in range(height):
                    kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
                    i += 1 + stride
                    for x in range(stride):
                        a = line[x - step] if x >= step else 0
                        b = prev[x]
                        c = prev[x - step] if x >= step else 0
                        if kind == 1: line[x] = (line[x] + a) & 255
                        elif kind == 2: line[x] = (line[x] + b) & 255
                        elif kind == 3: line[x] = (line[x] + (a + b) // 2) & 255
                        elif kind == 4:
                            p = a + b - c
                            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
                    rows.append(line)
                    prev = line
                return width, height, step, rows
            w1, h1, s1, r1 = decode(sys.argv[1])
            w2, h2, s2, r2 = decode(sys.argv[2])
            differing = 0
            if (w1, h1, s1) == (w2, h2, s2):
                differing = sum(1 for y in range(h1) for x in range(w1 * s1) if abs(r1[y][x] - r2[y][x]) > 64)
            print(json.dumps({"size": f"{w1}x{h1}x{s1}", "golden": f"{w2}x{h2}x{s2}", "differing": differing, "total": w1 * h1 * s1}))
            """#
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"))
        let result = try SchemaAndExamplesTests.run(python, ["-c", script, image.path, golden.path])
        XCTAssertEqual(result.status, 0, result.output)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any], result.output)
        return (object["size"] as? String ?? "", object["golden"] as? String ?? "", object["differing"] as? Int ?? -1, object["total"] as? Int ?? 0)
    }
}
