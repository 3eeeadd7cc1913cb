"""Real MCP servers for mcpdash's tests, built on fastmcp and started on loopback.

    python mcp_peer.py --auth open|bearer|jwt [--transport http|sse|stdio] [--json-response]
                       [--token TOKEN=SUBJECT ...] [--tokens-out FILE]

HTTP and SSE peers bind an ephemeral port on 127.0.0.1 themselves and print `READY <port>`
on stdout once they accept connections. Every peer has a `whoami` tool that answers with
what the server knows about the caller. A `jwt` peer writes the tokens it minted (valid,
expired, wrong audience, missing scope) as JSON to --tokens-out.
"""
import argparse
import asyncio
import json
import socket
import sys

from fastmcp import FastMCP
from fastmcp.server.auth.providers.jwt import JWTVerifier, RSAKeyPair, StaticTokenVerifier
from fastmcp.server.dependencies import get_access_token

ISSUER = "https://issuer.mcpdash.test"
AUDIENCE = "mcpdash-peer"


def build_auth(args):
    if args.auth == "open":
        return None
    if args.auth == "bearer":
        tokens = {}
        for pair in args.token:
            token, _, subject = pair.partition("=")
            tokens[token] = {"client_id": subject or "static-client", "scopes": ["mcp:read"], "sub": subject}
        return StaticTokenVerifier(tokens=tokens, required_scopes=["mcp:read"])
    if args.auth == "jwt":
        keys = RSAKeyPair.generate()
        minted = {
            "valid": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=AUDIENCE, scopes=["mcp:read"]),
            "expired": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=AUDIENCE, scopes=["mcp:read"],
                                         expires_in_seconds=-600),
            "wrongAudience": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience="someone-else",
                                               scopes=["mcp:read"]),
            "wrongIssuer": keys.create_token(subject="alice@example.com", issuer="https://evil.example", audience=AUDIENCE,
                                             scopes=["mcp:read"]),
            "missingScope": keys.create_token(subject="alice@example.com", issuer=ISSUER, audience=AUDIENCE, scopes=["other"]),
        }
        if args.tokens_out:
            with open(args.tokens_out, "w") as handle:
                json.dump({"issuer": ISSUER, "audience": AUDIENCE, "tokens": minted}, handle)
        return JWTVerifier(public_key=keys.public_key, issuer=ISSUER, audience=AUDIENCE, required_scopes=["mcp:read"])
    raise SystemExit(f"unknown auth mode {args.auth}")


def build_server(args):
    server = FastMCP(name=f"mcpdash-peer-{args.auth}", auth=build_auth(args))

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


async def serve_http(args, server):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(128)
    port = listener.getsockname()[1]
    print(f"READY {port}", flush=True)
    await server.run_http_async(
        show_banner=False,
        transport="sse" if args.transport == "sse" else "http",
        path="/sse" if args.transport == "sse" else "/mcp",
        json_response=args.json_response,
        log_level="warning",
        sockets=[listener],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--auth", choices=["open", "bearer", "jwt"], default="open")
    parser.add_argument("--transport", choices=["http", "sse", "stdio"], default="http")
    parser.add_argument("--json-response", action="store_true")
    parser.add_argument("--token", action="append", default=[], help="TOKEN=SUBJECT accepted by a bearer peer")
    parser.add_argument("--tokens-out", help="where a jwt peer writes the tokens it minted")
    parser.add_argument("--tag", help="ignored; lets a test find this process")
    args = parser.parse_args()
    server = build_server(args)
    if args.transport == "stdio":
        server.run(transport="stdio", show_banner=False)
    else:
        asyncio.run(serve_http(args, server))


if __name__ == "__main__":
    sys.exit(main())
