extension SecretStores {
    /// The store `server` uses under `config`: its own `storage`, else the config's setting.
    public func store(for server: ServerConfig, in config: MCPDashConfig) -> any SecretStore {
        store(kind(serverOverride: server.storage, setting: config.settings.storage))
    }

    /// Starts opening the store `server` keeps secrets in (`SecretStore.prepare`), when it keeps
    /// any there: a secret field in the store, or OAuth tokens. An operation about to read or
    /// write them calls it first, so the keyring is reached (and with `session`, its session
    /// negotiated) beside the work before the first read (the config, the state database,
    /// discovery) instead of after it. An operation that may be served by the token cache asks
    /// for no session: an unneeded one would only take the processor from the work.
    public func prepare(for server: ServerConfig, in config: MCPDashConfig, session: Bool) {
        guard server.auth.usesTokenEndpoint || server.secretFields.contains(where: { $0.source == .keyring }) else { return }
        store(for: server, in: config).prepare(session: session)
    }
}
