import Foundation
import MCP

/// Parses JSON that may carry `//` and `/* */` comments and trailing commas into a `Value`
/// (`JSONReader`).
///
/// Syntax errors are reported with the line and column of the user's file.
public enum LenientJSON {
    /// A syntax error at a position in the text.
    public struct SyntaxError: Error, Equatable, Sendable {
        /// 1-based line of the error.
        public let line: Int
        /// 1-based column (in characters) of the error.
        public let column: Int
        /// What is wrong there.
        public let message: String
    }

    /// Parses `data`; the top level must be an object.
    public static func parseObject(_ data: Data) throws(SyntaxError) -> [String: Value] {
        let bytes = [UInt8](data)
        let value: Value
        do {
            value = try JSONReader.parse(bytes)
        } catch {
            throw position(of: error.offset, in: bytes, message: error.message)
        }
        guard case .object(let object) = value else {
            throw SyntaxError(line: 1, column: 1, message: "the top level must be a JSON object")
        }
        return object
    }

    /// Parses `data` as one value of any kind.
    public static func parseValue(_ data: Data) throws(SyntaxError) -> Value {
        let bytes = [UInt8](data)
        do {
            return try JSONReader.parse(bytes)
        } catch {
            throw position(of: error.offset, in: bytes, message: error.message)
        }
    }

    /// Converts a byte offset into a 1-based line and character column.
    static func position(of offset: Int, in bytes: [UInt8], message: String) -> SyntaxError {
        let clamped = max(0, min(offset, bytes.count))
        var line = 1
        var lineStart = 0
        for index in 0..<clamped where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        let column = String(decoding: bytes[lineStart..<clamped], as: UTF8.self).count + 1
        return SyntaxError(line: line, column: column, message: message)
    }
}
