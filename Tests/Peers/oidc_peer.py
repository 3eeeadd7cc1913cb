"""django-oauth-toolkit as a full OIDC provider for mcpdash's tests, started on loopback.

    python oidc_peer.py --out FILE [--access-ttl SECONDS]

Binds an ephemeral port on 127.0.0.1, prints `READY <port>` once it accepts connections, and
writes to --out a JSON object naming the issuer and the clients it created:

- `public`: a public client for authorization code + PKCE (loopback redirect, any port);
- `service`: a confidential client for the client-credentials grant (`client_secret_basic`
  and `client_secret_post`);
- `device`: a public client for the device authorization grant (RFC 8628);
- `resource`: the confidential client an MCP server uses to call the introspection endpoint.

The issuer is `http://127.0.0.1:<port>/o` (a path, so discovery's path rules are exercised).
One user exists, `alice` (email alice@example.com) with the password in `user.password`;
the login form and the consent and device pages are Django's and the toolkit's own.
"""
import argparse
import json
import os
import socketserver
import sys
import tempfile
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PASSWORD = "correct horse battery staple"
SECRETS = {"service": "service-secret-0123456789", "resource": "resource-secret-0123456789"}


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *_):
        pass


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


def configure(port, state, access_ttl):
    import django
    from django.conf import settings

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    templates = os.path.join(state, "templates")
    os.makedirs(os.path.join(templates, "registration"), exist_ok=True)
    with open(os.path.join(templates, "registration", "login.html"), "w") as handle:
        handle.write('<html><body><form method="post">{% csrf_token %}{{ form.as_p }}'
                     '<input type="hidden" name="next" value="{{ next }}"><button type="submit">Log in</button>'
                     "</form></body></html>")
    base = f"http://127.0.0.1:{port}"
    settings.configure(
        DEBUG=False,
        SECRET_KEY="mcpdash-test-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions",
                        "oauth2_provider"],
        MIDDLEWARE=["django.contrib.sessions.middleware.SessionMiddleware",
                    "django.middleware.csrf.CsrfViewMiddleware",
                    "django.contrib.auth.middleware.AuthenticationMiddleware"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.path.join(state, "db.sqlite3")}},
        TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "DIRS": [templates],
                    "APP_DIRS": True,
                    "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                                       "django.contrib.auth.context_processors.auth"]}}],
        LOGIN_URL="/accounts/login/",
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        USE_TZ=True,
        OAUTH2_PROVIDER={
            "OIDC_ENABLED": True,
            "OIDC_RSA_PRIVATE_KEY": pem,
            "OIDC_ISS_ENDPOINT": f"{base}/o",
            "PKCE_REQUIRED": True,
            "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
            "OAUTH2_VALIDATOR_CLASS": "__main__.EmailClaimsValidator",
            "ROTATE_REFRESH_TOKEN": True,
            "ACCESS_TOKEN_EXPIRE_SECONDS": access_ttl,
            "SCOPES": {"openid": "OpenID Connect", "email": "Email", "profile": "Profile", "mcp:read": "Use MCP tools",
                       "mcp:write": "Change things"},
            "DEFAULT_SCOPES": ["mcp:read"],
            "OAUTH_DEVICE_VERIFICATION_URI": f"{base}/o/device/",
            "OAUTH_DEVICE_VERIFICATION_URI_COMPLETE": f"{base}/o/device/?user_code={{user_code}}",
            "DEVICE_FLOW_INTERVAL": 1,
            "RESOURCE_SERVER_INTROSPECTION_URL": None,
        },
    )
    django.setup()


def define_validator():
    """The toolkit's validator, plus the user's email in the id_token and userinfo."""
    from oauth2_provider.oauth2_validators import OAuth2Validator

    class EmailClaimsValidator(OAuth2Validator):
        oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "email"}

        def get_additional_claims(self, request):
            return {"email": request.user.email, "name": request.user.get_full_name()}

    globals()["EmailClaimsValidator"] = EmailClaimsValidator


def urls():
    from django.contrib.auth import views as auth_views
    from django.urls import include, path
    from oauth2_provider import urls as oauth_urls

    return [
        path("accounts/login/", auth_views.LoginView.as_view()),
        path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
        path("", include((oauth_urls.metadata_urlpatterns, "metadata"))),
    ]


def seed(port):
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from oauth2_provider.models import get_application_model

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("alice", email="alice@example.com", password=PASSWORD,
                                    first_name="Alice", last_name="Liddell")
    Application = get_application_model()
    made = {}

    def application(name, **fields):
        secret = SECRETS.get(name)
        app = Application(name=name, user=user, skip_authorization=True, algorithm=Application.RS256_ALGORITHM, **fields)
        if secret:
            app.client_secret = secret
        app.save()
        made[name] = {"client_id": app.client_id, **({"client_secret": secret} if secret else {})}

    application("public", client_type=Application.CLIENT_PUBLIC, authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
                redirect_uris="http://127.0.0.1/callback", client_secret="")
    application("service", client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS)
    application("device", client_type=Application.CLIENT_PUBLIC, authorization_grant_type=Application.GRANT_DEVICE_CODE,
                client_secret="")
    application("resource", client_type=Application.CLIENT_CONFIDENTIAL,
                authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS)
    return made


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="where to write the issuer and the clients as JSON")
    parser.add_argument("--access-ttl", type=int, default=3600, help="access-token lifetime in seconds")
    args = parser.parse_args()
    # Bind first and keep the socket: choosing a free port and binding it later races with the
    # other peers a test run starts at the same time.
    server = make_server("127.0.0.1", 0, lambda environ, start_response: [], server_class=ThreadingWSGIServer,
                         handler_class=QuietHandler)
    port = server.server_port
    state = tempfile.mkdtemp(prefix="mcpdash-oidc-")
    configure(port, state, args.access_ttl)
    define_validator()
    global urlpatterns
    urlpatterns = urls()
    clients = seed(port)
    with open(args.out, "w") as handle:
        json.dump({"issuer": f"http://127.0.0.1:{port}/o", "port": port,
                   "user": {"username": "alice", "password": PASSWORD, "email": "alice@example.com"},
                   "clients": clients}, handle)
    from django.core.wsgi import get_wsgi_application

    server.set_app(get_wsgi_application())
    print(f"READY {port}", flush=True)
    server.serve_forever()


urlpatterns = []

if __name__ == "__main__":
    sys.exit(main())
