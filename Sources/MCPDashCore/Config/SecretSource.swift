/// Where the value of a secret field comes from; the value itself is never part of the config.
///
/// A config holds `"keyring:"` (the item for this server and field), a `${VAR}` template
/// resolved from the environment when the secret is used, or — discouraged and reported —
/// a literal value.
public enum SecretSource: Equatable, Sendable, CustomStringConvertible {
    /// The secret store item addressed by server, field and account.
    case keyring
    /// A template such as `${EKA_API_KEY}` or `Bearer ${TOKEN}`, expanded at use.
    case environment(template: String)
    /// A value written into the config file itself.
    case literal(String)

    /// The config spelling of a keyring reference.
    public static let keyringReference = "keyring:"

    /// Classifies a raw config string.
    public init(raw: String) {
        if raw == Self.keyringReference {
            self = .keyring
        } else if raw.contains("${") {
            self = .environment(template: raw)
        } else {
            self = .literal(raw)
        }
    }

    /// The text to write back into a config file.
    public var configText: String {
        switch self {
        case .keyring: Self.keyringReference
        case .environment(let template): template
        case .literal(let value): value
        }
    }

    /// Where the secret lives, for display; never the value.
    public var description: String {
        switch self {
        case .keyring: "keyring"
        case .environment(let template): "env \(template)"
        case .literal: "literal in config"
        }
    }
}
