import Foundation

/// One trip through the browser to an authorization endpoint: PKCE S256, `state`, a `nonce`
/// for OIDC, RFC 8707 `resource`, and the callback checked (error, `state`, RFC 9207 `iss`)
/// before its code is handed back to be redeemed.
public enum BrowserAuthorization {
    /// What the trip brought back.
    public struct Result: Sendable {
        /// The authorization code.
        public var code: String
        /// The PKCE pair whose challenge went out; its verifier redeems the code.
        public var pkce: PKCE
        /// The nonce sent, which the id_token must carry.
        public var nonce: String?
    }

    /// Sends the browser to `authorizationEndpoint` of `metadata` as `clientId` and waits on `listener`.
    public static func run(server: String, account: String, journal: StateDatabase, metadata: AuthorizationServerMetadata,
                           authorizationEndpoint: String, clientId: String, scopes: [String], resource: String?, oidc: Bool,
                           listener: LoopbackCallbackListener, options: LoginOptions, progress: LoginProgress) async throws -> Result {
        let pkce = PKCE()
        let state = PKCE.randomValue()
        listener.expect(state: state)
        let nonce = oidc ? PKCE.randomValue() : nil
        var query: [(String, String)] = [("response_type", "code"), ("client_id", clientId), ("redirect_uri", listener.redirectURI),
                                         ("code_challenge", pkce.challenge), ("code_challenge_method", pkce.method), ("state", state)]
        if !scopes.isEmpty { query.append(("scope", scopes.joined(separator: " "))) }
        if let resource { query.append(("resource", resource)) }
        if let nonce { query.append(("nonce", nonce)) }
        let separator = authorizationEndpoint.contains("?") ? "&" : "?"
        let url = authorizationEndpoint + separator + OAuthHTTP.query(query)
        _ = try? journal.append(JournalEvent(server: server, account: account, operation: .login, outcome: .info, message: "authorize at \(url)"))
        progress(.authorize(url: url, redirectURI: listener.redirectURI, deadline: Date().addingTimeInterval(options.timeout.seconds)))
        if options.openBrowser { progress(.browser(program: BrowserOpener.open(url, environment: options.environment))) }
        let callback = try await listener.waitForCallback(timeout: options.timeout, server: server)
        try check(callback: callback, state: state, metadata: metadata, server: server)
        guard let code = callback["code"], !code.isEmpty else {
            throw OAuthError(.malformedResponse, server: server, message: "the callback carried neither a code nor an error")
        }
        return Result(code: code, pkce: pkce, nonce: nonce)
    }

    /// Checks the callback before the code is redeemed: an error, the `state`, the `iss`.
    static func check(callback: [String: String], state: String, metadata: AuthorizationServerMetadata, server: String) throws(OAuthError) {
        let returnedIssuer = callback["iss"]
        if let returnedIssuer, returnedIssuer != metadata.issuer {
            // RFC 9207 §2.4: the response may come from an attacker; show none of its text.
            throw OAuthError(.responseIssuerMismatch, server: server,
                             message: "the authorization response came from issuer \(returnedIssuer), not \(metadata.issuer); the code was not redeemed (a mix-up attack or a misconfigured server)")
        }
        if returnedIssuer == nil, metadata.authorizationResponseIssuerSupported {
            throw OAuthError(.responseIssuerMismatch, server: server,
                             message: "\(metadata.issuer) promises an iss parameter in its authorization responses, but this one had none; the code was not redeemed")
        }
        guard callback["state"] == state else {
            throw OAuthError(.stateMismatch, server: server,
                             message: "the callback's state does not match the login's; it was forged or belongs to another login, and its code was not redeemed",
                             hint: "run mcpdash login \(server) again, and use only the URL it prints")
        }
        if let error = callback["error"] {
            let description = callback["error_description"].map { ": \($0)" } ?? ""
            throw OAuthError(.denied, server: server, message: "the authorization server declined (\(error)\(description))")
        }
    }
}
