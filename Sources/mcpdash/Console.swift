import Foundation
import MCPDashCore

/// Writes the CLI's output: results to stdout, problems to stderr, every line redacted and
/// stripped of escape sequences and control characters (`TerminalText`), whatever its source.
enum Console {
    /// Whether stdout is a terminal.
    static let isTerminal = isatty(STDOUT_FILENO) == 1

    /// A table whose cells are cut at `widest` cells on a terminal and never when stdout is a
    /// pipe or a file, so scripts get every value whole.
    static func table(_ headers: [String], widest: Int = 48) -> TextTable {
        var table = TextTable(headers: headers)
        table.maximumColumnWidth = isTerminal ? widest : .max
        return table
    }

    static func out(_ line: String = "") {
        FileHandle.standardOutput.write(Data((TerminalText.sanitize(SecretRedactor.shared.redact(line)) + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((TerminalText.sanitize(SecretRedactor.shared.redact(line)) + "\n").utf8))
    }

    /// Encodes `value` as pretty JSON on stdout; control characters stay inside strings as `\\u` escapes.
    static func json<T: Encodable>(_ value: T) throws {
        let text = JSONText.escapingControls(SecretRedactor.shared.redact(try encoded(value)))
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Writes a secret the user asked for (`token`, `headers`) to stdout unredacted: the only
    /// place mcpdash prints one. Token values are checked at the token endpoint (visible ASCII only).
    static func reveal(_ line: String) {
        FileHandle.standardOutput.write(Data((TerminalText.sanitize(line) + "\n").utf8))
    }

    /// `value` as pretty JSON.
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
