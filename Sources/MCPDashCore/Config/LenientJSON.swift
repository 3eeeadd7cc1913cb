import Foundation
import MCP

/// Parses JSON that may carry `//` and `/* */` comments and trailing commas into a `Value`.
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
        let strict: [UInt8]
        do {
            strict = try JSONCommentStripper.strip(bytes)
        } catch {
            throw position(of: error.offset, in: bytes, message: error.message)
        }
        if strict.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            throw SyntaxError(line: 1, column: 1, message: "the file is empty; expected a JSON object")
        }
        // JSONSerialization is several times faster than decoding `Value` through JSONDecoder
        // on large configs; its tree is converted once.
        let value: Value
        do {
            value = try convert(JSONSerialization.jsonObject(with: Data(strict), options: [.fragmentsAllowed]))
        } catch {
            throw locate(strict, original: bytes)
        }
        guard case .object(let object) = value else {
            throw SyntaxError(line: 1, column: 1, message: "the top level must be a JSON object")
        }
        return object
    }

    /// The SDK's `Value` for a JSONSerialization tree (booleans told apart from numbers by their type).
    static func convert(_ object: Any) -> Value {
        switch object {
        case let string as String:
            return .string(string)
        case let array as [Any]:
            return .array(array.map(convert))
        case let dictionary as [String: Any]:
            return .object(dictionary.mapValues(convert))
        case let number as NSNumber:
            let type = String(cString: number.objCType)
            if type == "c" || type == "B" { return .bool(number.boolValue) }
            if ["d", "f"].contains(type) {
                let double = number.doubleValue
                return double.rounded() == double && abs(double) < 1e15 && type != "d" ? .int(Int(double)) : .double(double)
            }
            return .int(number.intValue)
        case is NSNull:
            return .null
        default:
            return .null
        }
    }

    /// Finds where strict JSON parsing fails, using the offset Foundation's parser reports.
    private static func locate(_ strict: [UInt8], original: [UInt8]) -> SyntaxError {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(strict), options: [.fragmentsAllowed])
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
            if let range = description.range(of: #"character (\d+)"#, options: .regularExpression),
               let offset = Int(description[range].dropFirst("character ".count)) {
                let message = description.replacingOccurrences(of: #"\s*around character \d+\.?"#, with: "", options: .regularExpression)
                return position(of: offset, in: original, message: humanize(message))
            }
            return SyntaxError(line: 1, column: 1, message: humanize(description))
        }
        return SyntaxError(line: 1, column: 1, message: "the text is not valid JSON")
    }

    private static func humanize(_ message: String) -> String {
        let trimmed = message.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? "the text is not valid JSON" : trimmed.prefix(1).lowercased() + trimmed.dropFirst()
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
