import Foundation

/// One row of `mcpdash list`: the config's view of a server plus what is known offline about its
/// login — account, expiry, login state and secret ages — from the state database alone.
public struct ServerListing: Encodable, Equatable, Sendable {
    /// The age of one secret.
    public struct SecretAge: Encodable, Equatable, Sendable {
        /// The secret's field (`token`, `apiKey`, `clientSecret`…).
        public let field: String
        /// When its value was stored by mcpdash, or first seen.
        public let since: Date
        /// True when `since` is when mcpdash first read it (the secret is at least that old).
        public let firstSeen: Bool
        /// Whole days since `since`.
        public let ageDays: Int
        /// Whether it is older than the rotation policy.
        public let pastPolicy: Bool
        /// The value's own `exp`, when it is a JWT.
        public let expiresAt: Date?
    }

    /// The config's view: name, transport, auth, storage, tags, endpoint, disabled, error.
    public let summary: ServerSummary
    /// The active account.
    public let account: String
    /// Who the account's token identifies, when known.
    public let subject: String?
    /// The credential's expiry, when it has one.
    public let expiresAt: Date?
    /// The EXPIRES text, as the dashboard shows it.
    public let expires: String
    /// The LOGIN state.
    public let login: LoginState
    /// The rotation policy the secrets are judged against, in days.
    public let rotationPolicyDays: Int
    /// The ages of the server's secrets that mcpdash has stored or read.
    public let secrets: [SecretAge]
    /// When a dynamically registered client's secret expires.
    public let clientSecretExpiresAt: Date?

    /// The listing of `overview` at `now`.
    public init(_ overview: ServerOverview, now: Date) {
        summary = overview.summary
        account = overview.account
        subject = overview.session?.subject
        let expiry = overview.expiry(now: now)
        expiresAt = expiry.date
        expires = expiry.text(now: now)
        login = overview.loginState(now: now)
        rotationPolicyDays = overview.rotationPolicyDays
        secrets = overview.secrets.map { secret in
            SecretAge(field: secret.field, since: secret.changedAt, firstSeen: secret.firstSeen, ageDays: secret.ageDays(now: now),
                      pastPolicy: secret.ageDays(now: now) > overview.rotationPolicyDays, expiresAt: secret.expiresAt)
        }
        clientSecretExpiresAt = overview.registration?.clientSecretExpiresAt
    }

    /// The ACCOUNT cell: the token's subject when known, else the account name (`—` for the default one).
    public var accountText: String {
        subject.map { account == SecretAddress.defaultAccount ? $0 : "\(account) (\($0))" }
            ?? (account == SecretAddress.defaultAccount ? "—" : account)
    }

    /// Every server of `config` at `now`, usable and broken, in name order; read without the network.
    public static func list(_ config: MCPDashConfig, stores: SecretStores, database: StateDatabase?, now: Date = Date()) -> [ServerListing] {
        ServerOverview.load(config, stores: stores, database: database, now: now).map { ServerListing($0, now: now) }
    }

    private enum Key: String, CodingKey {
        case account, subject, expiresAt, expires, login, rotationPolicyDays, secrets, clientSecretExpiresAt
    }

    /// Encodes the summary's fields flat, beside the login fields, so `list --json` keeps its old keys.
    public func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(account, forKey: .account)
        try container.encodeIfPresent(subject, forKey: .subject)
        try container.encodeIfPresent(expiresAt, forKey: .expiresAt)
        try container.encode(expires, forKey: .expires)
        try container.encode(login, forKey: .login)
        try container.encode(rotationPolicyDays, forKey: .rotationPolicyDays)
        try container.encode(secrets, forKey: .secrets)
        try container.encodeIfPresent(clientSecretExpiresAt, forKey: .clientSecretExpiresAt)
    }
}
