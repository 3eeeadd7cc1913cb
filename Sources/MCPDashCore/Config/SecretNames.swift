/// Decides whether a header or environment-variable name is likely to carry a secret.
public enum SecretNames {
    private static let markers = ["authorization", "token", "secret", "key", "password", "passwd",
                                  "signature", "cookie", "credential", "session", "auth"]

    /// True when `name` (any case, any separators) suggests a secret value.
    public static func looksSecret(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return markers.contains { lowered.contains($0) }
    }
}
