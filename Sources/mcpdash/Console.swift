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
        out(try encoded(value))
    }

    /// Writes a secret the user asked for (`token`, `headers`) to stdout unredacted: the only
    /// place mcpdash prints one.
    static func reveal(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// `value` as pretty JSON.
    static func encoded<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
