import Foundation
import MCP

/// The text of a JSON-with-comments file, edited member by member so that comments, layout
/// and everything not touched stay exactly as the user wrote them.
///
/// `add`, `remove`, `secret set`, `import` and `import --rewrite` change a file through it:
/// setting a member replaces only its value's bytes (or inserts one member after the last,
/// at the same indentation), removing one takes its lines, its comma and the comment lines
/// directly above it. The text is checked by the config reader first, so the scanner below
/// only ever walks valid input.
public struct ConfigDocument: Sendable {
    /// The file's bytes as edited so far.
    public private(set) var bytes: [UInt8]

    /// A syntax error in the text given.
    public typealias SyntaxError = LenientJSON.SyntaxError

    /// An empty object, the document of a config that does not exist yet.
    public init() {
        bytes = Array("{\n}\n".utf8)
    }

    /// Reads `text`; its top level must be an object (blank text reads as an empty one).
    public init(text: String) throws(SyntaxError) {
        bytes = Array(text.utf8)
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { bytes = Array("{\n}\n".utf8) }
        _ = try LenientJSON.parseObject(Data(bytes))
    }

    /// The text as edited so far.
    public var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The whole document as a value.
    public var root: [String: Value] { (try? LenientJSON.parseObject(Data(bytes))) ?? [:] }

    /// The value at `path` (object keys from the top), or nil when a key is missing.
    public func value(at path: [String]) -> Value? {
        var current: Value = .object(root)
        for key in path {
            guard let next = current.objectValue?[key] else { return nil }
            current = next
        }
        return current
    }

    // MARK: - Editing

    /// Sets the member at `path` to `value`: its value is replaced in place when it exists,
    /// else it is added (with any missing objects on the way) after the last member.
    public mutating func set(_ path: [String], to value: Value) {
        guard !path.isEmpty else { return }
        let scanner = Scanner(bytes)
        var object = scanner.rootStart
        for (depth, key) in path.enumerated() {
            let rest = Array(path[(depth + 1)...])
            let (members, close) = scanner.members(ofObjectAt: object)
            guard let member = members.first(where: { $0.key == key }) else {
                insert(key: key, value: Self.nested(rest, value), into: object, members: members, close: close, scanner: scanner)
                return
            }
            if rest.isEmpty || bytes[member.valueStart] != UInt8(ascii: "{") {
                let rendered = Self.render(Self.nested(rest, value), indent: scanner.indentation(ofLineAt: member.keyStart), unit: scanner.indentUnit)
                bytes.replaceSubrange(member.valueStart..<member.valueEnd, with: Array(rendered.utf8))
                return
            }
            object = member.valueStart
        }
    }

    /// Removes the member at `path` with its comma, its lines and the comment lines directly
    /// above it; returns whether there was one.
    @discardableResult
    public mutating func remove(_ path: [String]) -> Bool {
        guard let key = path.last else { return false }
        let scanner = Scanner(bytes)
        var object = scanner.rootStart
        for parentKey in path.dropLast() {
            guard let member = scanner.members(ofObjectAt: object).members.first(where: { $0.key == parentKey }),
                  bytes[member.valueStart] == UInt8(ascii: "{") else { return false }
            object = member.valueStart
        }
        let members = scanner.members(ofObjectAt: object).members
        guard let index = members.firstIndex(where: { $0.key == key }) else { return false }
        let member = members[index]
        let after = member.commaAfter.map { $0 + 1 } ?? member.valueEnd
        guard scanner.startsLine(member.keyStart) else {
            // One member among others on the same line: take it and one comma.
            if index + 1 < members.count {
                bytes.removeSubrange(member.keyStart..<members[index + 1].keyStart)
            } else if index > 0 {
                bytes.removeSubrange(members[index - 1].valueEnd..<after)
            } else {
                bytes.removeSubrange(member.keyStart..<after)
            }
            return true
        }
        let start = scanner.attachedCommentsStart(above: scanner.lineStart(of: member.keyStart), after: object)
        let end = scanner.restOfLineIsTrivia(from: after).map { $0 + 1 } ?? after
        bytes.removeSubrange(start..<end)
        if index + 1 == members.count, member.commaAfter == nil, index > 0, let comma = members[index - 1].commaAfter {
            bytes.remove(at: comma)
        }
        return true
    }

    private mutating func insert(key: String, value: Value, into object: Int, members: [Scanner.Member], close: Int, scanner: Scanner) {
        let unit = scanner.indentUnit
        guard let last = members.last else {
            let indent = scanner.indentation(ofLineAt: object)
            let member = Self.quoted(key) + ": " + Self.render(value, indent: indent + unit, unit: unit)
            let interior = bytes[(object + 1)..<close]
            if interior.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) {
                bytes.replaceSubrange((object + 1)..<close, with: Array(("\n" + indent + unit + member + "\n" + indent).utf8))
            } else {
                bytes.insert(contentsOf: Array((unit + member + "\n" + indent).utf8), at: close)
            }
            return
        }
        guard scanner.startsLine(last.keyStart) else {
            let member = ", " + Self.quoted(key) + ": " + Self.render(value, indent: scanner.indentation(ofLineAt: last.keyStart), unit: unit)
            bytes.insert(contentsOf: Array(member.utf8), at: last.valueEnd)
            return
        }
        let indent = scanner.indentation(ofLineAt: last.keyStart)
        let member = Self.quoted(key) + ": " + Self.render(value, indent: indent, unit: unit)
        let after = last.commaAfter.map { $0 + 1 } ?? last.valueEnd
        let point = scanner.restOfLineIsTrivia(from: after) ?? after
        bytes.insert(contentsOf: Array(("\n" + indent + member + (last.commaAfter == nil ? "" : ",")).utf8), at: point)
        if last.commaAfter == nil { bytes.insert(UInt8(ascii: ","), at: last.valueEnd) }
    }

    /// `value` under the keys of `path`, innermost last.
    private static func nested(_ path: [String], _ value: Value) -> Value {
        path.reversed().reduce(value) { inner, key in .object([key: inner]) }
    }

    // MARK: - Rendering

    /// Keys written first, in this order, when a new object is rendered; the rest follow sorted.
    static let leadingKeys = ["type", "url", "command", "args", "cwd", "env", "headers", "auth", "method", "header", "scheme",
                              "clientId", "issuer", "tokenURL", "scopes"]

    /// `value` as JSON text for a line indented by `indent`, nested members one `unit` deeper.
    public static func render(_ value: Value, indent: String = "", unit: String = "  ") -> String {
        switch value {
        case .object(let object):
            guard !object.isEmpty else { return "{}" }
            let keys = object.keys.sorted { lhs, rhs in
                let left = Self.leadingKeys.firstIndex(of: lhs) ?? Self.leadingKeys.count
                let right = Self.leadingKeys.firstIndex(of: rhs) ?? Self.leadingKeys.count
                return (left, lhs) < (right, rhs)
            }
            let lines = keys.map { indent + unit + Self.quoted($0) + ": " + render(object[$0] ?? .null, indent: indent + unit, unit: unit) }
            return "{\n" + lines.joined(separator: ",\n") + "\n" + indent + "}"
        case .array(let items):
            guard !items.isEmpty else { return "[]" }
            if items.allSatisfy({ $0.objectValue == nil && $0.arrayValue == nil }) {
                let inline = "[" + items.map { render($0, indent: indent, unit: unit) }.joined(separator: ", ") + "]"
                if inline.count + indent.count <= 100 { return inline }
            }
            return "[\n" + items.map { indent + unit + render($0, indent: indent + unit, unit: unit) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .string(let text): return Self.quoted(text)
        case .int(let number): return String(number)
        case .double(let number): return number.isFinite ? String(number) : "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .null, .data: return "null"
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                output += String(format: "\\u%04X", scalar.value)
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}

extension ConfigDocument {
    /// Walks text the config reader has already accepted, reporting where members are.
    struct Scanner {
        /// One member of an object: its key and the byte ranges of key and value.
        struct Member {
            let key: String
            let keyStart: Int
            let valueStart: Int
            let valueEnd: Int
            /// The comma after the value, when there is one.
            let commaAfter: Int?
        }

        let bytes: [UInt8]

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        /// The opening brace of the top-level object.
        var rootStart: Int { skipTrivia(from: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0) }

        /// The indentation one level adds: that of the top level's first member, else two spaces.
        var indentUnit: String {
            guard let first = members(ofObjectAt: rootStart).members.first, startsLine(first.keyStart) else { return "  " }
            let indent = indentation(ofLineAt: first.keyStart)
            return indent.isEmpty ? "  " : indent
        }

        /// The members of the object whose `{` is at `open`, and the offset of its `}`.
        func members(ofObjectAt open: Int) -> (members: [Member], close: Int) {
            var result: [Member] = []
            var index = skipTrivia(from: open + 1)
            while index < bytes.count, bytes[index] != UInt8(ascii: "}") {
                let keyEnd = skipString(from: index)
                let key = (try? JSONReader.parse(Array(bytes[index..<keyEnd])))?.stringValue ?? ""
                let valueStart = skipTrivia(from: skipTrivia(from: keyEnd) + 1)
                let valueEnd = skipValue(from: valueStart)
                let next = skipTrivia(from: valueEnd)
                let comma = next < bytes.count && bytes[next] == UInt8(ascii: ",") ? next : nil
                result.append(Member(key: key, keyStart: index, valueStart: valueStart, valueEnd: valueEnd, commaAfter: comma))
                index = comma.map { skipTrivia(from: $0 + 1) } ?? next
            }
            return (result, index)
        }

        func skipTrivia(from start: Int) -> Int {
            var index = start
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                    index += 2
                    while index + 1 < bytes.count, !(bytes[index] == UInt8(ascii: "*") && bytes[index + 1] == UInt8(ascii: "/")) { index += 1 }
                    index = min(bytes.count, index + 2)
                default: return index
                }
            }
            return index
        }

        /// The offset just past the string that opens at `start`.
        func skipString(from start: Int) -> Int {
            var index = start + 1
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
            }
            return min(bytes.count, index + 1)
        }

        /// The offset just past the value that starts at `start`.
        func skipValue(from start: Int) -> Int {
            guard start < bytes.count else { return start }
            switch bytes[start] {
            case UInt8(ascii: "\""):
                return skipString(from: start)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                var depth = 0
                var index = start
                while index < bytes.count {
                    switch bytes[index] {
                    case UInt8(ascii: "\""): index = skipString(from: index); continue
                    case UInt8(ascii: "/"):
                        let next = skipTrivia(from: index)
                        if next > index { index = next; continue }
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { return index + 1 }
                    default: break
                    }
                    index += 1
                }
                return index
            default:
                var index = start
                while index < bytes.count, !",}] \t\r\n/".utf8.contains(bytes[index]) { index += 1 }
                return index
            }
        }

        func lineStart(of offset: Int) -> Int {
            var index = offset
            while index > 0, bytes[index - 1] != 0x0A { index -= 1 }
            return index
        }

        /// Whether only spaces and tabs come before `offset` on its line.
        func startsLine(_ offset: Int) -> Bool {
            bytes[lineStart(of: offset)..<offset].allSatisfy { $0 == 0x20 || $0 == 0x09 }
        }

        /// The spaces and tabs that begin the line holding `offset`.
        func indentation(ofLineAt offset: Int) -> String {
            let start = lineStart(of: offset)
            var end = start
            while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }

        /// The offset of the line break ending the line when only spaces and comments follow
        /// `offset` on it; nil when something else does (or a block comment spans lines).
        func restOfLineIsTrivia(from offset: Int) -> Int? {
            var index = offset
            while index < bytes.count {
                switch bytes[index] {
                case 0x20, 0x09, 0x0D: index += 1
                case 0x0A: return index
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                    while index < bytes.count, bytes[index] != 0x0A { index += 1 }
                    return index < bytes.count ? index : nil
                case UInt8(ascii: "/") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "*"):
                    let end = skipTrivia(from: index)
                    if bytes[index..<min(end, bytes.count)].contains(0x0A) { return nil }
                    index = end
                default: return nil
                }
            }
            return nil
        }

        /// The start of the `//` comment lines directly above the line at `start` (no blank line
        /// between), never above the line of the enclosing object's `{` at `open`.
        func attachedCommentsStart(above start: Int, after open: Int) -> Int {
            var current = start
            while current > 0 {
                let previous = lineStart(of: current - 1)
                guard previous > open else { break }
                let line = bytes[previous..<(current - 1)].drop { $0 == 0x20 || $0 == 0x09 }
                guard line.starts(with: Array("//".utf8)) else { break }
                current = previous
            }
            return current
        }
    }
}
