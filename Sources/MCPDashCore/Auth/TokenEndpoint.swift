import Foundation
import MCP

/// Requests to an authorization server's token endpoint, with its errors made plain.
public enum TokenEndpoint {
    /// POSTs a grant as a form and returns the tokens, or throws what the server meant.
    ///
    /// With `dpop`, each attempt carries a fresh DPoP proof (RFC 9449 §5); a `use_dpop_nonce`
    /// answer with a `DPoP-Nonce` is retried once with that nonce (§8), and a fresh client
    /// assertion. `onRefreshToken` receives a well-formed `refresh_token` of a 200 answer before
    /// anything else of the answer is judged, so a rotation is never lost to a malformed rest.
    public static func request(_ url: String, grant fields: [(String, String)], client: ClientIdentity?,
                               headers extraHeaders: [(String, String)] = [], dpop: DPoPKey? = nil, server: String,
                               onRefreshToken: ((String) throws -> Void)? = nil) async throws(OAuthError) -> TokenResponse {
        var nonce: String? = nil
        var response: OAuthHTTP.Response
        repeat {
            var fields = fields
            var headers = extraHeaders
            if let client {
                do {
                    (fields, headers) = try await client.authenticated(fields: fields, headers: headers, audience: url)
                } catch {
                    throw OAuthError(.unsupported, server: server, message: "cannot sign the client assertion: \(error)")
                }
            }
            if let dpop { headers.append(("DPoP", dpop.proof(method: "POST", url: url, nonce: nonce))) }
            response = try await OAuthHTTP.postForm(url, fields: fields, headers: headers, server: server)
            guard dpop != nil, nonce == nil, response.status == 400, response.errorCode == "use_dpop_nonce",
                  let offered = response.headers.first(name: "dpop-nonce"), DPoPSession.isNonce(offered) else { break }
            nonce = offered
        } while true
        if let onRefreshToken, response.status == 200, let refresh = response.object?["refresh_token"]?.stringValue,
           TokenResponse.isTokenText(refresh) {
            do {
                try onRefreshToken(refresh)
            } catch {
                throw OAuthError(.unsupported, server: server, message: "the rotated refresh token could not be stored: \((error as? any UserFacingError)?.summary ?? "\(error)")",
                                 hint: "mcpdash doctor checks the keyring")
            }
        }
        return try tokens(from: response, url: url, server: server)
    }

    /// POSTs a JSON body (Eka's client-credentials shape) and returns the tokens.
    public static func requestJSON(_ url: String, body: [String: Value], headers: [(String, String)],
                                   server: String) async throws(OAuthError) -> TokenResponse {
        let response = try await OAuthHTTP.postJSON(url, object: body, headers: headers, server: server)
        return try tokens(from: response, url: url, server: server)
    }

    /// The tokens of a response, or the error it carries.
    static func tokens(from response: OAuthHTTP.Response, url: String, server: String) throws(OAuthError) -> TokenResponse {
        if response.status == 200, let object = response.object {
            if let tokens = TokenResponse(object: object) { return tokens }
            throw OAuthError(.malformedResponse, server: server, message: "the token endpoint \(url) answered 200 without an access_token")
        }
        throw error(from: response, url: url, server: server)
    }

    /// The typed error of a failed token-endpoint response (RFC 6749 §5.2).
    static func error(from response: OAuthHTTP.Response, url: String, server: String) -> OAuthError {
        let description = response.errorDescription.map { ": \($0)" } ?? ""
        switch response.errorCode {
        case "invalid_grant":
            return OAuthError(.loginRequired, server: server, message: "the authorization server no longer accepts the grant (invalid_grant\(description))",
                              hint: "mcpdash login \(server)")
        case "invalid_client":
            return OAuthError(.invalidClient, server: server, message: "the authorization server does not know this client (invalid_client\(description))",
                              hint: "the registration is stale: mcpdash logout \(server) --forget registration, then mcpdash login \(server)")
        case let code?:
            return OAuthError(.tokenEndpoint, server: server, message: "the token endpoint refused the request (HTTP \(response.status), \(code)\(description))")
        case nil where response.object == nil:
            return OAuthError(.malformedResponse, server: server, message: "the token endpoint \(url) answered HTTP \(response.status) without a JSON error")
        case nil:
            return OAuthError(.tokenEndpoint, server: server, message: "the token endpoint \(url) answered HTTP \(response.status)")
        }
    }
}
