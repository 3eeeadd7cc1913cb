"""The client auth scenarios of the MCP conformance suite, re-created for mcpdash's tests.

    python conformance_peer.py --scenario NAME

NAME is a scenario of the suite without its `auth/` prefix (metadata-default, scope-step-up,
dpop-nonce, ...; `--list` prints them all). The peer starts, on loopback, the servers the
scenario needs: an MCP server (Streamable HTTP at /mcp, tools `test-tool` and `whoami`), its
authorization server, and for some scenarios a second authorization server or an enterprise
identity provider. Each behaves as the scenario describes and records the checks the suite
makes, with the same ids and the same SUCCESS / WARNING / FAILURE / INFO rules.

On the MCP server's port:
  GET /checks   every check recorded so far, plus those the scenario adds when it is graded
                (an expected request that never came is a FAILURE), as a JSON list
  GET /context  what the suite hands its client for the scenario: client ids and secrets,
                a private key, workload JWTs, the IdP's issuer ... as a JSON object
  GET /count    how many requests each server saw, by endpoint

Prints READY PORT (the MCP server's) when every server listens.
"""
import argparse
import base64
import hashlib
import http.server
import json
import secrets
import threading
import time
import urllib.parse

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer"
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
ID_JAG = "urn:ietf:params:oauth:token-type:id-jag"
ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token"
CIMD_URL = "https://conformance-test.local/client-metadata.json"
AS_NONCE = "conformance-as-dpop-nonce"
RS_NONCE = "conformance-rs-dpop-nonce"
ASYMMETRIC = {"ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"}

SCENARIOS = [
    "metadata-default", "metadata-var1", "metadata-var2", "metadata-var3", "basic-cimd",
    "scope-from-www-authenticate", "scope-from-scopes-supported", "scope-omitted-when-undefined",
    "scope-step-up", "scope-retry-limit", "token-endpoint-auth-basic", "token-endpoint-auth-post",
    "token-endpoint-auth-none", "pre-registration", "2025-03-26-oauth-metadata-backcompat",
    "2025-03-26-oauth-endpoint-fallback", "client-credentials-jwt", "client-credentials-basic",
    "enterprise-managed-authorization", "dpop", "dpop-nonce", "wif-jwt-bearer", "resource-mismatch",
    "offline-access-scope", "offline-access-not-supported", "authorization-server-migration",
    "iss-supported", "iss-not-advertised", "iss-supported-missing", "iss-wrong-issuer", "iss-unexpected",
    "iss-normalized", "metadata-issuer-mismatch",
]
# mcpdash's own hostile variants, beside the suite's scenarios.
EXTRA_SCENARIOS = ["step-up-ping", "dpop-nonce-churn", "device-grant", "registration-expired", "enterprise-idp-azp", "enterprise-idp-iat",
                   "enterprise-idp-nbf"]


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def s256(verifier):
    return b64url(hashlib.sha256(verifier.encode()).digest())


def es256_pair():
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    return key, pem


def thumbprint(jwk):
    """The RFC 7638 SHA-256 thumbprint of a public JWK."""
    members = {"EC": ("crv", "kty", "x", "y"), "RSA": ("e", "kty", "n"), "OKP": ("crv", "kty", "x")}.get(jwk.get("kty"))
    if not members:
        raise ValueError("unsupported key type")
    canonical = json.dumps({name: jwk[name] for name in members}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def strip_slash(url):
    return url.rstrip("/")


def normalize_htu(url):
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def validate_proof(proof, method, url, token=None):
    """Checks a DPoP proof as the suite does (RFC 9449 §4.3); returns (jkt, claims) or raises ValueError."""
    if not proof:
        raise ValueError("missing DPoP proof header")
    if "," in proof:
        raise ValueError("multiple DPoP proof headers")
    try:
        header = jwt.get_unverified_header(proof)
    except jwt.PyJWTError:
        raise ValueError("DPoP proof is not a well-formed JWT")
    if header.get("typ") != "dpop+jwt":
        raise ValueError("typ must be dpop+jwt")
    if header.get("alg") not in ASYMMETRIC:
        raise ValueError("alg must be a supported asymmetric algorithm")
    jwk = header.get("jwk")
    if not isinstance(jwk, dict):
        raise ValueError("missing jwk header parameter")
    if "d" in jwk:
        raise ValueError("jwk must not contain a private key")
    try:
        key = jwt.PyJWK(jwk, header["alg"]).key
        claims = jwt.decode(proof, key, algorithms=[header["alg"]], options={"verify_aud": False, "verify_exp": False})
    except (jwt.PyJWTError, ValueError, KeyError):
        raise ValueError("DPoP proof signature does not verify")
    if not isinstance(claims.get("jti"), str):
        raise ValueError("missing jti claim")
    if claims.get("htm") != method:
        raise ValueError("htm does not match the request method")
    htu = claims.get("htu")
    if not isinstance(htu, str):
        raise ValueError("htu does not match the request URI")
    if "?" in htu or "#" in htu:
        raise ValueError("htu MUST NOT contain a query or fragment (RFC 9449 §4.2)")
    if normalize_htu(htu) != normalize_htu(url):
        raise ValueError("htu does not match the request URI")
    iat = claims.get("iat")
    if not isinstance(iat, (int, float)) or abs(time.time() - iat) > 300:
        raise ValueError("iat outside the acceptable window")
    if token is not None:
        expected = b64url(hashlib.sha256(token.encode("ascii")).digest())
        if claims.get("ath") != expected:
            raise ValueError("ath does not match the presented access token")
    return thumbprint(jwk), claims


class Listener:
    """One HTTP server on an ephemeral loopback port, dispatching to a `Site`."""

    def __init__(self, site, counts):
        self.site = site
        listener = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_):
                pass

            def handle_one(self, method):
                parts = urllib.parse.urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                request = Request(method, parts.path, dict(urllib.parse.parse_qsl(parts.query)), self.headers, raw)
                with counts_lock:
                    key = f"{site.name} {method} {parts.path}"
                    counts[key] = counts.get(key, 0) + 1
                status, body, headers = listener.site.handle(request)
                data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                sent_type = False
                for name, value in headers:
                    self.send_header(name, value)
                    sent_type = sent_type or name.lower() == "content-type"
                if data and not sent_type:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                self.handle_one("GET")

            def do_POST(self):
                self.handle_one("POST")

            def do_DELETE(self):
                self.handle_one("DELETE")

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


counts_lock = threading.Lock()


class Request:
    def __init__(self, method, path, query, headers, raw):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.raw = raw

    def form(self):
        return dict(urllib.parse.parse_qsl(self.raw.decode("utf-8", "replace")))

    def json(self):
        try:
            value = json.loads(self.raw or b"{}")
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def basic(self):
        """(client_id, client_secret) of an HTTP Basic Authorization header, or None."""
        auth = self.headers.get("Authorization") or ""
        if not auth.startswith("Basic "):
            return None
        try:
            decoded = base64.b64decode(auth[6:]).decode()
        except ValueError:
            return ("", "")
        if ":" not in decoded:
            return ("", "")
        client_id, _, secret = decoded.partition(":")
        return (urllib.parse.unquote_plus(client_id), urllib.parse.unquote_plus(secret))


class Checks:
    """The checks a scenario records, in order."""

    def __init__(self):
        self.items = []
        self.lock = threading.Lock()

    def add(self, check_id, status, description, **details):
        with self.lock:
            self.items.append({"id": check_id, "status": status, "description": description, "details": details})

    def has(self, check_id):
        return any(item["id"] == check_id for item in self.items)


class Verifier:
    """The suite's MockTokenVerifier: `test-token…` and `cc-token…` tokens are valid with the scopes registered."""

    def __init__(self, checks):
        self.checks = checks
        self.scopes = {}
        self.bound = {}     # DPoP-bound token -> key thumbprint

    def register(self, token, scopes, jkt=None):
        self.scopes[token] = list(scopes)
        if jkt:
            self.bound[token] = jkt

    def verify(self, token):
        if token.startswith(("test-token", "cc-token")):
            self.checks.add("valid-bearer-token", "SUCCESS", "Client provided valid bearer token", scopes=self.scopes.get(token, []))
            return self.scopes.get(token, [])
        self.checks.add("invalid-bearer-token", "FAILURE", "Client provided invalid bearer token", token=token[:10] + "...")
        return None


class AuthServer:
    """The suite's createAuthServer: RFC 8414 metadata, authorize (approves at once), token, DCR."""

    name = "as"

    def __init__(self, checks, verifier, **options):
        self.checks = checks
        self.verifier = verifier
        self.o = {"metadata_path": "/.well-known/oauth-authorization-server", "openid": False, "prefix": "",
                  "scopes_supported": None, "grant_types": ["authorization_code", "refresh_token"], "auth_methods": ["none"],
                  "signing_algs": None, "cimd": None, "no_dcr": False, "pkce": ["S256"], "iss_supported": True,
                  "iss_in_redirect": "correct", "metadata_issuer": None, "dpop_algs": None, "dpop_nonce": False,
                  "on_token": None, "on_authorize": None, "on_register": None, "device": False, "secret_expires_at": None}
        self.o.update(options)
        self.base = None
        self.last_scopes = []
        self.challenge = None
        self.dpop = {"recorded": False, "valid": False, "error": None, "as_challenged": False, "as_honored": False}

    def issuer(self):
        issuer = self.o["metadata_issuer"]
        if callable(issuer):
            return issuer()
        return issuer or self.base + self.o["prefix"]

    def endpoint(self, name):
        return f"{self.base}{self.o['prefix']}/{name}"

    def metadata(self):
        o = self.o
        body = {"issuer": self.issuer(), "authorization_endpoint": self.endpoint("authorize"), "token_endpoint": self.endpoint("token"),
                "response_types_supported": ["code"], "grant_types_supported": o["grant_types"],
                "token_endpoint_auth_methods_supported": o["auth_methods"]}
        if not o["no_dcr"]:
            body["registration_endpoint"] = self.endpoint("register")
        if o["pkce"] is not None:
            body["code_challenge_methods_supported"] = o["pkce"]
        if o["iss_supported"] is not None:
            body["authorization_response_iss_parameter_supported"] = o["iss_supported"]
        if o["signing_algs"]:
            body["token_endpoint_auth_signing_alg_values_supported"] = o["signing_algs"]
        if o["dpop_algs"] is not None:
            body["dpop_signing_alg_values_supported"] = o["dpop_algs"]
        if o["scopes_supported"] is not None:
            body["scopes_supported"] = o["scopes_supported"]
        if o["cimd"] is not None:
            body["client_id_metadata_document_supported"] = o["cimd"]
        if o["device"]:
            body["device_authorization_endpoint"] = self.endpoint("device")
            body["grant_types_supported"] = o["grant_types"] + ["urn:ietf:params:oauth:grant-type:device_code"]
        if o["openid"]:
            body.update({"jwks_uri": f"{self.base}/.well-known/jwks.json", "subject_types_supported": ["public"],
                         "id_token_signing_alg_values_supported": ["RS256"]})
        return body

    def handle(self, request):
        if request.method == "GET" and request.path == self.o["metadata_path"]:
            self.checks.add("authorization-server-metadata", "SUCCESS", "Client requested authorization server metadata", path=request.path)
            return 200, self.metadata(), []
        prefix = self.o["prefix"]
        if request.method == "GET" and request.path == prefix + "/authorize":
            return self.authorize(request)
        if request.method == "POST" and request.path == prefix + "/token":
            return self.token(request)
        if request.method == "POST" and request.path == prefix + "/register" and not self.o["no_dcr"]:
            return self.register(request)
        if self.o["device"] and request.method == "POST" and request.path == prefix + "/device":
            body = request.form()
            self.checks.add("device-authorization-resource", "SUCCESS" if body.get("resource") else "FAILURE",
                            f"resource in the device authorization request: {body.get('resource')}")
            self.device = {"code": "device-" + secrets.token_hex(6), "approved": False, "scope": body.get("scope")}
            return 200, {"device_code": self.device["code"], "user_code": "WDJB-MJHT", "expires_in": 300, "interval": 1,
                         "verification_uri": f"{self.base}{prefix}/device-verify"}, []
        if self.o["device"] and request.method == "GET" and request.path == prefix + "/device-verify":
            self.device["approved"] = True
            return 200, b"<html><body>approved</body></html>", [("Content-Type", "text/html")]
        return 404, {"error": "not_found"}, []

    def authorize(self, request):
        q = request.query
        self.checks.add("authorization-request", "SUCCESS", "Client made authorization request", query=q)
        self.challenge = q.get("code_challenge")
        self.checks.add("pkce-code-challenge-sent", "SUCCESS" if self.challenge else "FAILURE",
                        "Client sent code_challenge" if self.challenge else "Client MUST send code_challenge in authorization request")
        method = q.get("code_challenge_method")
        self.checks.add("pkce-s256-method-used", "SUCCESS" if method == "S256" else "FAILURE",
                        "Client used S256" if method == "S256" else "Client MUST use S256 code challenge method", method=method)
        self.last_scopes = q["scope"].split(" ") if q.get("scope") else []
        if self.o["on_authorize"]:
            self.o["on_authorize"](q)
        redirect = {"code": "test-auth-code"}
        if q.get("state"):
            redirect["state"] = q["state"]
        mode = self.o["iss_in_redirect"]
        if mode == "correct":
            redirect["iss"] = self.issuer()
        elif mode == "wrong":
            redirect["iss"] = "https://evil.example.com"
        elif mode == "normalized":
            redirect["iss"] = self.issuer() + "/"
        target = q.get("redirect_uri", "")
        target += ("&" if "?" in target else "?") + urllib.parse.urlencode(redirect)
        return 302, None, [("Location", target)]

    def token(self, request):
        body = request.form()
        grant = body.get("grant_type")
        self.checks.add("token-request", "SUCCESS", "Client requested access token", grantType=grant)
        if grant == "authorization_code":
            verifier = body.get("code_verifier")
            self.checks.add("pkce-code-verifier-sent", "SUCCESS" if verifier else "FAILURE",
                            "Client sent code_verifier" if verifier else "Client MUST send code_verifier in token request")
            matches = bool(verifier and self.challenge and s256(verifier) == self.challenge)
            self.checks.add("pkce-verifier-matches-challenge", "SUCCESS" if matches else "FAILURE",
                            "code_verifier matches code_challenge (S256)" if matches else "code_verifier does not match code_challenge")
        if grant == "urn:ietf:params:oauth:grant-type:device_code":
            device = getattr(self, "device", None)
            if not device or body.get("device_code") != device["code"]:
                return 400, {"error": "invalid_grant"}, []
            if not device["approved"]:
                return 400, {"error": "authorization_pending"}, []
            self.checks.add("device-token-resource", "SUCCESS" if body.get("resource") else "FAILURE",
                            f"resource in the device token request: {body.get('resource')}")
            self.last_scopes = device["scope"].split(" ") if device["scope"] else []
        if self.o["dpop_algs"] is not None:
            answer = self.dpop_token(request, body, grant)
            if answer:
                return answer
        token, scopes = f"test-token-{secrets.token_hex(6)}", self.last_scopes
        if self.o["on_token"]:
            result = self.o["on_token"](request, body, grant)
            if "error" in result:
                return result.get("status", 400), {"error": result["error"], "error_description": result.get("description")}, []
            token, scopes = result["token"], result["scopes"]
        self.verifier.register(token, scopes)
        answer = {"access_token": token, "token_type": "Bearer", "expires_in": 3600}
        if scopes:
            answer["scope"] = " ".join(scopes)
        return 200, answer, []

    def record_proof(self, grant, ok, detail=None):
        if grant != "authorization_code":
            return
        valid = self.dpop["valid"] and ok if self.dpop["recorded"] else ok
        self.dpop["recorded"] = True
        self.dpop["valid"] = valid
        if not valid and detail and not self.dpop["error"]:
            self.dpop["error"] = detail

    def dpop_token(self, request, body, grant):
        proof = request.headers.get_all("DPoP") or []
        if len(proof) > 1 or (proof and "," in proof[0]):
            self.record_proof(grant, False, "multiple DPoP proof headers")
            return 400, {"error": "invalid_dpop_proof", "error_description": "Multiple DPoP proof headers"}, []
        if not proof:
            self.record_proof(grant, False, "no DPoP proof in the token request")
            return None
        try:
            jkt, claims = validate_proof(proof[0], "POST", self.endpoint("token"))
        except ValueError as error:
            self.record_proof(grant, False, str(error))
            return 400, {"error": "invalid_dpop_proof", "error_description": str(error)}, []
        self.record_proof(grant, True)
        if self.o["dpop_nonce"]:
            if claims.get("nonce") != AS_NONCE:
                if grant == "authorization_code":
                    self.dpop["as_challenged"] = True
                return 400, {"error": "use_dpop_nonce", "error_description": "Authorization server requires a DPoP nonce"}, \
                    [("DPoP-Nonce", AS_NONCE)]
            if grant == "authorization_code":
                self.dpop["as_honored"] = True
        scope = body.get("scope")
        token = f"test-token-dpop-{secrets.token_hex(6)}"
        self.verifier.register(token, scope.split(" ") if scope else self.last_scopes, jkt=jkt)
        answer = {"access_token": token, "token_type": "DPoP", "expires_in": 3600, "refresh_token": "dpop-refresh-" + secrets.token_hex(6)}
        if scope:
            answer["scope"] = scope
        return 200, answer, []

    def register(self, request):
        client_id, secret, method = "test-client-id", "test-client-secret", None
        if self.o["on_register"]:
            client_id, secret, method = self.o["on_register"](request)
        metadata = request.json()
        self.checks.add("client-registration", "SUCCESS", "Client registered with authorization server",
                        clientName=metadata.get("client_name"), tokenEndpointAuthMethod=method)
        app_type = metadata.get("application_type")
        self.checks.add("sep-837-application-type-present", "SUCCESS" if app_type in ("native", "web") else "FAILURE",
                        f"application_type {app_type!r} in the registration")
        answer = {"client_id": client_id, "client_name": metadata.get("client_name") or "test-client",
                  "redirect_uris": metadata.get("redirect_uris") or []}
        if secret:
            answer["client_secret"] = secret
        if method:
            answer["token_endpoint_auth_method"] = method
        if self.o["secret_expires_at"] is not None:
            answer["client_secret_expires_at"] = self.o["secret_expires_at"]()
        return 201, answer, []


class MCPServer:
    """The suite's createServer: PRM, and /mcp behind a bearer check (or a scenario's own middleware)."""

    name = "mcp"

    def __init__(self, checks, verifier, auth_server_url, **options):
        self.checks = checks
        self.verifier = verifier
        self.auth_server_url = auth_server_url
        self.o = {"prm_path": "/.well-known/oauth-protected-resource/mcp", "required_scopes": [], "scopes_supported": None,
                  "prm_in_www_auth": True, "scope_in_www_auth": False, "middleware": None, "resource_override": None,
                  "extra": None}
        self.o.update(options)
        self.base = None
        self.peer = None    # the Peer, for /checks and /context

    def prm_url(self):
        return self.base + self.o["prm_path"]

    def handle(self, request):
        if request.method == "GET" and request.path == "/checks":
            return 200, self.peer.graded(), []
        if request.method == "GET" and request.path == "/context":
            return 200, self.peer.context, []
        if request.method == "GET" and request.path == "/count":
            return 200, self.peer.counts, []
        if self.o["extra"]:
            answer = self.o["extra"](request)
            if answer:
                return answer
        prm = self.o["prm_path"]
        if request.method == "GET" and prm and request.path == prm:
            self.checks.add("prm-pathbased-requested", "SUCCESS", "Client requested PRM metadata", path=request.path)
            resource = self.o["resource_override"] or (self.base if prm == "/.well-known/oauth-protected-resource" else self.base + "/mcp")
            body = {"resource": resource, "authorization_servers": [self.auth_server_url()]}
            if self.o["scopes_supported"] is not None:
                body["scopes_supported"] = self.o["scopes_supported"]
            return 200, body, []
        if request.path != "/mcp":
            return 404, {"error": "not_found"}, []
        if request.method != "POST":
            return 405, {"error": "method not allowed"}, []
        message = request.json()
        refusal = (self.o["middleware"] or self.bearer)(request, message)
        if refusal:
            return refusal
        return self.rpc(message)

    def challenge(self, error, description, scopes=()):
        parts = [f'error="{error}"', f'error_description="{description}"']
        if scopes:
            parts.append(f'scope="{" ".join(scopes)}"')
        if self.o["prm_in_www_auth"] and self.o["prm_path"]:
            parts.append(f'resource_metadata="{self.prm_url()}"')
        return "Bearer " + ", ".join(parts)

    def bearer(self, request, message):
        """The TypeScript SDK's requireBearerAuth, as createServer configures it."""
        required = self.o["required_scopes"] if self.o["scope_in_www_auth"] else []
        auth = request.headers.get("Authorization") or ""
        if not auth.startswith("Bearer "):
            return 401, {"error": "invalid_token", "error_description": "Missing Authorization header"}, \
                [("WWW-Authenticate", self.challenge("invalid_token", "Missing Authorization header", required))]
        scopes = self.verifier.verify(auth[7:])
        if scopes is None:
            return 401, {"error": "invalid_token", "error_description": "Invalid token"}, \
                [("WWW-Authenticate", self.challenge("invalid_token", "Invalid token", required))]
        if not all(scope in scopes for scope in required):
            return 403, {"error": "insufficient_scope", "error_description": "Insufficient scope"}, \
                [("WWW-Authenticate", self.challenge("insufficient_scope", "Insufficient scope", required))]
        return None

    def rpc(self, message):
        if "id" not in message:
            return 202, None, []
        method = message.get("method")
        if method == "initialize":
            version = (message.get("params") or {}).get("protocolVersion", "2025-06-18")
            result = {"protocolVersion": version, "capabilities": {"tools": {}},
                      "serverInfo": {"name": "conformance-peer", "version": "1.0.0"}}
        elif method == "tools/list":
            result = {"tools": [{"name": "test-tool", "inputSchema": {"type": "object"}},
                                {"name": "whoami", "inputSchema": {"type": "object"}}]}
        elif method == "tools/call":
            result = {"content": [{"type": "text", "text": "test"}]}
        elif method == "ping":
            result = {}
        else:
            return 200, {"jsonrpc": "2.0", "id": message["id"], "error": {"code": -32601, "message": "Method not found"}}, []
        return 200, {"jsonrpc": "2.0", "id": message["id"], "result": result}, []


def method_of(message):
    return message.get("method") or ""


class Peer:
    """A scenario: its servers, its checks, its context and its grading."""

    def __init__(self, name):
        self.name = name
        self.checks = Checks()
        self.verifier = Verifier(self.checks)
        self.context = {}
        self.counts = {}
        self.state = {}
        self.graders = []
        self.sites = []
        self.build()

    # -- plumbing --------------------------------------------------------------------------

    def listen(self, site):
        listener = Listener(site, self.counts)
        site.base = listener.base
        self.sites.append(listener)
        return site

    def start(self):
        for listener in self.sites:
            listener.start()

    def expect(self, *ids):
        def grade():
            for check_id in ids:
                if not self.checks.has(check_id):
                    self.checks.add(check_id, "FAILURE", f"Expected Check Missing: {check_id}")
        self.graders.append(grade)

    def graded(self):
        checks = Checks()
        checks.items = [dict(item) for item in self.checks.items]
        saved, self.checks = self.checks, checks
        try:
            for grade in self.graders:
                grade()
        finally:
            self.checks = saved
        return checks.items

    def standard(self, as_options=None, mcp_options=None):
        self.auth = self.listen(AuthServer(self.checks, self.verifier, **(as_options or {})))
        auth_url = (lambda: self.auth.base + self.auth.o["prefix"]) if (as_options or {}).get("prefix") else (lambda: self.auth.base)
        self.mcp = self.listen(MCPServer(self.checks, self.verifier, auth_url, **(mcp_options or {})))
        self.mcp.peer = self
        return self.auth, self.mcp

    def build(self):
        name = self.name
        if name.startswith("metadata-") and name != "metadata-issuer-mismatch":
            return self.metadata(name)
        builder = getattr(self, "scenario_" + name.replace("-", "_").replace("2025_03_26_", "march_"), None)
        if builder is None:
            raise SystemExit(f"unknown scenario {name}; --list names them")
        builder()

    # -- discovery -------------------------------------------------------------------------

    def metadata(self, name):
        table = {
            "metadata-default": ("/.well-known/oauth-protected-resource/mcp", True, "/.well-known/oauth-authorization-server", "", True),
            "metadata-var1": ("/.well-known/oauth-protected-resource/mcp", False, "/.well-known/openid-configuration", "", False),
            "metadata-var2": ("/.well-known/oauth-protected-resource", False, "/.well-known/oauth-authorization-server/tenant1", "/tenant1", False),
            "metadata-var3": ("/custom/metadata/location.json", True, "/tenant1/.well-known/openid-configuration", "/tenant1", False),
        }
        prm, in_www_auth, as_path, prefix, trap_root_prm = table[name]
        checks = self.checks

        def trap_as_root(request):
            if request.method == "GET" and request.path == "/.well-known/oauth-authorization-server":
                checks.add("authorization-server-metadata-wrong-path", "FAILURE",
                           "Client requested authorization server at the root path when the AS URL has a path-based location")
                return 404, {"error": "not_found"}, []
            return None

        auth, mcp = self.standard({"metadata_path": as_path, "openid": "openid-configuration" in as_path, "prefix": prefix},
                                  {"prm_path": prm, "prm_in_www_auth": in_www_auth})
        if prefix:
            handle = auth.handle
            auth.handle = lambda request: trap_as_root(request) or handle(request)
        if trap_root_prm:
            def trap_prm(request):
                if request.method == "GET" and request.path == "/.well-known/oauth-protected-resource":
                    checks.add("prm-priority-order", "FAILURE", "Client requested PRM metadata at root location on a server with path-based PRM")
                    return 404, {"error": "not_found"}, []
                return None
            mcp.o["extra"] = trap_prm
        self.expect(*((["prm-pathbased-requested"] if prm == "/.well-known/oauth-protected-resource/mcp" else [])
                      + ["authorization-server-metadata", "client-registration", "authorization-request", "token-request"]))

    def scenario_basic_cimd(self):
        def on_authorize(q):
            used = q.get("client_id") == CIMD_URL
            self.checks.add("cimd-client-id-used", "SUCCESS" if used else "WARNING",
                            "Client used the URL-based client ID" if used else "Client SHOULD use URL-based client ID", actual=q.get("client_id"))
        self.standard({"cimd": True, "on_authorize": on_authorize})
        self.context = {"client_metadata_url": CIMD_URL}
        self.expect("cimd-client-id-used")

    def scenario_march_oauth_metadata_backcompat(self):
        mcp = self.listen(MCPServer(self.checks, self.verifier, lambda: mcp.base, prm_path=None))
        mcp.peer = self
        auth = AuthServer(self.checks, self.verifier, prefix="/oauth", metadata_issuer=lambda: mcp.base)
        auth.base = mcp.base

        def serve_auth(request):
            if request.path == "/mcp":
                return None
            answer = auth.handle(request)
            return None if answer[0] == 404 else answer
        mcp.o["extra"] = serve_auth
        self.mcp, self.auth = mcp, auth
        self.expect("authorization-server-metadata", "client-registration", "authorization-request", "token-request")

    def scenario_march_oauth_endpoint_fallback(self):
        mcp = self.listen(MCPServer(self.checks, self.verifier, lambda: mcp.base, prm_path=None))
        mcp.peer = self
        self.mcp = mcp
        checks = self.checks

        def fallback(request):
            if request.method == "GET" and request.path == "/authorize":
                q = request.query
                checks.add("authorization-request", "SUCCESS", "Client made authorization request to fallback endpoint",
                           code_challenge="present" if q.get("code_challenge") else "missing", method=q.get("code_challenge_method"))
                self.state["challenge"] = q.get("code_challenge")
                target = q.get("redirect_uri", "")
                target += ("&" if "?" in target else "?") + urllib.parse.urlencode({"code": "test-auth-code", "state": q.get("state", "")})
                return 302, None, [("Location", target)]
            if request.method == "POST" and request.path == "/token":
                body = request.form()
                checks.add("token-request", "SUCCESS", "Client requested access token from fallback endpoint", grantType=body.get("grant_type"))
                token = f"test-token-{secrets.token_hex(6)}"
                self.verifier.register(token, [])
                return 200, {"access_token": token, "token_type": "Bearer", "expires_in": 3600}, []
            if request.method == "POST" and request.path == "/register":
                metadata = request.json()
                checks.add("client-registration", "SUCCESS", "Client registered with authorization server at fallback endpoint")
                return 201, {"client_id": "test-client-id", "client_secret": "test-client-secret",
                             "client_name": metadata.get("client_name") or "test-client",
                             "redirect_uris": metadata.get("redirect_uris") or []}, []
            return None
        mcp.o["extra"] = fallback
        self.expect("client-registration", "authorization-request", "token-request")

    # -- scopes ----------------------------------------------------------------------------

    def scenario_scope_from_www_authenticate(self):
        def on_authorize(q):
            used = "mcp:basic" in (q.get("scope") or "").split(" ")
            self.checks.add("scope-from-www-authenticate", "SUCCESS" if used else "WARNING",
                            "Client used the scope of the WWW-Authenticate header" if used
                            else "Client SHOULD use the scope parameter from the WWW-Authenticate header", requested=q.get("scope"))
        self.standard({"on_authorize": on_authorize}, {"required_scopes": ["mcp:basic"], "scope_in_www_auth": True})
        self.expect("scope-from-www-authenticate")

    def scenario_scope_from_scopes_supported(self):
        supported = ["mcp:basic", "mcp:read", "mcp:write"]

        def on_authorize(q):
            requested = (q.get("scope") or "").split(" ")
            ok = all(scope in requested for scope in supported)
            self.checks.add("scope-from-scopes-supported", "SUCCESS" if ok else "WARNING",
                            "Client used all scopes from scopes_supported" if ok else "Client SHOULD use all scopes from scopes_supported",
                            requested=q.get("scope"))
        self.standard({"on_authorize": on_authorize}, {"required_scopes": supported, "scopes_supported": supported})
        self.expect("scope-from-scopes-supported")

    def scenario_scope_omitted_when_undefined(self):
        def on_authorize(q):
            omitted = not (q.get("scope") or "").strip()
            self.checks.add("scope-omitted-when-undefined", "SUCCESS" if omitted else "WARNING",
                            "Client omitted scope" if omitted else "Client SHOULD omit scope when scopes_supported is undefined",
                            scope=q.get("scope"))
        self.standard({"on_authorize": on_authorize})
        self.expect("scope-omitted-when-undefined")

    def scenario_scope_step_up(self):
        attempts = []

        def on_authorize(q):
            attempts.append(q)
            requested = (q.get("scope") or "").split(" ")
            if len(attempts) == 1:
                ok = "mcp:basic" in requested
                self.checks.add("scope-step-up-initial", "SUCCESS" if ok else "WARNING",
                                "Client used the WWW-Authenticate scope for the initial authorization" if ok
                                else "Client SHOULD use the scope parameter from the WWW-Authenticate header", requested=q.get("scope"))
            elif len(attempts) == 2:
                ok = "mcp:write" in requested
                self.checks.add("scope-step-up-escalation", "SUCCESS" if ok else "WARNING",
                                "Client requested the challenged scope" if ok else "Client SHOULD request additional scopes after a 403",
                                requested=q.get("scope"))
                kept = "mcp:basic" in requested
                self.checks.add("sep-2350-scope-union-on-reauth", "SUCCESS" if kept else "WARNING",
                                "Client kept the previously granted scope" if kept else "Client dropped the previously granted scope",
                                requested=q.get("scope"))

        def step_up(request, message):
            method = method_of(message)
            if method == "initialize" or method.startswith("notifications/"):
                return None
            auth = request.headers.get("Authorization") or ""
            prm = self.mcp.prm_url()
            if not auth.startswith("Bearer "):
                return 401, {"error": "invalid_token", "error_description": "Missing Authorization header"}, \
                    [("WWW-Authenticate", f'Bearer scope="mcp:basic", resource_metadata="{prm}"')]
            scopes = self.verifier.verify(auth[7:]) or []
            required = ["mcp:write"] if method == "tools/call" else ["mcp:basic"]
            if not all(scope in scopes for scope in required):
                return 403, {"error": "insufficient_scope", "error_description": "Token has insufficient scope"}, \
                    [("WWW-Authenticate", f'Bearer scope="mcp:write", resource_metadata="{prm}", error="insufficient_scope"')]
            return None
        self.standard({"on_authorize": on_authorize},
                      {"required_scopes": ["mcp:basic", "mcp:write"], "scopes_supported": ["mcp:profile"], "scope_in_www_auth": True,
                       "middleware": step_up})
        self.expect("scope-step-up-initial", "scope-step-up-escalation", "sep-2350-scope-union-on-reauth")

    def scenario_step_up_ping(self):
        """Not the suite's: after a login for mcp:basic every request but initialize needs mcp:write too (a health check meets the 403)."""
        attempts = []

        def on_authorize(q):
            attempts.append(q)
            if len(attempts) == 2:
                requested = (q.get("scope") or "").split(" ")
                ok = "mcp:basic" in requested and "mcp:write" in requested
                self.checks.add("step-up-union", "SUCCESS" if ok else "FAILURE", f"the second login asked for {q.get('scope')}")

        def middleware(request, message):
            method = method_of(message)
            if method == "initialize" or method.startswith("notifications/"):
                return None
            auth = request.headers.get("Authorization") or ""
            prm = self.mcp.prm_url()
            if not auth.startswith("Bearer "):
                return 401, {"error": "invalid_token"}, [("WWW-Authenticate", f'Bearer scope="mcp:basic", resource_metadata="{prm}"')]
            scopes = self.verifier.verify(auth[7:]) or []
            if "mcp:write" not in scopes:
                return 403, {"error": "insufficient_scope"}, [
                    ("WWW-Authenticate", f'Bearer error="insufficient_scope", scope="mcp:basic mcp:write", resource_metadata="{prm}"')]
            return None
        self.standard({"on_authorize": on_authorize}, {"middleware": middleware})
        self.expect("step-up-union")

    def scenario_scope_retry_limit(self):
        attempts = []
        self.state["with_token"] = 0

        def on_authorize(q):
            attempts.append(q)
            self.checks.add("scope-retry-auth-attempt", "INFO", f"Client made authorization request attempt {len(attempts)}",
                            requested=q.get("scope"))

        def deny(request, message):
            method = method_of(message)
            if method == "initialize" or method.startswith("notifications/"):
                return None
            auth = request.headers.get("Authorization") or ""
            prm = self.mcp.prm_url()
            if not auth.startswith("Bearer "):
                return 401, {"error": "invalid_token"}, [("WWW-Authenticate", f'Bearer scope="mcp:admin", resource_metadata="{prm}"')]
            self.state["with_token"] += 1
            if self.state["with_token"] > 3:
                return 410, {"error": "test_complete", "error_description": "client exceeded maximum retry attempts"}, []
            return 403, {"error": "insufficient_scope"}, [
                ("WWW-Authenticate", f'Bearer error="insufficient_scope", scope="mcp:admin", resource_metadata="{prm}", '
                                     'error_description="Scope upgrade will never succeed"')]

        def grade():
            count = len(attempts)
            if count == 0:
                self.checks.add("scope-retry-limit", "FAILURE", "Client did not make any authorization requests")
            else:
                self.checks.add("scope-retry-limit", "SUCCESS" if count <= 3 else "FAILURE",
                                f"Client made {count} authorization attempts (3 or fewer allowed)", attempts=count)
        self.standard({"on_authorize": on_authorize},
                      {"required_scopes": ["mcp:admin"], "scopes_supported": ["mcp:admin"], "scope_in_www_auth": True, "middleware": deny})
        self.graders.append(grade)

    # -- client authentication -------------------------------------------------------------

    def token_endpoint_auth(self, expected):
        seen = {}

        def on_authorize(q):
            seen["authorization"] = q.get("resource")

        def on_token(request, body, grant):
            seen["token"] = body.get("resource")
            basic = request.basic()
            actual = "client_secret_basic" if basic else "client_secret_post" if body.get("client_secret") else "none"
            malformed = basic == ("", "")
            self.checks.add("token-endpoint-auth-method", "SUCCESS" if actual == expected and not malformed else "FAILURE",
                            f"Client used {actual}; the server supports only {expected}", expected=expected, actual=actual)
            return {"token": f"test-token-{secrets.token_hex(6)}", "scopes": []}

        def on_register(request):
            return f"test-client-{secrets.token_hex(4)}", None if expected == "none" else f"test-secret-{secrets.token_hex(4)}", expected

        def grade():
            if not self.checks.has("token-endpoint-auth-method"):
                self.checks.add("token-endpoint-auth-method", "FAILURE", "Client did not make a token request")
            for where in ("authorization", "token"):
                self.checks.add(f"resource-parameter-in-{where}", "SUCCESS" if seen.get(where) else "FAILURE",
                                f"resource parameter in the {where} request: {seen.get(where) or 'not provided'}")
            resource = seen.get("authorization") or seen.get("token")
            if resource:
                parts = urllib.parse.urlsplit(resource)
                valid = bool(parts.scheme) and not parts.fragment and "#" not in resource
                self.checks.add("resource-parameter-valid-uri", "SUCCESS" if valid else "FAILURE", f"resource {resource}")
            if seen.get("authorization") and seen.get("token"):
                same = seen["authorization"] == seen["token"]
                self.checks.add("resource-parameter-consistency", "SUCCESS" if same else "FAILURE",
                                "resource is the same in both requests" if same else "resource differs between the requests")
        self.standard({"auth_methods": [expected], "on_authorize": on_authorize, "on_token": on_token, "on_register": on_register})
        self.graders.append(grade)

    def scenario_token_endpoint_auth_basic(self):
        self.token_endpoint_auth("client_secret_basic")

    def scenario_token_endpoint_auth_post(self):
        self.token_endpoint_auth("client_secret_post")

    def scenario_token_endpoint_auth_none(self):
        self.token_endpoint_auth("none")

    def scenario_pre_registration(self):
        client_id, client_secret = "pre-registered-client", "pre-registered-secret"

        def on_token(request, body, grant):
            basic = request.basic()
            if basic != (client_id, client_secret):
                self.checks.add("pre-registration-auth", "FAILURE", "Client did not use Basic authentication with the pre-registered credentials",
                                actual=basic[0] if basic else None)
                return {"error": "invalid_client", "status": 401}
            self.checks.add("pre-registration-auth", "SUCCESS", "Client used the pre-registered credentials")
            return {"token": f"test-token-prereg-{secrets.token_hex(6)}", "scopes": []}
        self.standard({"no_dcr": True, "auth_methods": ["client_secret_basic"], "on_token": on_token})
        self.context = {"client_id": client_id, "client_secret": client_secret}
        self.expect("pre-registration-auth")

    # -- client credentials (SEP-1046) -----------------------------------------------------

    def scenario_client_credentials_basic(self):
        client_id, client_secret = "conformance-test-client", "conformance-test-secret"

        def on_token(request, body, grant):
            if grant != "client_credentials":
                self.checks.add("client-credentials-grant-type", "FAILURE", f"Expected grant_type=client_credentials, got {grant}")
                return {"error": "unsupported_grant_type"}
            if request.basic() != (client_id, client_secret):
                self.checks.add("client-credentials-basic-auth", "FAILURE", "Missing or invalid Basic credentials")
                return {"error": "invalid_client", "status": 401}
            self.checks.add("client-credentials-basic-auth", "SUCCESS", "Client authenticated with client_secret_basic",
                            resource=body.get("resource"))
            self.state["resource"] = body.get("resource")
            return {"token": f"cc-token-{secrets.token_hex(6)}", "scopes": body["scope"].split(" ") if body.get("scope") else []}
        self.standard({"grant_types": ["client_credentials"], "auth_methods": ["client_secret_basic"], "on_token": on_token})
        self.context = {"client_id": client_id, "client_secret": client_secret}
        self.expect("client-credentials-basic-auth")

    def scenario_client_credentials_jwt(self):
        client_id = "conformance-test-client"
        key, pem = es256_pair()
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        rsa_pem = rsa_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                        serialization.NoEncryption()).decode()
        publics = {"ES256": key.public_key(), "RS256": rsa_key.public_key()}

        def on_token(request, body, grant):
            if grant != "client_credentials":
                self.checks.add("client-credentials-grant-type", "FAILURE", f"Expected grant_type=client_credentials, got {grant}")
                return {"error": "unsupported_grant_type"}
            if body.get("client_assertion_type") != "urn:ietf:params:oauth:client-assertion-type:jwt-bearer":
                self.checks.add("client-credentials-assertion-type", "FAILURE", f"Invalid client_assertion_type: {body.get('client_assertion_type')}")
                return {"error": "invalid_client", "status": 401}
            issuer = strip_slash(self.auth.issuer())
            try:
                assertion = body.get("client_assertion") or ""
                alg = jwt.get_unverified_header(assertion).get("alg")
                if alg not in publics:
                    raise jwt.InvalidAlgorithmError(f"alg {alg} is not ES256 or RS256")
                claims = jwt.decode(assertion, publics[alg], algorithms=[alg], audience=[issuer, issuer + "/"], leeway=30)
            except jwt.PyJWTError as error:
                self.checks.add("client-credentials-jwt-verified", "FAILURE", f"JWT verification failed: {error}")
                return {"error": "invalid_client", "description": f"JWT verification failed: {error}", "status": 401}
            for claim in ("iss", "sub"):
                if claims.get(claim) != client_id:
                    self.checks.add(f"client-credentials-jwt-{claim}", "FAILURE", f"JWT {claim} claim {claims.get(claim)!r} is not the client id")
                    return {"error": "invalid_client", "status": 401}
            jti = claims.get("jti")
            if jti in self.state.setdefault("jtis", set()):
                self.checks.add("client-credentials-jwt-replay", "FAILURE", "the client assertion's jti was used before")
                return {"error": "invalid_client", "description": "assertion replayed", "status": 401}
            self.state["jtis"].add(jti)
            self.checks.add("client-credentials-jwt-verified", "SUCCESS", "Client authenticated with a signed JWT assertion",
                            aud=claims.get("aud"), resource=body.get("resource"))
            self.state["resource"] = body.get("resource")
            return {"token": f"cc-token-{secrets.token_hex(6)}", "scopes": body["scope"].split(" ") if body.get("scope") else []}
        self.standard({"grant_types": ["client_credentials"], "auth_methods": ["private_key_jwt"], "signing_algs": ["ES256", "RS256"],
                       "on_token": on_token})
        other, other_pem = es256_pair()
        self.context = {"client_id": client_id, "private_key_pem": pem, "signing_algorithm": "ES256", "rsa_private_key_pem": rsa_pem,
                        "wrong_private_key_pem": other_pem}
        self.expect("client-credentials-jwt-verified")

    # -- enterprise-managed authorization (SEP-990) ----------------------------------------

    def scenario_enterprise_idp_azp(self):
        """Not the suite's: the IdP's id_token has a second audience and no azp (OIDC Core §3.1.3.7)."""
        self.scenario_enterprise_managed_authorization(flaw="azp")

    def scenario_enterprise_idp_iat(self):
        """Not the suite's: the IdP's id_token was issued an hour in the future."""
        self.scenario_enterprise_managed_authorization(flaw="iat")

    def scenario_enterprise_idp_nbf(self):
        """Not the suite's: the IdP's id_token is not valid for another hour."""
        self.scenario_enterprise_managed_authorization(flaw="nbf")

    def scenario_enterprise_managed_authorization(self, flaw=None):
        client_id, client_secret, idp_client = "conformance-test-xaa-client", "conformance-test-xaa-secret", "conformance-test-idp-client"
        user = "demo-user@example.com"
        idp_key, _ = es256_pair()
        grant_keys = {}
        checks = self.checks
        peer = self

        class IdP:
            name = "idp"
            base = None
            codes = {}

            def handle(self, request):
                if request.method == "GET" and request.path == "/.well-known/openid-configuration":
                    return 200, {"issuer": self.base, "authorization_endpoint": self.base + "/authorize", "token_endpoint": self.base + "/token",
                                 "jwks_uri": self.base + "/.well-known/jwks.json", "response_types_supported": ["code"],
                                 "code_challenge_methods_supported": ["S256"], "authorization_response_iss_parameter_supported": True,
                                 "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["ES256"],
                                 "token_endpoint_auth_methods_supported": ["none"],
                                 "grant_types_supported": ["authorization_code", TOKEN_EXCHANGE]}, []
                if request.method == "GET" and request.path == "/.well-known/jwks.json":
                    jwk = json.loads(jwt.algorithms.ECAlgorithm.to_jwk(idp_key.public_key()))
                    jwk.update({"kid": "idp-key", "use": "sig", "alg": "ES256"})
                    return 200, {"keys": [jwk]}, []
                if request.method == "GET" and request.path == "/authorize":
                    q = request.query
                    code = secrets.token_hex(8)
                    self.codes[code] = q
                    target = q.get("redirect_uri", "") + "?" + urllib.parse.urlencode({"code": code, "state": q.get("state", ""), "iss": self.base})
                    return 302, None, [("Location", target)]
                if request.method == "POST" and request.path == "/token":
                    return self.token(request.form())
                return 404, {"error": "not_found"}, []

            def token(self, body):
                grant = body.get("grant_type")
                if grant == "authorization_code":
                    q = self.codes.pop(body.get("code", ""), None)
                    if not q or s256(body.get("code_verifier", "")) != q.get("code_challenge") or body.get("client_id") != idp_client:
                        return 400, {"error": "invalid_grant"}, []
                    now = int(time.time())
                    claims = {"iss": self.base, "sub": user, "email": user, "aud": idp_client, "iat": now, "exp": now + 7200}
                    if flaw == "azp":
                        claims["aud"] = [idp_client, "another-client"]
                    elif flaw == "iat":
                        claims["iat"] = now + 3600
                    elif flaw == "nbf":
                        claims["nbf"] = now + 3600
                    if q.get("nonce"):
                        claims["nonce"] = q["nonce"]
                    id_token = jwt.encode(claims, idp_key, algorithm="ES256", headers={"kid": "idp-key"})
                    peer.state["id_tokens"] = peer.state.get("id_tokens", 0) + 1
                    return 200, {"access_token": "idp-access-" + secrets.token_hex(6), "token_type": "Bearer", "expires_in": 3600,
                                 "id_token": id_token, "refresh_token": "idp-refresh-" + secrets.token_hex(6)}, []
                if grant != TOKEN_EXCHANGE:
                    checks.add("complete-flow-token-exchange", "FAILURE", f"IdP expected token-exchange grant, got {grant}")
                    return 400, {"error": "unsupported_grant_type"}, []
                missing = [name for name, ok in (("subject_token", body.get("subject_token")),
                                                 ("subject_token_type", body.get("subject_token_type") == ID_TOKEN_TYPE),
                                                 ("requested_token_type", body.get("requested_token_type") == ID_JAG),
                                                 ("audience", body.get("audience")), ("resource", body.get("resource"))) if not ok]
                if missing:
                    checks.add("complete-flow-token-exchange", "FAILURE", f"Token exchange missing or invalid parameters: {', '.join(missing)}")
                    return 400, {"error": "invalid_request", "error_description": "missing " + ", ".join(missing)}, []
                try:
                    claims = jwt.decode(body["subject_token"], idp_key.public_key(), algorithms=["ES256"], audience=idp_client, issuer=self.base)
                except jwt.PyJWTError as error:
                    checks.add("complete-flow-token-exchange", "FAILURE", f"Token exchange failed: {error}")
                    return 400, {"error": "invalid_grant", "error_description": "Invalid ID token"}, []
                checks.add("complete-flow-token-exchange", "SUCCESS", "Exchanged the IdP ID token for an ID-JAG with all required parameters",
                           audience=body.get("audience"), resource=body.get("resource"))
                signer, _ = es256_pair()
                grant_keys[claims["sub"]] = signer.public_key()
                now = int(time.time())
                jag = jwt.encode({"iss": self.base, "sub": claims["sub"], "aud": body["audience"], "resource": body["resource"],
                                  "client_id": client_id, "iat": now, "exp": now + 300, "jti": secrets.token_hex(8)},
                                 signer, algorithm="ES256", headers={"typ": "oauth-id-jag+jwt"})
                return 200, {"access_token": jag, "issued_token_type": ID_JAG, "token_type": "N_A"}, []

        idp = self.listen(IdP())

        def on_token(request, body, grant):
            if grant != JWT_BEARER:
                return {"error": "unsupported_grant_type", "description": f"only jwt-bearer, got {grant}"}
            if request.basic() != (client_id, client_secret):
                checks.add("complete-flow-jwt-bearer", "FAILURE", "Missing or invalid client_secret_basic authentication")
                return {"error": "invalid_client", "status": 401}
            assertion = body.get("assertion")
            if not assertion:
                checks.add("complete-flow-jwt-bearer", "FAILURE", "Missing assertion in JWT bearer grant")
                return {"error": "invalid_request"}
            try:
                if jwt.get_unverified_header(assertion).get("typ") != "oauth-id-jag+jwt":
                    checks.add("complete-flow-jwt-bearer", "FAILURE", "ID-JAG has the wrong typ header")
                    return {"error": "invalid_grant"}
                unverified = jwt.decode(assertion, options={"verify_signature": False})
                key = grant_keys.get(unverified.get("sub"))
                if key is None:
                    raise jwt.InvalidTokenError("Unknown authorization grant")
                issuer = strip_slash(self.auth.issuer())
                claims = jwt.decode(assertion, key, algorithms=["ES256"], audience=[issuer, issuer + "/"], leeway=30)
            except jwt.PyJWTError as error:
                checks.add("complete-flow-jwt-bearer", "FAILURE", f"JWT bearer grant failed: {error}")
                return {"error": "invalid_grant"}
            if claims.get("client_id") != client_id:
                checks.add("complete-flow-jwt-bearer", "FAILURE", "ID-JAG client_id does not match the authenticating client")
                return {"error": "invalid_grant"}
            if claims.get("resource") != self.mcp.base + "/mcp":
                checks.add("complete-flow-jwt-bearer", "FAILURE", f"ID-JAG resource {claims.get('resource')} is not the MCP server's")
                return {"error": "invalid_grant"}
            checks.add("complete-flow-jwt-bearer", "SUCCESS", "Verified client auth and the ID-JAG, and issued an access token")
            return {"token": f"test-token-{secrets.token_hex(6)}", "scopes": body["scope"].split(" ") if body.get("scope") else []}
        self.standard({"grant_types": [JWT_BEARER], "auth_methods": ["client_secret_basic"], "on_token": on_token})
        self.state["idp"] = idp
        self.context_later = lambda: {"client_id": client_id, "client_secret": client_secret, "idp_client_id": idp_client,
                                      "idp_issuer": idp.base, "idp_token_endpoint": idp.base + "/token"}
        self.expect("complete-flow-token-exchange", "complete-flow-jwt-bearer")

    # -- DPoP (SEP-1932) -------------------------------------------------------------------

    def dpop(self, require_nonce, churn=False):
        obs = {"requests": 0, "non_dpop": False, "schemes": [], "jtis": [], "replay": False, "well_formed": True, "error": None,
               "rs_challenged": False, "rs_honored": False}

        def resource_auth(request, message):
            prm = self.mcp.prm_url()
            authorization = request.headers.get("Authorization")
            if not authorization:
                return 401, {"error": "unauthorized"}, [("WWW-Authenticate", f'DPoP resource_metadata="{prm}"')]
            obs["requests"] += 1
            scheme, _, token = authorization.partition(" ")
            token = token.strip()
            obs["schemes"].append(scheme)
            if scheme.lower() != "dpop":
                obs["non_dpop"] = True
            proofs = request.headers.get_all("DPoP") or []
            try:
                if len(proofs) > 1:
                    raise ValueError("multiple DPoP proof headers")
                jkt, claims = validate_proof(proofs[0] if proofs else None, request.method, self.mcp.base + "/mcp", token)
                if self.verifier.bound.get(token) != jkt:
                    raise ValueError("proof key thumbprint does not match the token cnf.jkt")
            except ValueError as error:
                obs["well_formed"] = False
                obs["error"] = obs["error"] or str(error)
                return None
            if claims["jti"] in obs["jtis"]:
                obs["replay"] = True
            else:
                obs["jtis"].append(claims["jti"])
            if churn and method_of(message) != "initialize":
                # Hostile: every answer demands a nonce never offered before.
                return 401, {"error": "use_dpop_nonce"}, [
                    ("WWW-Authenticate", f'DPoP error="use_dpop_nonce", resource_metadata="{prm}"'), ("DPoP-Nonce", secrets.token_hex(8))]
            if require_nonce:
                if claims.get("nonce") != RS_NONCE:
                    obs["rs_challenged"] = True
                    return 401, {"error": "use_dpop_nonce"}, [
                        ("WWW-Authenticate", f'DPoP error="use_dpop_nonce", resource_metadata="{prm}"'), ("DPoP-Nonce", RS_NONCE)]
                obs["rs_honored"] = True
            return None

        def grade():
            d = self.auth.dpop
            if not d["recorded"]:
                self.checks.add("sep-1932-client-token-request-proof", "FAILURE", "Client never completed an authorization_code token request")
            elif not d["valid"]:
                self.checks.add("sep-1932-client-token-request-proof", "FAILURE", f"No valid DPoP proof at the token endpoint: {d['error']}")
            else:
                self.checks.add("sep-1932-client-token-request-proof", "SUCCESS", "A valid DPoP proof at the token endpoint")
            if obs["requests"] == 0:
                for check_id in ("sep-1932-client-dpop-auth-scheme", "sep-1932-client-fresh-proof"):
                    self.checks.add(check_id, "FAILURE", "Client never presented an access token to the MCP server")
            else:
                self.checks.add("sep-1932-client-dpop-auth-scheme", "FAILURE" if obs["non_dpop"] else "SUCCESS",
                                f"schemes {sorted(set(obs['schemes']))}")
                fresh = obs["well_formed"] and not obs["replay"]
                self.checks.add("sep-1932-client-fresh-proof", "SUCCESS" if fresh else "FAILURE",
                                f"proofs: {obs['error'] or ('a jti was reused' if obs['replay'] else 'fresh and well-formed')}",
                                requests=obs["requests"], jtis=len(obs["jtis"]))
            if require_nonce:
                self.checks.add("sep-1932-client-as-nonce", "SUCCESS" if d["as_challenged"] and d["as_honored"] else "FAILURE",
                                f"AS nonce challenged {d['as_challenged']}, honoured {d['as_honored']}")
                self.checks.add("sep-1932-client-rs-nonce", "SUCCESS" if obs["rs_challenged"] and obs["rs_honored"] else "FAILURE",
                                f"RS nonce challenged {obs['rs_challenged']}, honoured {obs['rs_honored']}")
        self.standard({"dpop_algs": ["ES256"], "dpop_nonce": require_nonce}, {"middleware": resource_auth})
        self.graders.append(grade)

    def scenario_dpop(self):
        self.dpop(False)

    def scenario_dpop_nonce(self):
        self.dpop(True)

    def scenario_device_grant(self):
        """Not the suite's: the device grant (RFC 8628) beside the browser login, with resource in both requests."""
        self.standard({"device": True, "no_dcr": True})
        self.expect("device-authorization-resource", "device-token-resource", "valid-bearer-token")

    def scenario_registration_expired(self):
        """Not the suite's: a registration whose client secret has expired (RFC 7591 client_secret_expires_at)."""
        self.standard({"auth_methods": ["client_secret_post"], "secret_expires_at": lambda: int(time.time()) - 10,
                       "on_register": lambda r: (f"test-client-{secrets.token_hex(4)}", f"test-secret-{secrets.token_hex(4)}", "client_secret_post")})

    def scenario_dpop_nonce_churn(self):
        """Not the suite's: an MCP server that answers every request with a new nonce to use."""
        self.dpop(False, churn=True)

    # -- workload identity (SEP-1933) ------------------------------------------------------

    def scenario_wif_jwt_bearer(self):
        issuer, subject, client_id = "https://idp.conformance-test.local", "conformance-workload", "conformance-wif-workload"
        key, _ = es256_pair()
        self.state.update(received=False, failed=False, requests=0)
        checks = self.checks

        def on_token(request, body, grant):
            self.state["requests"] += 1
            if self.state["received"] and self.state["failed"]:
                if grant != JWT_BEARER:
                    checks.add("wif-grant-fallback", "WARNING", f"Client fell back to {grant} after a JWT-bearer failure")
                    return {"error": "unsupported_grant_type"}
                checks.add("wif-no-retry", "WARNING", "Client retried the JWT-bearer request after a failure")
                return {"error": "invalid_request", "description": "Retry not allowed for JWT-bearer grant"}
            self.state["received"] = True
            if grant != JWT_BEARER:
                checks.add("wif-grant-type", "FAILURE", f"Expected grant_type={JWT_BEARER}, got {grant}")
                self.state["failed"] = True
                return {"error": "unsupported_grant_type"}
            assertion = body.get("assertion")
            if not assertion:
                checks.add("wif-assertion-missing", "FAILURE", "Missing assertion parameter")
                self.state["failed"] = True
                return {"error": "invalid_request"}
            base = strip_slash(self.auth.issuer())
            try:
                jwt.decode(assertion, key.public_key(), algorithms=["ES256"], audience=[base, base + "/"], leeway=5)
            except jwt.ExpiredSignatureError as error:
                self.state["failed"] = True
                return {"error": "invalid_grant", "description": f"JWT assertion is expired ({error})"}
            except jwt.InvalidAudienceError as error:
                self.state["failed"] = True
                return {"error": "invalid_grant", "description": f"JWT assertion audience is invalid ({error})"}
            except jwt.PyJWTError as error:
                self.state["failed"] = True
                return {"error": "invalid_grant", "description": f"JWT assertion verification failed: {error}"}
            checks.add("wif-assertion-verified", "SUCCESS", "Workload JWT assertion verified (signature, audience, expiry)")
            scopes = body["scope"].split(" ") if body.get("scope") else []
            if "wif.trigger-unauthorized" in scopes:
                self.state["failed"] = True
                return {"error": "unauthorized_client", "description": "Client not authorized for JWT-bearer grant"}
            if "wif.rejected" in scopes:
                self.state["failed"] = True
                return {"error": "invalid_scope", "description": "Requested scope is not permitted for this grant"}
            return {"token": f"test-token-{secrets.token_hex(6)}", "scopes": scopes}

        def grade():
            if not self.state["received"]:
                checks.add("wif-assertion-verified", "FAILURE", "Client did not make a JWT-bearer token request")
        self.standard({"grant_types": [JWT_BEARER], "auth_methods": ["none"], "no_dcr": True, "on_token": on_token})
        self.graders.append(grade)
        now = int(time.time())

        def workload(audience, lifetime):
            return jwt.encode({"iss": issuer, "sub": subject, "aud": audience, "iat": now, "exp": now + lifetime, "jti": secrets.token_hex(8)},
                              key, algorithm="ES256")
        self.context_later = lambda: {"client_id": client_id, "valid_jwt": workload(self.auth.base, 300),
                                      "wrong_audience_jwt": workload("https://wrong.example", 300),
                                      "expired_jwt": workload(self.auth.base, -60)}

    # -- draft scenarios -------------------------------------------------------------------

    def never_authorized(self, check_id, refused, accepted, as_options, mcp_options=None):
        """A scenario the client must refuse before it sends anyone to the authorization endpoint."""
        self.state["authorized"] = False

        def on_authorize(q):
            self.state["authorized"] = True

        def grade():
            ok = not self.state["authorized"]
            self.checks.add(check_id, "SUCCESS" if ok else "FAILURE", refused if ok else accepted)
        self.standard(dict(as_options, on_authorize=on_authorize), mcp_options)
        self.graders.append(grade)

    def scenario_resource_mismatch(self):
        self.never_authorized("resource-mismatch-rejected", "Client rejected the PRM naming another resource",
                              "Client MUST validate that the PRM resource matches the server URL before authorizing",
                              {"on_register": lambda r: (f"test-client-{secrets.token_hex(4)}", None, "none")},
                              {"resource_override": "https://evil.example.com/mcp"})

    def scenario_offline_access_scope(self):
        self.state["grant_types_checked"] = False

        def on_register(request):
            grant_types = request.json().get("grant_types") or []
            self.state["grant_types_checked"] = True
            ok = "refresh_token" in grant_types
            self.checks.add("sep-2207-client-metadata-grant-types", "SUCCESS" if ok else "WARNING",
                            "refresh_token in the registered grant_types" if ok else "Client SHOULD include refresh_token in grant_types")
            return f"test-client-{secrets.token_hex(4)}", None, "none"

        def on_authorize(q):
            requested = (q.get("scope") or "").split(" ")
            has = "offline_access" in requested
            self.checks.add("sep-2207-offline-access-requested", "SUCCESS" if has else "INFO",
                            "Client included offline_access" if has else "Client chose not to request offline_access", requested=q.get("scope"))

        def grade():
            if not self.state["grant_types_checked"]:
                self.checks.add("sep-2207-client-metadata-grant-types", "INFO", "Client did not use DCR")
        self.standard({"scopes_supported": ["mcp:basic", "offline_access"], "cimd": True, "on_register": on_register,
                       "on_authorize": on_authorize},
                      {"required_scopes": ["mcp:basic"], "scopes_supported": ["mcp:basic"]})
        self.graders.append(grade)
        self.expect("sep-2207-offline-access-requested")

    def scenario_offline_access_not_supported(self):
        def on_authorize(q):
            has = "offline_access" in (q.get("scope") or "").split(" ")
            self.checks.add("sep-2207-offline-access-not-requested", "FAILURE" if has else "SUCCESS",
                            "Client MUST NOT request offline_access when the AS does not list it" if has
                            else "Client did not request offline_access", requested=q.get("scope"))
        self.standard({"scopes_supported": ["mcp:basic", "mcp:read"], "on_authorize": on_authorize},
                      {"required_scopes": ["mcp:basic", "mcp:read"], "scopes_supported": ["mcp:basic", "mcp:read"]})
        self.expect("sep-2207-offline-access-not-requested")

    def scenario_authorization_server_migration(self):
        as1_client = "as1-client-id-LEAKED-IF-SEEN-AT-AS2"
        seen = {"as2_register": False, "as1_id_at_as2": False, "as1_id_at_as2_token": False, "migrated": False}
        as1 = self.listen(AuthServer(self.checks, self.verifier, on_register=lambda r: (as1_client, "as1-client-secret", None)))

        def as2_register(request):
            seen["as2_register"] = True
            return "as2-client-id", "as2-client-secret", None

        def as2_authorize(q):
            if q.get("client_id") == as1_client:
                seen["as1_id_at_as2"] = True

        def as2_token(request, body, grant):
            basic = request.basic()
            if (body.get("client_id") or (basic[0] if basic else None)) == as1_client:
                seen["as1_id_at_as2_token"] = True
            token = f"test-token-as2-{secrets.token_hex(6)}"
            return {"token": token, "scopes": body["scope"].split(" ") if body.get("scope") else ["mcp:basic"]}
        as2 = self.listen(AuthServer(self.checks, self.verifier, on_register=as2_register, on_authorize=as2_authorize, on_token=as2_token))
        as2.name = "as2"

        def middleware(request, message):
            method = method_of(message)
            if method == "initialize" or method.startswith("notifications/"):
                return None
            auth = request.headers.get("Authorization") or ""
            challenge = [("WWW-Authenticate", f'Bearer scope="mcp:basic", resource_metadata="{self.mcp.prm_url()}"')]
            if not auth.startswith("Bearer "):
                return 401, {"error": "invalid_token"}, challenge
            token = auth[7:]
            if self.verifier.verify(token) is None:
                return 401, {"error": "invalid_token"}, challenge
            if not seen["migrated"]:
                seen["migrated"] = True
                return None
            if not token.startswith("test-token-as2-"):
                return 401, {"error": "invalid_token", "error_description": "authorization server has changed"}, challenge
            return None
        self.mcp = self.listen(MCPServer(self.checks, self.verifier, lambda: as2.base if seen["migrated"] else as1.base,
                                         required_scopes=["mcp:basic"], scope_in_www_auth=True, middleware=middleware))
        self.mcp.peer = self
        self.auth = as1

        def grade():
            reused = seen["as1_id_at_as2"] or seen["as1_id_at_as2_token"]
            self.checks.add("sep-2352-reregister-on-as-change", "SUCCESS" if seen["as2_register"] else "FAILURE",
                            "Client registered with the new authorization server" if seen["as2_register"]
                            else "Client MUST re-register with the new authorization server")
            self.checks.add("sep-2352-no-reuse-on-as-change", "FAILURE" if reused else "SUCCESS",
                            "the previous AS client_id was seen at the new AS" if reused else "the previous client_id never reached the new AS")
            self.checks.add("sep-2352-no-cross-as-credential-reuse", "FAILURE" if reused else "SUCCESS",
                            "credentials crossed authorization servers" if reused else "credentials stayed with their authorization server")
        self.graders.append(grade)

    # -- RFC 9207 iss and RFC 8414 issuer (SEP-2468) ---------------------------------------

    def iss(self, check_id, must_reject, **options):
        self.state.update(token=False, authorized=False)

        def on_authorize(q):
            self.state["authorized"] = True

        def on_token(request, body, grant):
            self.state["token"] = True
            return {"token": f"test-token-{secrets.token_hex(6)}", "scopes": []}

        def grade():
            if must_reject:
                ok = self.state["authorized"] and not self.state["token"]
                self.checks.add(check_id, "SUCCESS" if ok else "FAILURE",
                                "Client refused the authorization response" if ok else "Client redeemed a code it must refuse",
                                authorized=self.state["authorized"], tokenRequestMade=self.state["token"])
            else:
                self.checks.add(check_id, "SUCCESS" if self.state["token"] else "FAILURE",
                                "Client redeemed the code" if self.state["token"] else "Client did not complete the token request")
        self.standard(dict(options, on_authorize=on_authorize, on_token=on_token))
        self.graders.append(grade)

    def scenario_iss_supported(self):
        self.iss("sep-2468-client-compare-iss-supported", False, iss_supported=True, iss_in_redirect="correct")

    def scenario_iss_not_advertised(self):
        self.iss("sep-2468-client-proceed-no-iss", False, iss_supported=None, iss_in_redirect="omit")

    def scenario_iss_supported_missing(self):
        self.iss("sep-2468-client-reject-missing-iss", True, iss_supported=True, iss_in_redirect="omit")

    def scenario_iss_wrong_issuer(self):
        self.iss("sep-2468-client-compare-iss-supported", True, iss_supported=True, iss_in_redirect="wrong")

    def scenario_iss_unexpected(self):
        self.iss("sep-2468-client-compare-iss-unadvertised", True, iss_supported=None, iss_in_redirect="wrong")

    def scenario_iss_normalized(self):
        self.iss("sep-2468-client-no-normalization", True, iss_supported=True, iss_in_redirect="normalized")

    def scenario_metadata_issuer_mismatch(self):
        self.never_authorized("sep-2468-client-validate-metadata-issuer",
                              "Client rejected metadata whose issuer is not the one it was fetched for",
                              "Client authorized at an authorization server whose metadata names another issuer",
                              {"metadata_issuer": "https://attacker.example.com"})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    if args.list or not args.scenario:
        print("\n".join(SCENARIOS + EXTRA_SCENARIOS))
        return
    peer = Peer(args.scenario)
    if hasattr(peer, "context_later"):
        peer.context = peer.context_later()
    peer.start()
    print(f"READY {peer.mcp.base.rsplit(':', 1)[1]}", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
