import Crypto
import Foundation

/// Caches a server's verdict on a credential: 5 minutes when it was accepted, 30 seconds when it
/// was refused (the lifetimes seed 001 uses server-side), keyed by a fingerprint of the credential
/// so a new token or key is always asked about afresh.
public struct VerdictCache: Sendable {
    /// How long an acceptance is trusted.
    public static let validLifetime: TimeInterval = 300
    /// How long a refusal is trusted.
    public static let invalidLifetime: TimeInterval = 30

    /// The state database holding the verdicts.
    public let database: StateDatabase
    /// The server.
    public let server: ServerConfig
    /// The account.
    public let account: String

    /// Creates the cache of `server`/`account`.
    public init(database: StateDatabase, server: ServerConfig, account: String = SecretAddress.defaultAccount) {
        self.database = database
        self.server = server
        self.account = account
    }

    /// A fingerprint of the credential material a request would use (the secrets, and for OAuth
    /// the stored access token): the first 16 bytes of SHA-256, hex. Nil when none can be read.
    public func fingerprint(config: MCPDashConfig, stores: SecretStores) -> String? {
        let resolver = SecretResolver(store: stores.store(for: server, in: config), environment: config.environment,
                                      server: server.name, account: account)
        var material = [server.name, server.auth.methodName]
        for field in server.secretFields {
            guard let value = try? resolver.value(of: field.source, field: field.field) else { return nil }
            material.append(field.field + "=" + value)
        }
        if server.auth.usesTokenEndpoint {
            guard let token = try? resolver.value(of: .keyring, field: TokenVault.Field.accessToken) else { return nil }
            material.append(token)
        }
        let digest = SHA256.hash(data: Data(material.joined(separator: "\u{0}").utf8))
        return digest.prefix(16).map { String(format: "%02x", $0) }.joined()
    }

    /// The cached verdict for `fingerprint`, when it is still fresh at `now`.
    public func lookup(fingerprint: String, now: Date = Date()) -> TokenVerdict? {
        guard let verdict = try? database.verdict(server: server.name, account: account), verdict.fingerprint == fingerprint else { return nil }
        let age = now.timeIntervalSince(verdict.checkedAt)
        return age >= 0 && age < (verdict.valid ? Self.validLifetime : Self.invalidLifetime) ? verdict : nil
    }

    /// Records an acceptance, with the report it produced.
    public func accepted(fingerprint: String, report: WhoAmIReport, now: Date = Date()) {
        guard let json = try? JSONEncoder.verdicts.encode(report) else { return }
        try? database.save(TokenVerdict(server: server.name, account: account, fingerprint: fingerprint, valid: true, checkedAt: now,
                                        detail: String(decoding: json, as: UTF8.self)))
    }

    /// Records a refusal (401 or 403).
    public func refused(fingerprint: String, error: MCPTransportError, now: Date = Date()) {
        try? database.save(TokenVerdict(server: server.name, account: account, fingerprint: fingerprint, valid: false, checkedAt: now,
                                        httpStatus: error.httpStatus, challenge: error.challenges.first, detail: error.message))
    }
}

extension JSONEncoder {
    /// The encoder of cached reports (dates as ISO 8601).
    static var verdicts: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// The decoder of cached reports.
    static var verdicts: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
