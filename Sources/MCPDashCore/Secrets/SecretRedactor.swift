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
        let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: Self.unreserved)
        known.withLock { known in
            for value in [trimmed, encoded].compactMap({ $0 }) where !known.contains(value) {
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
        if UTF8Search.contains("authorization", in: output, caseInsensitive: true) {
            output = output.replacing(Self.authorizationHeader) { match in "\(match.output.1)\(Self.mask)" }
        }
        return output
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    nonisolated(unsafe) private static let jwtShape = #/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/#
    // `Authorization: <scheme> <credentials>` (RFC 9110 §11.6.2), as a header line or a quoted value.
    nonisolated(unsafe) private static let authorizationHeader =
        #/((?i:authorization)["']?\s*[:=]\s*["']?(?i:bearer|basic|dpop|token)?\s*)(?!\[redacted\])[^\s"',]{4,}+/#
}
