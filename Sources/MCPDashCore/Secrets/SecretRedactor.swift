import Foundation
import Synchronization

/// Knows every secret value this process has handled and blanks them out of text.
///
/// Redaction is by value: secret stores report each value they hand out or store (through
/// `RecordingSecretStore`), token responses and `${VAR}` expansions register theirs, and log
/// handlers, the event journal and error output pass text through `redact`. Two structural
/// patterns back that up, neither of which matches an ordinary word: a JWT (three base64url
/// segments, the first `eyJ`), and the credential of an `Authorization:` header.
public final class SecretRedactor: Sendable {
    /// The process-wide redactor.
    public static let shared = SecretRedactor()

    /// What a redacted value is replaced with.
    public static let mask = "[redacted]"

    /// The remembered values, longest first, so a secret that contains another is masked whole.
    private let known = Mutex<[String]>([])
    private static let minimumLength = 4

    /// Creates an empty redactor (tests use their own).
    public init() {}

    /// Remembers `value` as secret.
    public func remember(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= Self.minimumLength else { return }
        // A secret also travels percent-encoded (a URL query, a form body).
        let encoded = Self.percentEncoded(trimmed)
        known.withLock { known in
            for value in [trimmed, encoded] where !known.contains(value) {
                known.insert(value, at: known.firstIndex { $0.utf8.count < value.utf8.count } ?? known.endIndex)
            }
        }
    }

    /// Returns `text` with every known secret, every JWT and every `Authorization` header credential masked.
    public func redact(_ text: String) -> String {
        var output = text
        for value in known.withLock({ $0 }) where UTF8Search.contains(value, in: output) {
            output = output.replacing(value, with: Self.mask)
        }
        if UTF8Search.contains("eyJ", in: output) { output = output.replacing(Self.jwtShape, with: Self.mask) }
        if Self.mayHoldAuthorizationCredential(output) {
            output = output.replacing(Self.authorizationHeader) { match in "\(match.output.1)\(Self.mask)" }
        }
        return output
    }

    /// `value` with every byte but RFC 3986's unreserved ones as `%XX` (upper-case hex), as
    /// Foundation's `addingPercentEncoding` writes it, without its `CharacterSet` and UTF-16 walk.
    static func percentEncoded(_ value: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `text` has what `authorizationHeader` needs before a credential: `authorization`
    /// in any case, an optional quote, spacing, then `:` or `=`. Most text that names
    /// authorization ("authorization server: …") does not, and the expression (compiled on first
    /// use, about 2 million instructions) is not run on it. A byte past ASCII after the word
    /// counts as maybe, for the expression's Unicode spacing.
    static func mayHoldAuthorizationCredential(_ text: String) -> Bool {
        let word = Array("authorization".utf8)
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count > word.count else { return false }
            var start = 0
            while start + word.count < bytes.count {
                var matched = 0
                while matched < word.count, bytes[start + matched] | 0x20 == word[matched] { matched += 1 }
                if matched == word.count {
                    var index = start + word.count
                    if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") { index += 1 }
                    while index < bytes.count {
                        let byte = bytes[index]
                        if byte == UInt8(ascii: ":") || byte == UInt8(ascii: "=") || byte >= 0x80 { return true }
                        guard byte == 0x20 || (0x09...0x0D).contains(byte) else { break }
                        index += 1
                    }
                }
                start += 1
            }
            return false
        }
    }

    nonisolated(unsafe) private static let jwtShape = #/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/#
    // `Authorization: <scheme> <credentials>` (RFC 9110 §11.6.2), as a header line or a quoted value.
    nonisolated(unsafe) private static let authorizationHeader =
        #/((?i:authorization)["']?\s*[:=]\s*["']?(?i:bearer|basic|dpop|token)?\s*)(?!\[redacted\])[^\s"',]{4,}+/#
}
