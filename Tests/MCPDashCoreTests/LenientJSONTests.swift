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
