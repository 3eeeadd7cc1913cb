import Testing
@testable import MCPDashCore

@Suite("SSE parser")
struct SSEEventParserTests {
    @Test("multi-line data, comments, id, event, retry, and every line ending")
    func fields() {
        var parser = SSEEventParser()
        let text = "\u{FEFF}: a comment\r\nid: 7\nevent: message\ndata: {\"a\":\ndata:  1}\nretry: 1500\n\nevent: ping\rdata: x\r\r"
        let events = parser.feed(Array(text.utf8))
        #expect(events == [
            .init(type: "message", data: "{\"a\":\n 1}", id: "7", retry: 1500),
            .init(type: "ping", data: "x", id: "7", retry: nil),
        ])
        #expect(parser.lastID == "7")
    }

    @Test("events split across arbitrary chunks, including inside a CRLF")
    func chunking() {
        let text = Array("data: first\r\n\r\ndata: second\n\n".utf8)
        for split in 1..<text.count {
            var parser = SSEEventParser()
            let events = parser.feed(text[..<split]) + parser.feed(text[split...])
            #expect(events.map(\.data) == ["first", "second"], "split at \(split)")
        }
    }

    @Test("a field without a colon, an empty data line, and an unterminated last event")
    func corners() {
        var parser = SSEEventParser()
        #expect(parser.feed(Array("data\n\ndata:\ndata: b\n\nevent: x\n\ndata: tail".utf8)).map(\.data) == ["", "\nb"])
        #expect(parser.finish()?.data == "tail")
    }
}
