/// Why a secret store operation failed; it names the address, never the value.
public enum SecretStoreError: Error, Equatable, Sendable, UserFacingError {
    /// The store cannot be used (locked, no bus, no provider…).
    case unavailable(StorageKind, SecretStoreHealth)
    /// The backend refused the operation.
    case operationFailed(StorageKind, operation: String, address: SecretAddress?, reason: String)

    /// One line: what failed.
    public var summary: String {
        switch self {
        case .unavailable(let kind, let health):
            "the \(kind.displayName) secret store is not usable: \(health.summary)"
        case .operationFailed(let kind, let operation, let address, let reason):
            "\(operation) \(address.map { "of \($0) " } ?? "")in the \(kind.displayName) secret store failed: \(reason)"
        }
    }

    /// What to do about it.
    public var hint: String? {
        switch self {
        case .unavailable(_, let health): health.hint
        case .operationFailed: "run `mcpdash doctor` to check the secret store"
        }
    }
}
