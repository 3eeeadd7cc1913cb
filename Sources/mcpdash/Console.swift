import Foundation
import MCPDashCore

/// Writes the CLI's output: results to stdout, problems to stderr, every line redacted.
enum Console {
    static func out(_ line: String = "") {
        FileHandle.standardOutput.write(Data((SecretRedactor.shared.redact(line) + "\n").utf8))
    }

    static func error(_ line: String) {
        FileHandle.standardError.write(Data((SecretRedactor.shared.redact(line) + "\n").utf8))
    }

    /// Encodes `value` as pretty JSON on stdout.
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        out(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
