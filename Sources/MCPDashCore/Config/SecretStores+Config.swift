extension SecretStores {
    /// The store `server` uses under `config`: its own `storage`, else the config's setting.
    public func store(for server: ServerConfig, in config: MCPDashConfig) -> any SecretStore {
        store(kind(serverOverride: server.storage, setting: config.settings.storage))
    }
}
