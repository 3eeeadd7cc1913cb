import Foundation
import Subprocess
import SystemPackage

/// The jwt-bearer grant of workload identity federation (SEP-1933; RFC 7523 §2.1): the JWT the
/// platform gives this workload is the `assertion`, exchanged for an access token.
///
/// The JWT is read fresh for every grant (projected tokens rotate), checked to be a compact JWT
/// before it is sent anywhere, and remembered by the redactor. A refusal is reported as the
/// server said it, once: no retry, no other grant.
public struct WorkloadIdentityGrant: Sendable {
    /// The grant type of RFC 7523 §2.1.
    public static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// The largest workload token read (bytes).
    public static let maximumTokenBytes = 64 * 1024

    /// The server.
    public let server: ServerConfig
    /// Its settings.
    public let auth: WorkloadIdentityAuth
    /// Where the token goes.
    public let vault: TokenVault
    /// The MCP server's resource identifier the token is bound to.
    public let resource: String?
    /// The environment (for an `env` source and a command's `PATH`).
    public let environment: [String: String]

    /// Creates the grant.
    public init(server: ServerConfig, auth: WorkloadIdentityAuth, vault: TokenVault, resource: String?, environment: [String: String]) {
        self.server = server
        self.auth = auth
        self.vault = vault
        self.resource = resource
        self.environment = environment
    }

    /// Reads the workload token, requests an access token with it, and stores the answer.
    public func run(known: TokenMetadata? = nil, now: Date = Date()) async throws -> LoginReport {
        let assertion = try await workloadToken()
        let endpoint = try await GrantEndpoint.locate(server: server, tokenURL: auth.tokenURL, issuer: auth.issuer, known: known,
                                                      journal: vault.database)
        var grant: [(String, String)] = [("grant_type", Self.grantType), ("assertion", assertion)]
        if !auth.scopes.isEmpty { grant.append(("scope", auth.scopes.joined(separator: " "))) }
        if auth.sendResource, let resource { grant.append(("resource", resource)) }
        if let clientId = auth.clientId { grant.append(("client_id", clientId)) }
        let tokens: TokenResponse
        do {
            tokens = try await TokenEndpoint.request(endpoint.tokenURL, grant: grant, client: nil, server: server.name)
        } catch {
            throw refusal(error)
        }
        let subject = await TokenClaims.decode(assertion).flatMap(\.subject)
        let saved = try vault.save(tokens, context: .init(issuer: endpoint.issuer, tokenEndpoint: endpoint.tokenURL, clientId: auth.clientId,
                                                          resource: resource, requestedScopes: auth.scopes, subject: subject,
                                                          replacesSession: true), now: now)
        return LoginReport(server: server.name, account: vault.account, grant: .jwtBearer, issuer: endpoint.issuer, client: nil,
                           subject: subject, scopes: saved.scopes, expiresAt: saved.expiresAt, refreshable: false)
    }

    /// A refusal said as what it means for a workload token (RFC 7523 §3.1, RFC 6749 §5.2).
    private func refusal(_ error: OAuthError) -> OAuthError {
        let hint: String
        switch true {
        case error.message.contains("invalid_grant"):
            hint = "the workload token from \(auth.assertion) was refused: check its audience (the authorization server's issuer) and that it has not expired"
        case error.message.contains("invalid_scope"):
            hint = "the authorization server does not allow auth.scopes \(auth.scopes.joined(separator: " ")) for this workload"
        case error.message.contains("unauthorized_client"):
            hint = "the authorization server does not let this workload use the jwt-bearer grant; its federation must be set up there"
        default:
            return error
        }
        return OAuthError(.verificationFailed, server: server.name, message: error.message.replacingOccurrences(of: "no longer accepts the grant", with: "refused the workload token"),
                          hint: hint)
    }

    /// The workload's JWT from its source, trimmed and checked to be a compact JWS.
    func workloadToken() async throws(OAuthError) -> String {
        let raw: String
        switch auth.assertion {
        case .file(let path):
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw unavailable("the workload token file \(path) cannot be read")
            }
            defer { try? handle.close() }
            let data = (try? handle.read(upToCount: Self.maximumTokenBytes + 1)) ?? Data()
            guard data.count <= Self.maximumTokenBytes else { throw unavailable("the workload token file \(path) is larger than 64 KiB") }
            raw = String(decoding: data, as: UTF8.self)
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else { throw unavailable("$\(name) is not set") }
            raw = value
        case .command(let arguments):
            raw = try await commandOutput(arguments)
        }
        let token = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        SecretRedactor.shared.remember(token)
        let parts = token.split(separator: "." as Character, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(Self.isBase64URL) }) else {
            throw unavailable("the workload token from \(auth.assertion) is not a JWT (expected three base64url parts)")
        }
        return token
    }

    private static func isBase64URL(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
    }

    private func commandOutput(_ arguments: [String]) async throws(OAuthError) -> String {
        guard let program = arguments.first, let path = ExecutableLocator.find(program, environment: environment) else {
            throw unavailable("the workload token command \(arguments.first ?? "") is not on PATH")
        }
        do {
            let result = try await Subprocess.run(.path(FilePath(path)), arguments: Arguments(Array(arguments.dropFirst())),
                                                  environment: .custom(environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] }),
                                                  input: .none, output: .string(limit: Self.maximumTokenBytes), error: .discarded)
            guard case .exited(0) = result.terminationStatus else {
                throw unavailable("the workload token command \(program) failed (\(result.terminationStatus))")
            }
            return result.standardOutput
        } catch let error as OAuthError {
            throw error
        } catch {
            throw unavailable("the workload token command \(program) could not run: \(error)")
        }
    }

    private func unavailable(_ message: String) -> OAuthError {
        OAuthError(.verificationFailed, server: server.name, message: message,
                   hint: "auth.assertion names where the workload's JWT is read (file, env or command); see docs/workload-identity.md")
    }
}
