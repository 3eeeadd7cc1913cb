/// Turns a config's secret references into values: keyring items and `${VAR}` templates.
public struct SecretResolver: Sendable {
    /// The store the server's `keyring:` references point into.
    public let store: any SecretStore
    /// The variables `${VAR}` expands from.
    public let environment: EnvironmentResolver
    /// The server whose secrets these are.
    public let server: String
    /// The account in use.
    public let account: String
    /// Where the values read are noted for their age; nil notes nothing.
    public let sightings: SecretSightings?

    /// Creates a resolver for one server.
    public init(store: any SecretStore, environment: EnvironmentResolver, server: String, account: String = SecretAddress.defaultAccount,
                sightings: SecretSightings? = nil) {
        self.store = store
        self.environment = environment
        self.server = server
        self.account = account
        self.sightings = sightings
    }

    /// The value of `source` for `field`; throws when it is missing.
    public func value(of source: SecretSource, field: String) throws -> String {
        let value = try read(source, field: field)
        sightings?.saw(value, server: server, account: account, field: field)
        return value
    }

    /// Reads `source` and teaches the redactor its value.
    private func read(_ source: SecretSource, field: String) throws -> String {
        switch source {
        case .literal(let value):
            SecretRedactor.shared.remember(value)
            return value
        case .environment(let template):
            let expansion = environment.expand(template)
            guard expansion.missing.isEmpty else {
                throw MCPTransportError(.credentialUnavailable, server: server, url: "",
                                        message: "\(field) needs \(expansion.missing.map { "${\($0)}" }.joined(separator: ", ")), which is not set")
            }
            SecretRedactor.shared.remember(expansion.value)
            return expansion.value
        case .keyring:
            let address = SecretAddress(server: server, field: field, account: account)
            guard let value = try store.get(address) else {
                throw MCPTransportError(.credentialUnavailable, server: server, url: "",
                                        message: "no \(field) is stored in the \(store.kind.displayName) for \(address)")
            }
            SecretRedactor.shared.remember(value)
            return value
        }
    }
}
