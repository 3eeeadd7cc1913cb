import MCP

/// Where each secret field (`token`, `apiKey`, `header:X-API-Key`, `env:TOKEN`…) is written
/// in a server's config entry, so commands can point it at the secret store.
public enum SecretFieldPath {
    /// Keys of an `auth` object whose values are secrets.
    public static let secretAuthKeys: Set<String> = ["token", "key", "secondaryKey", "clientSecret", "signingKey", "secret", "secondarySecret"]

    /// The key path inside the server's entry that holds `field`, when the entry has it.
    public static func path(of field: String, in entry: [String: Value]) -> [String]? {
        let auth = entry["auth"]?.objectValue ?? [:]
        if field.hasPrefix("header:") {
            let name = String(field.dropFirst("header:".count))
            for base in [["auth", "headers"], ["auth", "extraHeaders"], ["headers"]] {
                let map = (base.count == 1 ? entry[base[0]] : auth[base[1]])?.objectValue ?? [:]
                if let key = map.keys.first(where: { $0 == name }) ?? map.keys.first(where: { $0.lowercased() == name.lowercased() }) {
                    return base + [key]
                }
            }
            return nil
        }
        if field.hasPrefix("env:") {
            let name = String(field.dropFirst("env:".count))
            return entry["env"]?.objectValue?[name] != nil ? ["env", name] : nil
        }
        if field == "idp.clientSecret" {
            return auth["idp"]?.objectValue?["clientSecret"] != nil ? ["auth", "idp", "clientSecret"] : nil
        }
        let key = authKey(forStoreField: field)
        return auth[key] != nil ? ["auth", key] : nil
    }

    /// The secret store field of a secret key of an `auth` object (`key` is kept as `apiKey`…).
    public static func storeField(forAuthKey key: String) -> String {
        switch key {
        case "key": "apiKey"
        case "secondaryKey": "apiKey.secondary"
        case "secret": "hmacSecret"
        case "secondarySecret": "hmacSecret.secondary"
        default: key
        }
    }

    /// The `auth` key that holds a secret store field: the inverse of `storeField(forAuthKey:)`.
    public static func authKey(forStoreField field: String) -> String {
        switch field {
        case "apiKey": "key"
        case "apiKey.secondary": "secondaryKey"
        case "hmacSecret": "secret"
        case "hmacSecret.secondary": "secondarySecret"
        default: field
        }
    }
}
