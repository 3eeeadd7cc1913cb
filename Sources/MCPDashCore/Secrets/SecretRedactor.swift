import Synchronization

/// Knows every secret value this process has handled and blanks them out of text.
///
/// Secret stores report each value they hand out or store (through `RecordingSecretStore`);
/// log handlers, the event journal and error output pass text through `redact`. Anything
/// shaped like a bearer credential or a JWT is blanked too, even if it never went through a store.
public final class SecretRedactor: Sendable {
    /// The process-wide redactor.
    public static let shared = SecretRedactor()

    /// What a redacted value is replaced with.
    public static let mask = "[redacted]"

    private let known = Mutex<Set<String>>([])
    private static let minimumLength = 4

    /// Creates an empty redactor (tests use their own).
    public init() {}

    /// Remembers `value` as secret.
    public func remember(_ value: String) {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= Self.minimumLength else { return }
        known.withLock { _ = $0.insert(trimmed) }
    }

    /// Returns `text` with every known secret and every bearer- or JWT-shaped credential masked.
    public func redact(_ text: String) -> String {
        var output = text
        // Longest first, so a secret that contains another is masked whole.
        for value in known.withLock({ $0 }).sorted(by: { $0.count > $1.count }) where output.contains(value) {
            output = output.replacingOccurrences(of: value, with: Self.mask)
        }
        output = output.replacing(Self.jwtShape, with: Self.mask)
        output = output.replacing(Self.credentialAfterScheme) { match in "\(match.output.1)\(Self.mask)" }
        return output
    }

    nonisolated(unsafe) private static let jwtShape = #/eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/#
    // A credential after a scheme is a token68 (RFC 9110 §11.2); possessive quantifiers keep a
    // challenge parameter such as `Bearer resource_metadata="…"` from matching a shorter prefix.
    nonisolated(unsafe) private static let credentialAfterScheme =
        #/((?i:bearer|basic|token|dpop)\s+)(?!\[redacted\])[A-Za-z0-9\-._~+/]{8,}+(?!\s*=\s*["\w])=*/#
}
