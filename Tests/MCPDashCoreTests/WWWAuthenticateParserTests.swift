import Testing
@testable import MCPDashCore

@Suite("WWW-Authenticate parser")
struct WWWAuthenticateParserTests {
    typealias Challenge = WWWAuthenticateChallenge
    typealias Parameter = WWWAuthenticateChallenge.Parameter

    @Test("RFC 9110 §11.6.1: two challenges in one value, escapes inside quoted strings")
    func rfc9110Example() {
        let result = WWWAuthenticateParser.parse(#"Newauth realm="apps", type=1, title="Login to \"apps\"", Basic realm="simple""#)
        #expect(result.problems.isEmpty)
        #expect(result.challenges == [
            Challenge(scheme: "Newauth", parameters: [.init(name: "realm", value: "apps"), .init(name: "type", value: "1"),
                                                      .init(name: "title", value: #"Login to "apps""#)]),
            Challenge(scheme: "Basic", parameters: [.init(name: "realm", value: "simple")]),
        ])
    }

    @Test("RFC 6750 §3 examples", arguments: [
        (#"Bearer realm="example""#, [Parameter(name: "realm", value: "example")]),
        (#"Bearer realm="example", error="invalid_token", error_description="The access token expired""#,
         [Parameter(name: "realm", value: "example"), Parameter(name: "error", value: "invalid_token"),
          Parameter(name: "error_description", value: "The access token expired")]),
        (#"Bearer error="insufficient_scope", scope="files:read files:write""#,
         [Parameter(name: "error", value: "insufficient_scope"), Parameter(name: "scope", value: "files:read files:write")]),
    ])
    func rfc6750(_ header: String, _ parameters: [Parameter]) {
        let result = WWWAuthenticateParser.parse(header)
        #expect(result.problems.isEmpty)
        #expect(result.challenges == [Challenge(scheme: "Bearer", parameters: parameters)])
    }

    @Test("RFC 9728 §5.1 and the header fastmcp sends")
    func resourceMetadata() throws {
        let rfc = WWWAuthenticateParser.parse(#"Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource""#)
        #expect(rfc.first(scheme: "bearer")?.resourceMetadata == "https://resource.example.com/.well-known/oauth-protected-resource")
        let fastmcp = WWWAuthenticateParser.parse(
            #"Bearer error="invalid_token", error_description="Authentication required", scope="mcp:read", resource_metadata="http://127.0.0.1:8712/.well-known/oauth-protected-resource/mcp""#)
        let bearer = try #require(fastmcp.first(scheme: "Bearer"))
        #expect(bearer.error == "invalid_token")
        #expect(bearer.scopes == ["mcp:read"])
        #expect(bearer.resourceMetadata == "http://127.0.0.1:8712/.well-known/oauth-protected-resource/mcp")
    }

    @Test("headers captured from the fastmcp peers: no token, and a rejected token")
    func capturedFromPeers() throws {
        let missing = WWWAuthenticateParser.parse(#"Bearer scope="mcp:read""#)
        #expect(missing.challenges == [Challenge(scheme: "Bearer", parameters: [.init(name: "scope", value: "mcp:read")])])
        let rejected = WWWAuthenticateParser.parse(#"Bearer error="invalid_token", error_description="Authentication failed. The provided bearer token is invalid, expired, or no longer recognized by the server. To resolve: clear authentication tokens in your MCP client and reconnect. Your client should automatically re-register and obtain new tokens.", scope="mcp:read""#)
        #expect(rejected.problems.isEmpty)
        let bearer = try #require(rejected.first(scheme: "Bearer"))
        #expect(bearer.error == "invalid_token")
        #expect(bearer.errorDescription?.hasPrefix("Authentication failed.") == true)
        #expect(bearer.scopes == ["mcp:read"])
    }

    @Test("token68, bare schemes, BWS around '=', empty list elements, case-insensitive names, unknown parameters kept")
    func grammarCorners() {
        let result = WWWAuthenticateParser.parse(#" , Negotiate YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEF==, Basic,  DPoP algs="ES256 PS256" , Bearer REALM = "x" , Foo=bar , x-custom="kept""#)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.challenges == [
            Challenge(scheme: "Negotiate", token68: "YIIGhgYJKoZIhvcSAQICAQBuggZ1MIIGcaADAgEF=="),
            Challenge(scheme: "Basic"),
            Challenge(scheme: "DPoP", parameters: [.init(name: "algs", value: "ES256 PS256")]),
            Challenge(scheme: "Bearer", parameters: [.init(name: "realm", value: "x"), .init(name: "foo", value: "bar"),
                                                     .init(name: "x-custom", value: "kept")]),
        ])
        #expect(result.challenges[3]["Realm"] == "x")
        #expect(result.first(scheme: "dpop") != nil)
    }

    @Test("a lone word after the scheme is a token68, as the grammar says")
    func token68Ambiguity() {
        #expect(WWWAuthenticateParser.parse("Bearer realm").challenges == [Challenge(scheme: "Bearer", token68: "realm")])
        #expect(WWWAuthenticateParser.parse("Bearer error=").challenges == [Challenge(scheme: "Bearer", token68: "error=")])
    }

    @Test("several header lines are parsed in order")
    func severalLines() {
        let result = WWWAuthenticateParser.parse(["Basic realm=\"a\"", "Bearer error=\"invalid_token\""])
        #expect(result.challenges.map(\.scheme) == ["Basic", "Bearer"])
    }

    @Test("malformed headers are reported, keeping what came before", arguments: [
        (#"Bearer realm="unterminated"#, 1, "the quoted value of realm is never closed"),
        (#"Bearer@ realm="x""#, 0, "expected a space after the scheme Bearer"),
        (#"Bearer realm="a" error="b""#, 1, "expected ',' after the value of realm"),
        (#"Bearer realm="a", ="b""#, 1, "unexpected '='"),
        (#""quoted-scheme""#, 0, "unexpected '\"'"),
        (#"Bearer realm="a", error="#, 1, "expected a space after the scheme error"),
    ])
    func malformed(_ header: String, _ kept: Int, _ problem: String) {
        let result = WWWAuthenticateParser.parse(header)
        #expect(result.challenges.count == kept)
        #expect(result.problems.count == 1)
        #expect(result.problems.first?.contains(problem) == true, "\(result.problems)")
    }
}
