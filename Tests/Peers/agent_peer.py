"""A client-credentials authorization server and an MCP server in one process, for the agent tests.

POST /token   the client credentials grant (HTTP Basic with --client ID:SECRET); short-lived
              tokens (--ttl seconds). While the control switch `token_down` is on, a token
              request gets no answer until the switch goes off again (then a 503).
POST /mcp     just enough MCP (initialize, notifications, ping, tools/list, tools/call whoami)
              for a bearer token this peer issued and that has not expired. While
              `unauthorized` is on, every request gets a 401 with a Bearer challenge.
GET /control  ?unauthorized=0|1&token_down=0|1 flips the switches; answers their state.
GET /count    how many token requests were made and answered, and how many MCP requests.

Prints `READY PORT` once it listens on 127.0.0.1.
"""

import argparse
import base64
import http.server
import json
import secrets
import sys
import threading
import time
import urllib.parse


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--client", required=True, help="CLIENT_ID:SECRET the token endpoint accepts")
    parser.add_argument("--ttl", type=int, default=30, help="access-token lifetime in seconds")
    args = parser.parse_args()
    client_id, client_secret = args.client.split(":", 1)

    lock = threading.Lock()
    issued = {}  # token -> expiry (epoch seconds)
    counts = {"token_requests": 0, "tokens_issued": 0, "mcp_requests": 0, "refused": 0}
    switches = {"unauthorized": False, "token_down": False}
    token_up = threading.Event()
    token_up.set()

    listener = http.server.ThreadingHTTPServer(("127.0.0.1", 0), None, bind_and_activate=True)
    listener.daemon_threads = True
    port = listener.server_address[1]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def reply(self, status, body=None, headers=()):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            if self.path == "/token":
                return self.token(body)
            if self.path == "/mcp":
                return self.mcp(body)
            self.reply(404, {"error": "not_found"})

        def token(self, body):
            with lock:
                counts["token_requests"] += 1
            if not token_up.is_set():
                # No answer while the switch is on; a 503 once it is off again.
                token_up.wait()
                return self.reply(503, {"error": "temporarily_unavailable"})
            form = urllib.parse.parse_qs(body.decode())
            expected = "Basic " + base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
            if self.headers.get("Authorization") != expected:
                return self.reply(401, {"error": "invalid_client"})
            if form.get("grant_type") != ["client_credentials"]:
                return self.reply(400, {"error": "unsupported_grant_type"})
            token = "agent-access-" + secrets.token_hex(12)
            with lock:
                issued[token] = time.time() + args.ttl
                counts["tokens_issued"] += 1
            self.reply(200, {"access_token": token, "token_type": "Bearer", "expires_in": args.ttl},
                       [("Cache-Control", "no-store")])

        def mcp(self, body):
            with lock:
                counts["mcp_requests"] += 1
                header = self.headers.get("Authorization", "")
                token = header[len("Bearer "):] if header.startswith("Bearer ") else None
                valid = token is not None and issued.get(token, 0) > time.time()
                refuse = switches["unauthorized"] or not valid
                if refuse:
                    counts["refused"] += 1
            if refuse:
                challenge = 'Bearer error="invalid_token", error_description="the access token is not accepted"'
                return self.reply(401, {"error": "invalid_token"}, [("WWW-Authenticate", challenge)])
            try:
                message = json.loads(body or b"{}")
            except ValueError:
                return self.reply(400, {"error": "not JSON"})
            if "id" not in message:
                return self.reply(202)
            method = message.get("method")
            if method == "initialize":
                result = {"protocolVersion": message["params"]["protocolVersion"], "capabilities": {"tools": {}},
                          "serverInfo": {"name": "mcpdash-agent-peer", "version": "1"}}
            elif method == "tools/list":
                result = {"tools": [{"name": "whoami", "description": "who the token belongs to",
                                     "inputSchema": {"type": "object", "properties": {}}}]}
            elif method == "tools/call":
                result = {"content": [{"type": "text", "text": json.dumps({"client_id": client_id})}]}
            else:
                result = {}
            self.reply(200, {"jsonrpc": "2.0", "id": message["id"], "result": result})

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            if url.path == "/control":
                query = urllib.parse.parse_qs(url.query)
                with lock:
                    for name in switches:
                        if name in query:
                            switches[name] = query[name][0] == "1"
                    state = dict(switches)
                if state["token_down"]:
                    token_up.clear()
                else:
                    token_up.set()
                return self.reply(200, state)
            if url.path == "/count":
                with lock:
                    return self.reply(200, dict(counts))
            # No server-initiated stream on GET /mcp.
            self.reply(405 if url.path == "/mcp" else 404, {"error": "not_found"})

        def do_DELETE(self):
            self.reply(200 if self.path == "/mcp" else 404)

    listener.RequestHandlerClass = Handler
    print(f"READY {port}", flush=True)
    listener.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
