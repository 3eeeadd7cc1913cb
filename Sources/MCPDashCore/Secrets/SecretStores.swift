/// The secret stores available to a process, and which one a server uses.
public struct SecretStores: Sendable {
    /// The keyring store (or a stand-in in tests).
    public let keyring: any SecretStore
    /// The explicit insecure file store.
    public let file: any SecretStore
    /// `--insecure-storage`: every server uses the file store.
    public let insecureStorageFlag: Bool
    /// Where `token` and `headers` keep their answers for a while; nil caches nothing.
    public let tokenCache: (any TokenCache)?

    /// Creates the selector.
    public init(keyring: any SecretStore, file: any SecretStore, insecureStorageFlag: Bool = false, tokenCache: (any TokenCache)? = nil) {
        self.keyring = keyring
        self.file = file
        self.insecureStorageFlag = insecureStorageFlag
        self.tokenCache = tokenCache
    }

    /// The kind of store used for a server with this `storage` override, given the global setting.
    public func kind(serverOverride: StorageKind?, setting: StorageKind) -> StorageKind {
        insecureStorageFlag ? .file : (serverOverride ?? setting)
    }

    /// The store of that kind.
    public func store(_ kind: StorageKind) -> any SecretStore {
        kind == .file ? file : keyring
    }
}
