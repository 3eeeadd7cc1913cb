"""Real MCP servers for mcpdash's tests, built on fastmcp and started on loopback.

    python mcp_peer.py --auth introspect --issuer URL --introspection-client ID:SECRET
    python mcp_peer.py --auth open|bearer|jwt|oauth [--access-ttl SECONDS] [--transport http|sse|stdio] [--json-response]
                       [--token TOKEN=SUBJECT ...] [--tokens-out FILE]
    python mcp_peer.py --auth raw [--challenge VALUE] [--date HTTP-DATE] [--prm-issuer URL]
                       [--as-issuer URL]

HTTP and SSE peers bind an ephemeral port on 127.0.0.1 themselves and print `READY <port>`
on stdout once they accept connections. Every peer has a `whoami` tool that answers with
what the server knows about the caller. A `jwt` peer writes the tokens it minted (valid,
expired, wrong audience, wrong issuer, missing scope, signed by another key) as JSON to
--tokens-out. A `raw` peer is not an MCP server: it answers every POST with 401 and the given
challenge (`{port}` is replaced by its port), with an optional fake `Date`, and serves
Protected Resource Metadata and authorization-server metadata when asked to — the failures
triage must recognise.
"""
import argparse
import asyncio
import http.server
import json
import socket
import sys

from fastmcp import FastMCP
from fastmcp.server.auth.auth import ClientRegistrationOptions, RevocationOptions
from fastmcp.server.auth.providers import in_memory
from fastmcp.server.auth.providers.in_memory import InMemoryOAuthProvider
from fastmcp.server.auth.providers.jwt import JWTVerifier, RSAKeyPair, StaticTokenVerifier
from fastmcp.server.dependencies import get_access_token

ISSUER = "https://issuer.mcpdash.test"


def build_auth(args, audience, base=None):
    if args.auth == "open":
        return None
    if args.auth == "introspect":
        # A resource server that trusts an external authorization server (the OIDC peer) and
        # checks every token at its introspection endpoint; it serves PRM naming that server.
        from fastmcp.server.auth.auth import RemoteAuthProvider
        from fastmcp.server.auth.providers.introspection import IntrospectionTokenVerifier
        client_id, _, client_secret = args.introspection_client.partition(":")
        verifier = IntrospectionTokenVerifier(introspection_url=args.issuer.rstrip("/") + "/introspect/", client_id=client_id,
                                              client_secret=client_secret, required_scopes=["mcp:read"])
        return RemoteAuthProvider(token_verifier=verifier, authorization_servers=[args.issuer], base_url=base,
                                  scopes_supported=["mcp:read"])
    if args.auth == "oauth":
        # The server is its own authorization server: DCR, PKCE, rotating refresh, revoke.
        in_memory.DEFAULT_ACCESS_TOKEN_EXPIRY_SECONDS = args.access_ttl
        return InMemoryOAuthProvider(base_url=base, required_scopes=["mcp:read"],
                                     client_registration_options=ClientRegistrationOptions(enabled=True),
                                     revocation_options=RevocationOptions(enabled=True))
    if args.auth == "bearer":
        tokens = {}
        for pair in args.token:
            token, _, subject = pair.partition("=")
            tokens[token] = {"client_id": subject or "static-client", "scopes": ["mcp:read"], "sub": subject}
        return StaticTokenVerifier(tokens=tokens, required_scopes=["mcp:read"])
    if args.auth == "jwt":
        keys = RSAKeyPair.generate()
        minted = {
            "valid": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=audience, scopes=["mcp:read"]),
            "expired": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=audience, scopes=["mcp:read"],
                                         expires_in_seconds=-600),
            "wrongAudience": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience="someone-else",
                                               scopes=["mcp:read"]),
            "wrongIssuer": keys.create_token(subject="alice@example.com", issuer="https://evil.example", audience=audience,
                                             scopes=["mcp:read"]),
            "missingScope": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=audience, scopes=["other"]),
            "otherKey": RSAKeyPair.generate().create_token(subject="alice@example.com", issuer=ISSUER, audience=audience,
                                                           scopes=["mcp:read"]),
        }
        if args.tokens_out:
            with open(args.tokens_out, "w") as handle:
                json.dump({"issuer": ISSUER, "audience": audience, "tokens": minted}, handle)
        return JWTVerifier(public_key=keys.public_key, issuer=ISSUER, audience=audience, required_scopes=["mcp:read"])
    raise SystemExit(f"unknown auth mode {args.auth}")


def build_server(args, audience, base=None):
    server = FastMCP(name=f"mcpdash-peer-{args.auth}", auth=build_auth(args, audience, base))

    @server.tool
    def whoami() -> dict:
        """Who the server thinks the caller is."""
        token = get_access_token()
        if token is None:
            return {"anonymous": True}
        claims = dict(token.claims or {})
        return {"sub": claims.get("sub") or token.client_id, "client_id": token.client_id,
                "scopes": list(token.scopes or []), "claims": claims}

    @server.tool
    def echo(text: str) -> str:
        """Returns its argument."""
        return text

    return server


async def serve_http(args):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    path = "/sse" if args.transport == "sse" else "/mcp"
    # Tokens are minted for this server's own resource URI, as an authorization server would.
    server = build_server(args, audience=f"http://127.0.0.1:{port}{path}", base=f"http://127.0.0.1:{port}")
    print(f"READY {port}", flush=True)
    await server.run_http_async(
        show_banner=False,
        transport="sse" if args.transport == "sse" else "http",
        path=path,
        json_response=args.json_response,
        log_level="warning",
        sockets=[listener],
    )


def serve_raw(args):
    """A plain HTTP server that refuses everything, for triage scenarios."""
    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None, bind_and_activate=True)
    posts = {"count": 0}
    port = listener.server_address[1]
    base = f"http://127.0.0.1:{port}"

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def date_time_string(self, timestamp=None):
            return args.date or super().date_time_string(timestamp)

        def reply(self, status, body=None, headers=()):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if args.token_json and self.path == "/token":
                return self.json_token(body)
            if args.mcp_lite:
                return self.lite_post(body)
            if args.silent_sse:
                return self.reply(202)
            posts["count"] += 1
            if posts["count"] <= args.fail_first:
                return self.reply(args.fail_status, {"error": "try again"}, [("Retry-After", "0")])
            headers = [("WWW-Authenticate", args.challenge.replace("{port}", str(port)))] if args.challenge else []
            self.reply(401, {"error": "unauthorized"}, headers)

        def lite_post(self, body):
            # Just enough MCP for a session: initialize, notifications, tools/list, ping.
            message = json.loads(body or b"{}")
            if "id" not in message:
                return self.reply(202)
            result = {}
            if message.get("method") == "initialize":
                result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"logging": {}},
                          "serverInfo": {"name": "mcpdash-lite-peer", "version": "1"}}
            elif message.get("method") == "tools/list":
                result = {"tools": []}
            self.reply(200, {"jsonrpc": "2.0", "id": message["id"], "result": result}, [("Mcp-Session-Id", "lite-session")])

        def lite_stream(self):
            # The GET stream: one server-initiated log message, then silence until the client leaves.
            posts["streams"] = posts.get("streams", 0) + 1
            if self.headers.get("Mcp-Session-Id") != "lite-session":
                return self.reply(400, {"error": "no session"})
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            import time
            time.sleep(0.5)
            note = {"jsonrpc": "2.0", "method": "notifications/message",
                    "params": {"level": "info", "data": "hello from the server stream"}}
            try:
                self.wfile.write(b"event: message\ndata: " + json.dumps(note).encode() + b"\n\n")
                self.wfile.flush()
                for _ in range(600):
                    time.sleep(0.1)
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def json_token(self, body):
            # Eka's client-credentials shape: a JSON body and an X-API-KEY header.
            client_id, client_secret, api_key = args.token_json.split(":", 2)
            try:
                request = json.loads(body or b"{}")
            except ValueError:
                return self.reply(400, {"error": "invalid_request", "error_description": "the body is not JSON"})
            if self.headers.get("Content-Type", "").split(";")[0] != "application/json" or self.headers.get("X-API-KEY") != api_key:
                return self.reply(401, {"error": "invalid_client", "error_description": "JSON body and X-API-KEY required"})
            if (request.get("client_id"), request.get("client_secret"), request.get("grant_type")) != (client_id, client_secret,
                                                                                                     "client_credentials"):
                return self.reply(401, {"error": "invalid_client"})
            posts["count"] += 1
            self.reply(200, {"access_token": f"eka-access-{posts['count']}-{client_id}", "token_type": "Bearer", "expires_in": 1800})

        def do_GET(self):
            if args.silent_sse and self.path == "/sse":
                # Announce an endpoint, then never say another word.
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                self.wfile.write(b"event: endpoint\ndata: /messages\n\n")
                self.wfile.flush()
                import time
                time.sleep(3600)
                return
            if self.path == "/count":
                return self.reply(200, {"posts": posts["count"], "streams": posts.get("streams", 0)})
            if args.mcp_lite and self.path == "/mcp":
                return self.lite_stream()
            if args.prm_issuer and self.path == "/.well-known/oauth-protected-resource/mcp":
                self.reply(200, {"resource": f"{base}/mcp", "authorization_servers": [args.prm_issuer.replace("{port}", str(port))],
                                 "scopes_supported": ["mcp:read"], "bearer_methods_supported": ["header"]})
            elif args.as_issuer and self.path == "/.well-known/oauth-authorization-server":
                issuer = args.as_issuer.replace("{port}", str(port))
                metadata = {"issuer": issuer, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                            "response_types_supported": ["code"], "code_challenge_methods_supported": ["S256"]}
                if args.no_pkce:
                    del metadata["code_challenge_methods_supported"]
                self.reply(200, metadata)
            else:
                self.reply(404, {"error": "not_found"})

    listener.RequestHandlerClass = Handler
    print(f"READY {port}", flush=True)
    listener.serve_forever()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--auth", choices=["open", "bearer", "jwt", "oauth", "introspect", "raw"], default="open")
    parser.add_argument("--transport", choices=["http", "sse", "stdio"], default="http")
    parser.add_argument("--json-response", action="store_true")
    parser.add_argument("--token", action="append", default=[], help="TOKEN=SUBJECT accepted by a bearer peer")
    parser.add_argument("--access-ttl", type=int, default=3600, help="oauth: access-token lifetime in seconds")
    parser.add_argument("--issuer", help="introspect: the authorization server's issuer")
    parser.add_argument("--introspection-client", help="introspect: CLIENT_ID:SECRET for the introspection endpoint")
    parser.add_argument("--tokens-out", help="where a jwt peer writes the tokens it minted")
    parser.add_argument("--tag", help="ignored; lets a test find this process")
    parser.add_argument("--challenge", help="raw: the WWW-Authenticate value of every 401")
    parser.add_argument("--date", help="raw: the Date header to send instead of the real time")
    parser.add_argument("--prm-issuer", help="raw: serve Protected Resource Metadata naming this authorization server")
    parser.add_argument("--as-issuer", help="raw: serve authorization-server metadata claiming this issuer")
    parser.add_argument("--mcp-lite", action="store_true", help="raw: a minimal MCP session whose GET stream sends one log message")
    parser.add_argument("--no-pkce", action="store_true", help="raw: authorization-server metadata without code_challenge_methods_supported")
    parser.add_argument("--token-json", help="raw: CLIENT:SECRET:APIKEY; POST /token takes Eka's JSON client-credentials request")
    parser.add_argument("--fail-first", type=int, default=0, help="raw: answer the first N POSTs with --fail-status")
    parser.add_argument("--fail-status", type=int, default=503, help="raw: the status of those failures")
    parser.add_argument("--silent-sse", action="store_true", help="raw: a legacy SSE stream that announces its endpoint, then falls silent")
    args = parser.parse_args()
    if args.auth == "raw":
        return serve_raw(args)
    if args.transport == "stdio":
        build_server(args, audience="mcpdash-stdio-peer").run(transport="stdio", show_banner=False)
    else:
        asyncio.run(serve_http(args))


if __name__ == "__main__":
    sys.exit(main())
