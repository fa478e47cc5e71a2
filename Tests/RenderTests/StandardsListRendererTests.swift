import XCTest
import YAMLTree
@testable import PlannerModel
@testable import Render

final class StandardsListRendererTests: XCTestCase {
    private func standard(_ code: String, _ text: String, plus: Bool = false) -> Standard {
        let range = SourceRange.fileStart
        return Standard(range: range, code: Located(code, range: range, file: "c.yaml"), text: Located(text, range: range, file: "c.yaml"),
                        plus: plus ? Located(true, range: range, file: "c.yaml") : nil)
    }

    func testTheTableShowsWhatACatalogSaysAsTheTerminalCanSafelyShowIt() {
        let rows: [StandardsListRenderer.Row] = [("c", standard("W.7.1", "Write \u{1B}[2Jarguments\u{202E}")), ("c", standard("A.1", "Plus", plus: true))]
        let text = StandardsListRenderer.render(rows, as: .text)
        XCTAssertEqual(text, "W.7.1        Write  [2Jarguments\nA.1          (+) Plus\n")
        XCTAssertFalse(text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x202E })
        // The data formats keep the text as it is: their readers escape it.
        XCTAssertTrue(StandardsListRenderer.render(rows, as: .json).contains(#""text": "Write \u001b[2Jarguments"#))
        XCTAssertTrue(StandardsListRenderer.render(rows, as: .csv).hasPrefix("code,catalog,grade,subject,text\r\n"))
    }
}
