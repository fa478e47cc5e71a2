import Foundation
import XCTest

/// Python peers that read pbl's output as other programs do: the standard library's HTML
/// parser and csv module, and the icalendar package (installed by scripts/bootstrap).
enum Peers {
    /// Runs a Python script with the arguments; its standard output, parsed as JSON.
    static func json(_ script: String, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Any {
        let python = try XCTUnwrap(SchemaAndExamplesTests.which("python3"), "python3 is missing", file: file, line: line)
        let run = try SchemaAndExamplesTests.run(python, ["-c", script] + arguments)
        XCTAssertEqual(run.status, 0, run.output, file: file, line: line)
        return try JSONSerialization.jsonObject(with: Data(run.output.utf8))
    }

    /// Writes `text` to a file in `directory`; its path.
    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every row of every table of an HTML file (html.parser), each cell's text with its
    /// whitespace collapsed: `[[table rows]]`.
    static func htmlTables(_ path: String) throws -> [[[String]]] {
        let script = #"""
            import json, sys
            from html.parser import HTMLParser
            class Tables(HTMLParser):
                def __init__(self):
                    super().__init__()
                    self.tables, self.row = [], None
                def handle_starttag(self, tag, attrs):
                    if tag == "table": self.tables.append([])
                    elif tag == "tr": self.row = []
                    elif tag in ("td", "th") and self.row is not None: self.row.append("")
                def handle_endtag(self, tag):
                    if tag == "tr" and self.row is not None:
                        self.tables[-1].append([" ".join(cell.split()) for cell in self.row])
                        self.row = None
                def handle_data(self, data):
                    if self.row: self.row[-1] += data
            parser = Tables()
            parser.feed(open(sys.argv[1], encoding="utf-8").read())
            print(json.dumps(parser.tables))
            """#
        return try XCTUnwrap(json(script, [path]) as? [[[String]]])
    }

    /// The rows of a CSV file (csv.reader, strict).
    static func csvRows(_ path: String) throws -> [[String]] {
        let script = """
            import csv, json, sys
            with open(sys.argv[1], newline="", encoding="utf-8") as f:
                print(json.dumps(list(csv.reader(f, strict=True))))
            """
        return try XCTUnwrap(json(script, [path]) as? [[String]])
    }

    /// A calendar file as `icalendar.Calendar.from_ical(data)` reads it, without
    /// `multiple=True` (it fails on a file with more than one VCALENDAR): how many calendars
    /// it has, its name and its events (uid, summary, description, start, end).
    static func calendar(_ path: String) throws -> (count: Int, name: String, events: [[String: String]]) {
        let script = """
            import json, sys, icalendar
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
            events = [{"uid": str(e["uid"]), "summary": str(e["summary"]), "description": str(e.get("description", "")),
                       "start": e.decoded("dtstart").isoformat(), "end": e.decoded("dtend").isoformat()} for e in cal.walk("VEVENT")]
            print(json.dumps({"count": len(cal.walk("VCALENDAR")), "name": str(cal.get("x-wr-calname", "")), "events": events}))
            """
        let object = try XCTUnwrap(json(script, [path]) as? [String: Any])
        return (object["count"] as? Int ?? -1, object["name"] as? String ?? "", object["events"] as? [[String: String]] ?? [])
    }
}
