import Foundation
import XCTest
import YAMLTree

/// Runs every case of the official YAML test suite (offline copy in
/// ../shared/data/yaml-test-suite, see its SOURCES.md) through `YAMLReader`:
/// - a case with an `error` marker must throw (its in.json, if any, is ignored);
/// - a valid case with in.json must give one document per JSON value, and each document's
///   `jsonText` must parse to that value (numbers as Double, object keys unordered);
/// - a valid case without in.json must read without throwing.
/// Only the cases where libyaml 0.2.5 itself is wrong may fail.
final class ConformanceTests: XCTestCase {
    /// Where libyaml 0.2.5, which the tree reads its events from, is itself wrong: every case
    /// whose `libyaml_0.2.5_result` in libyaml-0.2.5-parser.tsv is not `pass`. The tree cannot
    /// do better than the events it is given, so these are run but allowed to fail.
    static let libyamlFailures: Set<String> = [
        // FAIL-rejected-valid (51): libyaml refuses valid input.
        "2JQS", "2LFX", "2SXE", "4ABK", "4MUZ-00", "4MUZ-01", "4MUZ-02", "58MP", "5MUD", "5T43", "6BCT",
        "6CA3", "6LVF", "6M2F", "7Z25", "8XYN", "96NN-00", "96NN-01", "9SA2", "A2M4", "BEC7", "CFD4",
        "DBG4", "DK3J", "DK95-00", "DK95-03", "DK95-04", "FP8R", "FRK4", "HM87-00", "HWV9", "K3WX",
        "M2N8-00", "M7A3", "MUS6-05", "MUS6-06", "NHX8", "NJ66", "NKF9", "Q5MG", "QT73", "R4YG", "S3PD",
        "SM9W-01", "UKK6-00", "UT92", "VJP3-01", "W4TN", "W5VH", "Y79Y-001", "Y79Y-010",
        // FAIL-wrong-events (5): libyaml accepts valid input but reports wrong events.
        "652Z", "HM87-01", "JEF9-02", "L24T-01", "Y2GN",
        // FAIL-accepted-invalid (16): libyaml accepts input the spec says is an error.
        "9C9N", "9HCY", "9JBA", "CVW2", "DK95-01", "EB22", "G5U8", "MUS6-00", "MUS6-01", "QB6E", "RHX7",
        "S98Z", "SU5Z", "X4QW", "Y79Y-003", "YJV2",
    ]

    /// Package root (from this file's path) + ../shared/data/yaml-test-suite.
    static let suiteDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // YAMLTreeTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("../shared/data/yaml-test-suite")
        .standardized

    func testYAMLTestSuite() throws {
        let suite = Self.suiteDirectory
        let casesDirectory = suite.appendingPathComponent("cases")
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        guard fileManager.fileExists(atPath: casesDirectory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            let message = "yaml-test-suite not found at \(casesDirectory.path); this test needs the offline copy of the suite"
            // Under CI the shared test data must be there: a missing copy fails, never skips.
            if ProcessInfo.processInfo.environment["CI"] != nil { XCTFail(message + " (CI is set)"); return }
            throw XCTSkip(message)
        }
        let ids = try fileManager.contentsOfDirectory(atPath: casesDirectory.path)
            .filter { fileManager.fileExists(atPath: casesDirectory.appendingPathComponent($0).appendingPathComponent("in.yaml").path) }
            .sorted()
        XCTAssertFalse(ids.isEmpty, "no cases with in.yaml under \(casesDirectory.path)")

        var failures: [String] = []
        checkExceptionList(against: suite.appendingPathComponent("libyaml-0.2.5-parser.tsv"), ids: ids, failures: &failures)

        var passed = 0
        var expectedFailures = 0
        var unexpectedPasses: [String] = []
        for id in ids {
            let reason = Self.check(casesDirectory.appendingPathComponent(id), id: id)
            switch (reason, Self.libyamlFailures.contains(id)) {
            case (nil, false): passed += 1
            case (nil, true): unexpectedPasses.append(id)
            case (_?, true): expectedFailures += 1
            case (let reason?, false): failures.append("\(id): \(reason)")
            }
        }

        var summary = "yaml-test-suite: \(passed) passed, \(expectedFailures) expected libyaml failures skipped"
        if !failures.isEmpty { summary += ", \(failures.count) unexpected failures" }
        if !unexpectedPasses.isEmpty {
            summary += "; \(unexpectedPasses.count) listed as libyaml failures passed anyway: "
                + unexpectedPasses.joined(separator: ", ")
        }
        print(summary)
        if !failures.isEmpty {
            XCTFail("yaml-test-suite: \(failures.count) case(s) failed:\n" + failures.joined(separator: "\n"))
        }
    }

    /// The literal exception list must be the tsv's non-`pass` cases, and the tsv must cover
    /// exactly the cases on disk, so neither can drift from the data.
    private func checkExceptionList(against tsv: URL, ids: [String], failures: inout [String]) {
        guard let data = FileManager.default.contents(atPath: tsv.path) else {
            failures.append("libyaml-0.2.5-parser.tsv: missing at \(tsv.path)")
            return
        }
        let rows = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false) }
        let covered = Set(rows.compactMap { $0.first.map(String.init) })
        if covered != Set(ids) {
            failures.append("libyaml-0.2.5-parser.tsv: lists \(covered.count) cases, cases/ has \(ids.count)")
        }
        let listed = Set(rows.filter { $0.count > 2 && $0[2] != "pass" }.map { String($0[0]) })
        if listed != Self.libyamlFailures {
            failures.append("libyaml-0.2.5-parser.tsv: exception list differs; not in the test: "
                + listed.subtracting(Self.libyamlFailures).sorted().joined(separator: " ")
                + "; not in the tsv: " + Self.libyamlFailures.subtracting(listed).sorted().joined(separator: " "))
        }
    }

    /// nil when the case passes, else a short reason.
    static func check(_ directory: URL, id: String) -> String? {
        let fileManager = FileManager.default
        guard let yaml = fileManager.contents(atPath: directory.appendingPathComponent("in.yaml").path) else {
            return "in.yaml could not be read"
        }
        let bytes = [UInt8](yaml)

        if fileManager.fileExists(atPath: directory.appendingPathComponent("error").path) {
            switch read(bytes, limits: .default) {
            case .success(let documents): return "invalid input accepted (\(documents.count) document(s))"
            case .failure: return nil
            }
        }

        guard let json = fileManager.contents(atPath: directory.appendingPathComponent("in.json").path) else {
            // Default limits: no valid case repeats a scalar key, so none needs `rejectDuplicateKeys: false`.
            if case .failure(let error) = read(bytes, limits: .default) { return "valid input rejected: \(describe(error))" }
            return nil
        }

        let expected: [TestJSON]
        do {
            expected = try TestJSON.parseSequence(String(decoding: json, as: UTF8.self))
        } catch {
            return "in.json could not be parsed: \(error)"
        }
        let documents: [YAMLDocument]
        switch read(bytes, limits: .default) {
        case .success(let read): documents = read
        case .failure(let error): return "valid input rejected: \(describe(error))"
        }
        guard documents.count == expected.count else {
            return "\(documents.count) document(s), in.json has \(expected.count) value(s)"
        }
        for (number, (document, want)) in zip(documents, expected).enumerated() {
            let text = document.root?.jsonText ?? "null"
            let got: TestJSON
            do {
                got = try TestJSON.parse(text)
            } catch {
                return "document \(number + 1): jsonText is not JSON (\(error)): \(clip(text))"
            }
            if got != want {
                return "document \(number + 1): got \(clip(got.description)), expected \(clip(want.description))"
            }
        }
        return nil
    }

    static func read(_ bytes: [UInt8], limits: YAMLLimits) -> Result<[YAMLDocument], YAMLError> {
        do throws(YAMLError) {
            return .success(try YAMLReader(bytes: bytes, limits: limits).readAll())
        } catch {
            return .failure(error)
        }
    }

    static func describe(_ error: YAMLError) -> String {
        "\(error.kind) at \(error.range.start): \(error.message)"
    }

    static func clip(_ text: String, to length: Int = 160) -> String {
        text.count <= length ? text : String(text.prefix(length)) + "…"
    }
}
