import Foundation
import XCTest

/// Workbooks written during the test run by openpyxl (installed by scripts/bootstrap), as a
/// spreadsheet program writes them, and archives made by hand with Python's zipfile for what
/// no program writes: a zip bomb, deep XML, a cut-off stream. Made once, in one Python run.
enum WorkbookFixtures {
    static let script = #"""
        import io, os, struct, sys, zipfile, zlib
        import openpyxl
        from openpyxl.cell.rich_text import CellRichText, TextBlock
        from openpyxl.cell.text import InlineFont
        from openpyxl.styles import Font

        out = sys.argv[1]

        def save(wb, name):
            wb.save(os.path.join(out, name))

        def write(name, data):
            with open(os.path.join(out, name), "wb") as f:
                f.write(data)

        # A roster as a teacher keeps it: shared strings, a rich-text name, numbers.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Roster"
        ws.append(["id", "name", "group", "extra_days", "goals", "choice:plan"])
        ws.append(["s01", "López, Ana", "otters", 1, "Lead the team; Ask why", "field"])
        ws.append(["s02", CellRichText([TextBlock(InlineFont(b=True), "Ben"), " Okafor"]), "herons", None, None, "lab"])
        save(wb, "normal.xlsx")

        # Ids a school system exports as numbers, a whole number stored as a float, a boolean.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["ID", "Name", "Group", "Extra_Days"])
        ws.append([10249, "Ana", "otters", 2.0])
        ws.append([10250.0, "Ben", "herons", None])
        ws.append(["S-2027-003", "Chen", True, None])
        save(wb, "numbers.xlsx")

        # Two sheets: the roster of period 2 is the second.
        wb = openpyxl.Workbook()
        wb.active.title = "Period 1"
        wb.active.append(["id", "name"])
        wb.active.append(["p1-01", "Ana"])
        ws = wb.create_sheet("Period 2")
        ws.append(["id", "name"])
        ws.append(["p2-01", "Ben"])
        ws.append(["p2-02", "Chen"])
        save(wb, "sheets.xlsx")

        # Blank rows above and between, and a formatted but empty column E (Excel writes its
        # cells with a style and no value), as a sheet that was tidied by hand looks.
        wb = openpyxl.Workbook()
        ws = wb.active
        bold = Font(bold=True)
        ws["A3"], ws["B3"], ws["C3"] = "id", "name", "group"
        ws["A4"], ws["B4"], ws["C4"] = "s01", "Ana", "otters"
        ws["A6"], ws["B6"], ws["C6"] = "s02", "Ben", "herons"
        for row in range(1, 9):
            ws.cell(row=row, column=5).font = bold
        ws["A7"].font = bold
        ws["B8"] = ""
        save(wb, "blank.xlsx")

        # A sparse row (no name), a wrong header, a duplicated header, a bad id.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws["A1"], ws["B1"], ws["C1"] = "id", "name", "group"
        ws["A2"], ws["C2"] = "s01", "otters"
        ws["A3"], ws["B3"] = "S 03", "Chen"
        save(wb, "sparse.xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "nmae", "group"])
        ws.append(["s01", "Ana", "otters"])
        save(wb, "wrong-header.xlsx")
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "name", "group", " Name"])
        ws.append(["s01", "Ana", "otters", "Ana"])
        save(wb, "duplicate-header.xlsx")

        # A value past column AMJ.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "name"])
        ws.append(["s01", "Ana"])
        ws.cell(row=2, column=1025).value = "x"
        save(wb, "far-column.xlsx")

        # Many rows, for the row and cell limits.
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.append(["id", "name"])
        for n in range(1, 21):
            ws.append([f"s{n:02}", f"Student {n}"])
        save(wb, "twenty.xlsx")

        # Hand-made parts: what openpyxl does not write but other programs do.
        CT = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
        RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        WB = '<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Sheet1" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>'
        WBRELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>'
        HEAD = '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
        TAIL = '</x:sheetData></x:worksheet>'

        def package(sheet, method=zipfile.ZIP_DEFLATED, strings=None):
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", method) as z:
                z.writestr("[Content_Types].xml", CT)
                z.writestr("_rels/.rels", RELS)
                z.writestr("xl/workbook.xml", WB)
                rels = WBRELS
                if strings is not None:
                    rels = rels.replace("</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
                    z.writestr("xl/sharedStrings.xml", strings)
                z.writestr("xl/_rels/workbook.xml.rels", rels)
                z.writestr("xl/worksheets/sheet1.xml", sheet)
            return buffer.getvalue()

        # As Excel writes a roster: shared strings (plain, rich, with a phonetic guide and an
        # escaped line break), numbers in <v> (10250.0 and 1.0251E4 as other writers spell
        # whole numbers), a boolean, styles and spans.
        strings = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="9" uniqueCount="9">'
            + '<si><t>id</t></si><si><t>name</t></si><si><t>group</t></si><si><t>otters</t></si>'
            + '<si><r><rPr><b/></rPr><t>Ana</t></r><r><t xml:space="preserve"> López</t></r></si>'
            + '<si><t>Ben</t><rPh sb="0" eb="3"><t>ベン</t></rPh></si><si><t>herons</t></si>'
            + '<si><t>Chen_x000D_</t></si><si><t>extra_days</t></si></sst>')
        excel = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:D4"/><sheetData>'
            + '<row r="1" spans="1:4"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>8</v></c></row>'
            + '<row r="2" spans="1:4"><c r="A2"><v>10249</v></c><c r="B2" t="s"><v>4</v></c><c r="C2" t="s"><v>3</v></c><c r="D2" s="2"><v>1</v></c></row>'
            + '<row r="3" spans="1:4"><c r="A3"><v>10250.0</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" t="s"><v>6</v></c><c r="D3" s="2"/></row>'
            + '<row r="4" spans="1:4"><c r="A4" s="1"><v>1.0251E4</v></c><c r="B4" t="s"><v>7</v></c><c r="D4"><v>2</v></c></row>'
            + '</sheetData></worksheet>')
        write("excel.xlsx", package(excel, strings=strings))
        write("bad-string.xlsx", package(excel.replace('<v>7</v>', '<v>70</v>'), strings=strings))

        # Prefixed elements, rows and cells without `r`, inline rich strings, a formula's
        # text, a phonetic guide, an escaped character, and a DOCTYPE-free but odd layout.
        inline = (HEAD
            + '<x:row><x:c t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>name</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>group</x:t></x:is></x:c></x:row>'
            + '<x:row><x:c t="inlineStr"><x:is><x:t>s01</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve">Ana </x:t></x:r><x:r><x:t>L&#243;pez</x:t></x:r><x:rPh sb="0" eb="1"><x:t>アナ</x:t></x:rPh></x:is></x:c><x:c t="str"><x:f>LOWER("OTTERS")</x:f><x:v>otters</x:v></x:c></x:row>'
            + '<x:row r="5"><x:c r="B5" t="inlineStr"><x:is><x:t>Ben_x000D_</x:t></x:is></x:c><x:c r="A5" t="inlineStr"><x:is><x:t>s02</x:t></x:is></x:c></x:row>'
            + TAIL)
        write("inline.xlsx", package(inline))

        # A cell longer than 64 KB (openpyxl, like Excel, stops at 32767 characters).
        write("long-cell.xlsx", package(HEAD + '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c></x:row><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>' + "x" * (70 << 10) + "</x:t></x:is></x:c></x:row>" + TAIL))

        # A zip bomb: 15 MB of one character packs into a few kilobytes.
        bomb = HEAD + '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c></x:row>' + " " * (15 << 20) + TAIL
        write("bomb.xlsx", package(bomb))

        # The same, with sizes in the directory that lie (1 KB unpacked).
        data = bytearray(package(bomb))
        name = b"xl/worksheets/sheet1.xml"
        position = 0
        while True:
            position = data.find(b"PK\x03\x04", position)
            if data[position + 30:position + 30 + len(name)] == name:
                struct.pack_into("<I", data, position + 22, 1024)
                break
            position += 4
        central = data.find(b"PK\x01\x02")
        while True:
            if data[central + 46:central + 46 + len(name)] == name:
                struct.pack_into("<I", data, central + 24, 1024)
                break
            central = data.find(b"PK\x01\x02", central + 4)
        write("lying-bomb.xlsx", bytes(data))

        # Declared bigger than a part may be.
        big = HEAD + " " * (17 << 20) + TAIL
        write("big.xlsx", package(big, method=zipfile.ZIP_DEFLATED))

        # XML nested 100 deep inside a cell.
        deep = HEAD + '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is>' + "<x:r>" * 100 + "</x:r>" * 100 + "</x:is></x:c></x:row>" + TAIL
        write("deep.xlsx", package(deep))

        # A billion laughs.
        laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  + '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>')
        write("laughs.xlsx", package(laughs))

        # A deflate stream that never ends: its last block is a stored block that claims
        # 65535 bytes, so an inflater reads on through the directory to the end of the file.
        stored = bytes([0x01, 0xFF, 0xFF, 0x00, 0x00]) + b"<x:worksheet"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
            z.writestr("[Content_Types].xml", CT)
            z.writestr("_rels/.rels", RELS)
            z.writestr("xl/workbook.xml", WB)
            z.writestr("xl/_rels/workbook.xml.rels", WBRELS)
            z.writestr("xl/worksheets/sheet1.xml", stored)
        data = bytearray(buffer.getvalue())
        for signature, method_at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            position = 0
            while True:
                position = data.find(signature, position)
                if position < 0:
                    break
                offset = 30 if signature == b"PK\x03\x04" else 46
                if data[position + offset:position + offset + len(name)] == name:
                    struct.pack_into("<H", data, position + method_at, 8)
                position += 4
        write("endless.xlsx", bytes(data))

        # A flipped byte in a sheet's packed data: the checksum says so.
        data = bytearray(package(inline, method=zipfile.ZIP_STORED))
        at = data.find(b"Ana ")
        data[at] = ord("E")
        write("checksum.xlsx", bytes(data))

        # A ZIP archive that is no workbook.
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("hello.txt", "hello")
        write("plain.zip.xlsx", buffer.getvalue())
        """#

    /// The folder the fixtures are in, made on first use.
    static let folder: Result<URL, Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pbl-workbooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, folder.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw NSError(domain: "WorkbookFixtures", code: Int(process.terminationStatus), userInfo: [
                NSLocalizedDescriptionKey: "python3 could not write the workbooks (run scripts/bootstrap for openpyxl): "
                    + String(decoding: message, as: UTF8.self),
            ])
        }
        return folder
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: folder.get().appendingPathComponent(name)))
    }
}
