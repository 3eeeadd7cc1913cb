/// Parses `WWW-Authenticate` header values into challenges (RFC 9110 §11.6.1).
///
/// Handles several challenges in one value, quoted strings with escapes, token68, optional
/// whitespace around `=`, and empty list elements. What cannot be parsed is reported in
/// `problems` while everything before it is kept, so triage can say "header malformed" and
/// still show what the server meant.
public enum WWWAuthenticateParser {
    /// The parsed challenges, and what was wrong with the text, if anything.
    public struct Result: Equatable, Sendable {
        /// The challenges, in order.
        public let challenges: [WWWAuthenticateChallenge]
        /// Descriptions of malformed parts; empty when the header is well-formed.
        public var problems: [String]

        /// The first challenge with `scheme`, ignoring case.
        public func first(scheme: String) -> WWWAuthenticateChallenge? {
            challenges.first { $0.isScheme(scheme) }
        }
    }

    /// Parses every value of the header (a response may carry several `WWW-Authenticate` lines).
    public static func parse(_ values: [String]) -> Result {
        let results = values.prefix(maximumValues).map(parse)
        var problems = results.flatMap(\.problems)
        if values.count > maximumValues { problems.append("\(values.count - maximumValues) more WWW-Authenticate headers were ignored") }
        return Result(challenges: results.flatMap(\.challenges), problems: problems)
    }

    /// The longest header value read, in bytes; the rest is ignored and reported.
    public static let maximumLength = 16 << 10
    /// The most header values read.
    public static let maximumValues = 16

    /// Parses one header value (its first `maximumLength` bytes).
    public static func parse(_ value: String) -> Result {
        guard value.utf8.count <= maximumLength else {
            var result = parse(String(decoding: value.utf8.prefix(maximumLength), as: UTF8.self))
            result.problems.append("the header is \(value.utf8.count) bytes long; only the first \(maximumLength) were read")
            return result
        }
        var scanner = Scanner(Array(value.unicodeScalars))
        var challenges: [WWWAuthenticateChallenge] = []
        var problems: [String] = []
        while true {
            scanner.skipListSeparators()
            if scanner.atEnd { break }
            guard let scheme = scanner.token() else {
                problems.append("unexpected \(scanner.describeCurrent()) at character \(scanner.index + 1)")
                break
            }
            let hadSpace = scanner.skipSpaces()
            if scanner.atEnd || scanner.peek == "," || !hadSpace {
                if !scanner.atEnd && scanner.peek != "," {
                    problems.append("expected a space after the scheme \(scheme) at character \(scanner.index + 1)")
                    break
                }
                challenges.append(WWWAuthenticateChallenge(scheme: scheme))
                continue
            }
            if let token68 = scanner.token68() {
                challenges.append(WWWAuthenticateChallenge(scheme: scheme, token68: token68))
                continue
            }
            var parameters: [WWWAuthenticateChallenge.Parameter] = []
            var failed = false
            while true {
                guard let name = scanner.token() else {
                    problems.append("expected a parameter name in the \(scheme) challenge at character \(scanner.index + 1)")
                    failed = true
                    break
                }
                scanner.skipSpaces()
                guard scanner.consume("=") else {
                    problems.append("expected '=' after \(name) in the \(scheme) challenge at character \(scanner.index + 1)")
                    failed = true
                    break
                }
                scanner.skipSpaces()
                let parsedValue: String?
                if scanner.peek == "\"" {
                    parsedValue = scanner.quotedString()
                    if parsedValue == nil { problems.append("the quoted value of \(name) is never closed") }
                } else {
                    parsedValue = scanner.token()
                    if parsedValue == nil { problems.append("expected a value for \(name) in the \(scheme) challenge at character \(scanner.index + 1)") }
                }
                guard let parsedValue else { failed = true; break }
                parameters.append(.init(name: name.lowercased(), value: parsedValue))
                scanner.skipSpaces()
                if scanner.atEnd { break }
                guard scanner.peek == "," else {
                    problems.append("expected ',' after the value of \(name) at character \(scanner.index + 1)")
                    failed = true
                    break
                }
                // After a comma: another parameter of this challenge, or the next challenge?
                let mark = scanner.index
                scanner.skipListSeparators()
                if scanner.atEnd { break }
                if scanner.startsParameter() { continue }
                scanner.index = mark
                break
            }
            challenges.append(WWWAuthenticateChallenge(scheme: scheme, parameters: parameters))
            if failed { break }
        }
        return Result(challenges: challenges, problems: problems)
    }

    // MARK: - Scanning

    /// A cursor over the header's characters with the RFC 9110 lexical rules.
    private struct Scanner {
        let characters: [Unicode.Scalar]
        var index = 0

        init(_ characters: [Unicode.Scalar]) { self.characters = characters }

        var atEnd: Bool { index >= characters.count }
        var peek: Unicode.Scalar? { atEnd ? nil : characters[index] }

        func describeCurrent() -> String {
            guard let peek else { return "end of header" }
            return "'\(Character(peek))'"
        }

        static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
            guard scalar.isASCII else { return false }
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) { return true }
            return "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar)
        }

        static func isToken68Character(_ scalar: Unicode.Scalar) -> Bool {
            guard scalar.isASCII else { return false }
            if ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) { return true }
            return "-._~+/".unicodeScalars.contains(scalar)
        }

        @discardableResult
        mutating func skipSpaces() -> Bool {
            let start = index
            while let peek, peek == " " || peek == "\t" { index += 1 }
            return index > start
        }

        mutating func skipListSeparators() {
            while let peek, peek == " " || peek == "\t" || peek == "," { index += 1 }
        }

        mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
            guard peek == scalar else { return false }
            index += 1
            return true
        }

        mutating func token() -> String? {
            let start = index
            while let peek, Self.isTokenCharacter(peek) { index += 1 }
            return index > start ? String(String.UnicodeScalarView(characters[start..<index])) : nil
        }

        /// Reads a token68 only when it is the whole rest of this challenge.
        mutating func token68() -> String? {
            let start = index
            while let peek, Self.isToken68Character(peek) { index += 1 }
            guard index > start else { return nil }
            while peek == "=" { index += 1 }
            let end = index
            skipSpaces()
            if atEnd || peek == "," { return String(String.UnicodeScalarView(characters[start..<end])) }
            index = start
            return nil
        }

        /// Reads a quoted string, resolving `\` escapes; nil when it is never closed.
        mutating func quotedString() -> String? {
            guard consume("\"") else { return nil }
            var value = String.UnicodeScalarView()
            while let peek {
                index += 1
                if peek == "\"" { return String(value) }
                if peek == "\\", let escaped = self.peek {
                    index += 1
                    value.append(escaped)
                } else {
                    value.append(peek)
                }
            }
            return nil
        }

        /// Whether the text here is `token BWS "="` (a parameter) rather than a new challenge.
        func startsParameter() -> Bool {
            var copy = self
            guard copy.token() != nil else { return false }
            copy.skipSpaces()
            guard copy.peek == "=" else { return false }
            // `scheme token68=` would also look like this; a token68 value ends the challenge,
            // while a parameter's value follows the '='.
            copy.index += 1
            copy.skipSpaces()
            return copy.peek != nil && copy.peek != "," && copy.peek != "="
        }
    }
}
