/// Where secrets are kept.
public enum StorageKind: String, Equatable, Sendable, CaseIterable {
    /// The desktop keyring through the Secret Service (libsecret).
    case keyring
    /// The explicit, insecure file fallback (mode 0600).
    case file
    /// Process memory only (tests and dry runs).
    case memory

    /// How the storage is named wherever it is reported; the fallback always says it is insecure.
    public var displayName: String {
        switch self {
        case .keyring: "keyring"
        case .file: "file (insecure)"
        case .memory: "memory"
        }
    }
}
