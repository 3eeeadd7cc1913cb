import Foundation
import MCP
import Testing
@testable import MCPDashCore

@Suite("JSON with comments")
struct LenientJSONTests {
    @Test("comments and trailing commas are accepted; strings containing // or /* are untouched")
    func acceptsCommentsAndTrailingCommas() throws {
        let text = """
            // leading comment
            {
              "url": "http://x.example/a//b", /* block
                 spanning lines */
              "list": [1, 2, 3,],
              "s": "not /* a comment */ and \\" quote // still string",
            }
            """
        let object = try LenientJSON.parseObject(Data(text.utf8))
        #expect(object["url"] == .string("http://x.example/a//b"))
        #expect(object["list"] == .array([.int(1), .int(2), .int(3)]))
        #expect(object["s"] == .string("not /* a comment */ and \" quote // still string"))
    }

    @Test("a syntax error reports the line and column of the original text")
    func syntaxErrorPosition() {
        let text = """
            {
              // comment keeps lines aligned
              "a": [1, 2],
              "b": {"c" "x"}
            }
            """
        #expect(throws: LenientJSON.SyntaxError.self) { try LenientJSON.parseObject(Data(text.utf8)) }
        do {
            _ = try LenientJSON.parseObject(Data(text.utf8))
        } catch {
            #expect(error.line == 4)
            #expect(error.column >= 9 && error.column <= 13)
        }
    }

    @Test("an unclosed block comment is reported where it opens")
    func unterminatedComment() {
        do {
            _ = try LenientJSON.parseObject(Data("{\n  \"a\": 1 /* never closed\n}".utf8))
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 10)
            #expect(error.message.contains("never closed"))
        }
    }

    @Test("empty text and a non-object top level are rejected with a message")
    func emptyAndNonObject() {
        #expect(throws: LenientJSON.SyntaxError(line: 1, column: 1, message: "the file is empty; expected a JSON object")) {
            try LenientJSON.parseObject(Data("  // nothing\n".utf8))
        }
        #expect(throws: LenientJSON.SyntaxError(line: 1, column: 1, message: "the top level must be a JSON object")) {
            try LenientJSON.parseObject(Data("[1]".utf8))
        }
    }
}

/// `JSONReader` against Foundation's parser, and its own rules.
@Suite("the config's JSON reader")
struct JSONReaderTests {
    @Test("strict JSON reads as Foundation reads it", arguments: [
        #"{"a": "x\"y\\z\/w\b\f\n\r\t", "u": "\u00e9\u4e2d\ud83d\ude00", "raw": "é中😀"}"#,
        #"{"n": [0, -0, 1, -17, 9007199254740993, 1.5, -2.25e-3, 1E+2, 1e300, 12345678901234567890]}"#,
        #"{"t": true, "f": false, "z": null, "e": {}, "l": [], "nested": {"x": [{"y": [[]]}]}}"#,
        "{\"ws\":\r\n\t[ 1 ,2 ] }",
    ])
    func matchesFoundation(text: String) throws {
        let ours = try LenientJSON.parseObject(Data(text.utf8))
        let foundation = try JSONDecoder().decode([String: Value].self, from: Data(text.utf8))
        #expect(normalized(.object(ours)) == normalized(.object(foundation)))
    }

    /// Numbers as doubles, so an integer Foundation decodes as 1.0 compares equal.
    private func normalized(_ value: Value) -> Value {
        switch value {
        case .int(let int): .double(Double(int))
        case .array(let array): .array(array.map(normalized))
        case .object(let object): .object(object.mapValues(normalized))
        default: value
        }
    }

    @Test("a UTF-8 byte-order mark before the object is skipped")
    func byteOrderMark() throws {
        let object = try LenientJSON.parseObject(Data([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)))
        #expect(object["a"] == .int(1))
    }

    @Test("integers that fit are .int, everything else .double")
    func numberKinds() throws {
        let object = try LenientJSON.parseObject(Data(#"{"a": 3, "b": 3.0, "c": 1e2, "d": 99999999999999999999}"#.utf8))
        #expect(object["a"] == .int(3))
        #expect(object["b"] == .double(3))
        #expect(object["c"] == .double(100))
        #expect(object["d"] == .double(1e20))
    }

    @Test("malformed text is an error at its position, never a trap", arguments: [
        (#"{"a": 1,, "b": 2}"#, 1, 9, "two commas"),
        ("{\"a\": [1,,2]}", 1, 10, "two commas"),
        ("{\"a\": \"x\ny\"}", 1, 9, "control character"),
        (#"{"a": "\x"}"#, 1, 8, "not an escape"),
        (#"{"a": "\ud800"}"#, 1, 14, "surrogate"),
        (#"{"a": "\udc00"}"#, 1, 14, "surrogate"),
        (#"{"a": 01}"#, 1, 7, "start with 0"),
        (#"{"a": 1.}"#, 1, 9, "decimal point"),
        (#"{"a": -}"#, 1, 7, "digits"),
        (#"{"a": tru}"#, 1, 7, "unexpected"),
        (#"{"a": 1} x"#, 1, 10, "after the end"),
        (#"{"a": "open"#, 1, 7, "never closed"),
        (#"{a: 1}"#, 1, 2, "key in double quotes"),
        (#"{"s": {"x": 1}, "s": {}}"#, 1, 17, "appears twice"),
    ] as [(String, Int, Int, String)])
    func malformed(text: String, line: Int, column: Int, words: String) {
        do {
            _ = try LenientJSON.parseObject(Data(text.utf8))
            Issue.record("\(text) was accepted")
        } catch {
            #expect(error.line == line && error.column == column, "\(text): \(error)")
            #expect(error.message.contains(words), "\(text): \(error.message)")
        }
    }

    @Test("invalid UTF-8 in a string and nesting past the limit are errors")
    func limits() {
        #expect(throws: LenientJSON.SyntaxError.self) { try LenientJSON.parseObject(Data([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])) }
        let deep = "{\"a\": " + String(repeating: "[", count: JSONReader.maximumDepth) + String(repeating: "]", count: JSONReader.maximumDepth) + "}"
        do {
            _ = try LenientJSON.parseObject(Data(deep.utf8))
            Issue.record("nesting past the limit was accepted")
        } catch {
            #expect(error.message.contains("nest deeper than 64"), "\(error)")
        }
        let fits = "{\"a\": " + String(repeating: "[", count: JSONReader.maximumDepth - 1) + String(repeating: "]", count: JSONReader.maximumDepth - 1) + "}"
        #expect((try? LenientJSON.parseObject(Data(fits.utf8))) != nil)
    }

    @Test("strict reading, for what servers send: the same values as the config's reading, without comments, trailing commas or a byte-order mark", arguments: [
        #"{"a": "x\"y\\z\/w\b\f\n\r\t", "u": "\u00e9\ud83d\ude00", "raw": "é中😀", "n": [0, -17, 1.5, 1e300, 12345678901234567890]}"#,
        #"{"t": true, "f": false, "z": null, "e": {}, "l": [], "nested": {"x": [{"y": [[]]}]}}"#,
    ])
    func strictMatchesLenient(text: String) throws {
        #expect(try JSONReader.strict(Array(text.utf8)) == JSONReader.parse(Array(text.utf8)))
        let foundation = try JSONDecoder().decode([String: Value].self, from: Data(text.utf8))
        #expect(normalized(try JSONReader.strict(Array(text.utf8))) == normalized(.object(foundation)))
    }

    @Test("strict reading refuses what only a config may hold, and a key given twice", arguments: [
        "{\"a\": 1 // note\n}", "{\"a\": /* note */ 1}", "{\"a\": 1,}", "[1, 2,]", "{\"a\": 1, \"a\": 2}",
    ])
    func strictRefuses(text: String) {
        #expect(throws: JSONReader.Problem.self) { try JSONReader.strict(Array(text.utf8)) }
        #expect((try? JSONReader.strict([0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8))) == nil, "a byte-order mark")
    }

    @Test("a string that looks like a data URL stays a string (the SDK's decoder makes it .data)")
    func dataURLStaysText() throws {
        let object = try JSONReader.strict(Array(#"{"logo_uri": "data:image/png;base64,iVBORw0KGgo="}"#.utf8))
        #expect(object.objectValue?["logo_uri"] == .string("data:image/png;base64,iVBORw0KGgo="))
    }
}
