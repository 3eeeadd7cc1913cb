import MCP

/// Reads "JSON with comments" (`//`, `/* */`, one trailing comma per object or array) from
/// bytes straight into the SDK's `Value`, in one pass, with the byte offset of any error.
///
/// Config files are the one place mcpdash reads JSON that can be large (100,000 servers are
/// about 10 MB): going through `JSONSerialization` built three trees (Foundation's, its
/// Objective-C objects, then `Value`) and peaked at several hundred megabytes.
struct JSONReader {
    /// A problem at a byte offset.
    struct Problem: Error {
        /// Where it is, in bytes from the start.
        let offset: Int
        /// What is wrong there.
        let message: String
    }

    /// The deepest nesting of objects and arrays accepted.
    static let maximumDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    /// Whether comments, one trailing comma and a byte-order mark are accepted (config files);
    /// JSON from a server is read without them (`strict`).
    private let lenient: Bool

    /// Parses the whole of `bytes` as one value with nothing but trivia after it.
    static func parse(_ bytes: [UInt8]) throws(Problem) -> Value {
        try parse(bytes, lenient: true)
    }

    /// Parses `bytes` as plain JSON (RFC 8259: no comments, no trailing comma, no byte-order
    /// mark), as a server sends it: the SDK's `Value` without `JSONDecoder`, whose way there
    /// (a dynamic cast per value, a regular expression per string) costs millions of
    /// instructions a response. A key given twice is refused.
    static func strict(_ bytes: [UInt8]) throws(Problem) -> Value {
        try parse(bytes, lenient: false)
    }

    private static func parse(_ bytes: [UInt8], lenient: Bool) throws(Problem) -> Value {
        var reader = JSONReader(bytes: bytes, lenient: lenient)
        // A byte-order mark, as some Windows editors write one.
        if lenient, bytes.starts(with: [0xEF, 0xBB, 0xBF]) { reader.index = 3 }
        try reader.skipTrivia()
        guard reader.index < bytes.count else { throw Problem(offset: 0, message: "the file is empty; expected a JSON object") }
        let value = try reader.value(depth: 0)
        try reader.skipTrivia()
        guard reader.index == bytes.count else { throw reader.problem("unexpected text after the end of the JSON value") }
        return value
    }

    private init(bytes: [UInt8], lenient: Bool) {
        self.bytes = bytes
        self.lenient = lenient
    }

    private func problem(_ message: String, at offset: Int? = nil) -> Problem {
        Problem(offset: offset ?? index, message: message)
    }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Skips whitespace and comments.
    private mutating func skipTrivia() throws(Problem) {
        while let byte = current {
            switch byte {
            case 0x20, 0x0A, 0x0D, 0x09:
                index += 1
            case UInt8(ascii: "/") where lenient && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                while let byte = current, byte != 0x0A { index += 1 }
            case UInt8(ascii: "/") where lenient && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                let start = index
                index += 2
                while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                guard index + 1 < bytes.count else { throw problem("a /* comment is never closed", at: start) }
                index += 2
            default:
                return
            }
        }
    }

    private mutating func value(depth: Int) throws(Problem) -> Value {
        guard let byte = current else { throw problem("the text ends where a value was expected") }
        switch byte {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw problem("unexpected character \(Self.describe(byte)) where a value was expected")
        }
    }

    /// What an element just read was, named in the message about what follows it (built only then).
    private enum Element {
        case value(of: String)
        case arrayElement

        var description: String {
            switch self {
            case .value(of: let key): "the value of \"\(key)\""
            case .arrayElement: "an array element"
            }
        }
    }

    private mutating func object(depth: Int) throws(Problem) -> Value {
        var object: [String: Value] = [:]
        try elements(depth: depth, closing: UInt8(ascii: "}")) { reader throws(Problem) in
            guard reader.current == UInt8(ascii: "\"") else {
                throw reader.problem(reader.current == UInt8(ascii: ",") ? "two commas in a row" : "expected a key in double quotes")
            }
            let keyStart = reader.index
            let key = try reader.string()
            try reader.skipTrivia()
            guard reader.current == UInt8(ascii: ":") else { throw reader.problem("expected ':' after the key \"\(key)\"") }
            reader.index += 1
            try reader.skipTrivia()
            // One hash a key: a key seen before is found when its value is stored.
            guard object.updateValue(try reader.value(depth: depth), forKey: key) == nil else {
                throw reader.problem("the key \"\(key)\" appears twice in this object", at: keyStart)
            }
            return .value(of: key)
        }
        return .object(object)
    }

    private mutating func array(depth: Int) throws(Problem) -> Value {
        var array: [Value] = []
        try elements(depth: depth, closing: UInt8(ascii: "]")) { reader throws(Problem) in
            if reader.current == UInt8(ascii: ",") { throw reader.problem("two commas in a row") }
            array.append(try reader.value(depth: depth))
            return .arrayElement
        }
        return .array(array)
    }

    /// Reads the comma-separated elements of an object or an array, from its opening bracket
    /// past `close`; one trailing comma is allowed when lenient. `element` reads one and names it for the
    /// error when neither a comma nor `close` follows.
    private mutating func elements(depth: Int, closing close: UInt8,
                                   _ element: (inout JSONReader) throws(Problem) -> Element) throws(Problem) {
        guard depth <= Self.maximumDepth else { throw problem("objects and arrays nest deeper than \(Self.maximumDepth) levels") }
        index += 1
        try skipTrivia()
        if current == close {
            index += 1
            return
        }
        while true {
            let what = try element(&self)
            try skipTrivia()
            switch current {
            case UInt8(ascii: ","):
                index += 1
                try skipTrivia()
                if current == close {
                    guard lenient else { throw problem("a comma before '\(Character(Unicode.Scalar(close)))'") }
                    index += 1
                    return
                }
            case close:
                index += 1
                return
            default:
                throw problem("expected ',' or '\(Character(Unicode.Scalar(close)))' after \(what.description)")
            }
        }
    }

    private mutating func literal(_ word: StaticString, _ value: Value) throws(Problem) -> Value {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count,
              word.withUTF8Buffer({ Array($0) }) == Array(bytes[index..<(index + count)]) else {
            throw problem("unexpected text where a value was expected")
        }
        index += count
        return value
    }

    /// A number: an integer that fits `Int` is `.int`, anything else `.double`.
    private mutating func number() throws(Problem) -> Value {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, Self.isDigit(first) else { throw problem("a number needs digits", at: start) }
        if first == UInt8(ascii: "0") {
            index += 1
            if let next = current, Self.isDigit(next) { throw problem("a number may not start with 0", at: start) }
        } else {
            skipDigits()
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let digit = current, Self.isDigit(digit) else { throw problem("a decimal point needs digits after it") }
            skipDigits()
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let digit = current, Self.isDigit(digit) else { throw problem("an exponent needs digits") }
            skipDigits()
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text) else { throw problem("\(text) is not a number", at: start) }
        return .double(double)
    }

    private mutating func skipDigits() {
        while let byte = current, Self.isDigit(byte) { index += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    /// A string, from its opening quote; escapes decoded, the UTF-8 checked.
    private mutating func string() throws(Problem) -> String {
        let start = index
        index += 1
        var utf8: [UInt8]? = nil
        var runStart = index
        var ascii = true
        while true {
            guard let byte = current else { throw problem("a string is never closed", at: start) }
            switch byte {
            case UInt8(ascii: "\""):
                let text: String?
                if let utf8 {
                    text = String(validating: utf8 + bytes[runStart..<index], as: UTF8.self)
                } else {
                    // Most strings are one run without escapes: made from the bytes in place,
                    // ASCII without a second look (about 1,000 instructions a string less).
                    text = bytes.withUnsafeBufferPointer { buffer in
                        let run = UnsafeBufferPointer(rebasing: buffer[runStart..<index])
                        return ascii ? String(decoding: run, as: UTF8.self) : String(validating: run, as: UTF8.self)
                    }
                }
                index += 1
                guard let text else { throw problem("a string is not valid UTF-8", at: start) }
                return text
            case UInt8(ascii: "\\"):
                var decoded = utf8 ?? []
                decoded += bytes[runStart..<index]
                index += 1
                try escape(into: &decoded)
                utf8 = decoded
                runStart = index
            case 0x00..<0x20:
                throw problem("a control character inside a string must be escaped")
            default:
                if byte >= 0x80 { ascii = false }
                index += 1
            }
        }
    }

    /// One escape after its backslash.
    private mutating func escape(into utf8: inout [UInt8]) throws(Problem) {
        guard let byte = current else { throw problem("a string is never closed") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(byte)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
            var scalar = try hexQuad()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw problem("a \\u escape of a high surrogate needs a low one after it")
                }
                index += 2
                let low = try hexQuad()
                guard (0xDC00...0xDFFF).contains(low) else { throw problem("a \\u escape of a high surrogate needs a low one after it") }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw problem("a \\u escape of a low surrogate has no high one before it")
            }
            guard let unicode = Unicode.Scalar(scalar) else { throw problem("a \\u escape is not a character") }
            utf8 += Array(String(Character(unicode)).utf8)
        default:
            throw problem("\\\(Self.describe(byte)) is not an escape JSON knows", at: index - 2)
        }
    }

    private mutating func hexQuad() throws(Problem) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<(index + 4)], as: UTF8.self), radix: 16),
              bytes[index..<(index + 4)].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
            throw problem("a \\u escape needs four hex digits")
        }
        index += 4
        return value
    }

    /// A byte as the user would read it in a message.
    private static func describe(_ byte: UInt8) -> String {
        (0x21...0x7E).contains(byte) ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x" + String(byte, radix: 16, uppercase: true)
    }
}
