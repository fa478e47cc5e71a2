import XCTest
@testable import YAMLTree

/// Typed reads follow the YAML 1.2 core schema, not YAML 1.1.
final class CoreSchemaTests: XCTestCase {
    private func value(_ scalar: String) throws -> CoreValue? {
        try XCTUnwrap(parse("v: \(scalar)"))["v"]?.coreValue
    }

    func testYAML11BooleansStayStrings() throws {
        for word in ["no", "No", "NO", "yes", "on", "off", "y", "n", "Y"] {
            XCTAssertEqual(try value(word), .string(word), word)
        }
        XCTAssertEqual(try XCTUnwrap(parse("country: NO"))["country"]?.string, "NO")
    }

    func testBooleansAndNulls() throws {
        XCTAssertEqual(try value("true"), .bool(true))
        XCTAssertEqual(try value("False"), .bool(false))
        for null in ["~", "null", "Null", "NULL", ""] {
            XCTAssertEqual(try value(null), .null, null)
        }
        XCTAssertEqual(try value("'null'"), .string("null"))
    }

    func testIntegers() throws {
        XCTAssertEqual(try value("0"), .int(0))
        XCTAssertEqual(try value("-17"), .int(-17))
        XCTAssertEqual(try value("+12"), .int(12))
        XCTAssertEqual(try value("0x1F"), .int(31))
        XCTAssertEqual(try value("0o17"), .int(15))
        XCTAssertEqual(try value("0b101"), .string("0b101"), "binary is YAML 1.1 only")
        XCTAssertEqual(try value("0x-1"), .string("0x-1"))
        XCTAssertEqual(try value("0o+7"), .string("0o+7"))
        XCTAssertEqual(try value("1_000"), .string("1_000"), "underscores are YAML 1.1 only")
        XCTAssertEqual(try value("\"12\""), .string("12"))
    }

    func testFloats() throws {
        XCTAssertEqual(try value("1e3"), .float(1000))
        XCTAssertEqual(try value("-2.5"), .float(-2.5))
        XCTAssertEqual(try value(".5"), .float(0.5))
        XCTAssertEqual(try value("3."), .float(3))
        XCTAssertEqual(try value(".inf"), .float(.infinity))
        XCTAssertEqual(try value("-.INF"), .float(-.infinity))
        guard case .float(let nan)? = try value(".nan") else { return XCTFail("nan") }
        XCTAssertTrue(nan.isNaN)
        XCTAssertEqual(try value("1.2.3"), .string("1.2.3"))
        XCTAssertEqual(try value("."), .string("."))
        XCTAssertEqual(try value("2027-03-01"), .string("2027-03-01"))
    }

    func testTypedAccessors() throws {
        let root = try XCTUnwrap(parse("a: 1e3\nb: no\nc: 7\nd: 2.5\ne: true\nf:\n"))
        XCTAssertEqual(root["a"]?.int, 1000, "a whole float reads as an integer")
        XCTAssertNil(root["d"]?.int)
        XCTAssertEqual(root["d"]?.double, 2.5)
        XCTAssertEqual(root["c"]?.double, 7)
        XCTAssertEqual(root["b"]?.string, "no")
        XCTAssertNil(root["b"]?.bool)
        XCTAssertEqual(root["e"]?.bool, true)
        XCTAssertEqual(root["c"]?.string, "7", "any non-null scalar reads as a string")
        XCTAssertNil(root["f"]?.string)
        XCTAssertTrue(root["f"]?.isNull ?? false)
    }

    func testJSONForm() throws {
        let root = try XCTUnwrap(parse("a: [1, 2.5, true, ~, 'x\"y']\n1: {b: .inf}\n"))
        XCTAssertEqual(root.jsonText, #"{"a":[1,2.5,true,null,"x\"y"],"1":{"b":".inf"}}"#)
    }
}
