"""The python `mcp` client side of mcpdash's benchmarks.

    python bench_client.py health URL [URL ...]   initialize + ping every URL with asyncio.gather;
                                                  prints the elapsed seconds and the failures
    python bench_client.py login URL              an OAuth login (discovery, dynamic registration,
                                                  PKCE, the browser $BROWSER names, else
                                                  Tests/Peers/browser.py, started as a process,
                                                  the token request) and then initialize and
                                                  tools/call whoami; prints the answer
"""
import asyncio
import http.server
import os
import sys
import threading
import time
import urllib.parse

import httpx2
from mcp import ClientSession
from mcp.client.auth import OAuthClientProvider, TokenStorage
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientMetadata


async def check(url, client):
    async with streamable_http_client(url, http_client=client) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            await session.initialize()
            await session.send_ping()


async def health(urls):
    async with httpx2.AsyncClient(timeout=30, limits=httpx2.Limits(max_connections=1000)) as client:
        started = time.perf_counter()
        results = await asyncio.gather(*(check(url, client) for url in urls), return_exceptions=True)
        elapsed = time.perf_counter() - started
    failures = [r for r in results if isinstance(r, BaseException)]
    print(f"{elapsed:.4f} {len(failures)}")
    if failures:
        print(repr(failures[0]), file=sys.stderr)


class MemoryStorage(TokenStorage):
    def __init__(self):
        self.tokens = None
        self.client = None

    async def get_tokens(self):
        return self.tokens

    async def set_tokens(self, tokens):
        self.tokens = tokens

    async def get_client_info(self):
        return self.client

    async def set_client_info(self, client_info):
        self.client = client_info


async def login(url):
    answered = {}
    arrived = threading.Event()

    class Callback(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
            answered.update({key: values[0] for key, values in query.items()})
            self.send_response(200)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"logged in")
            arrived.set()

        def log_message(self, *_):
            pass

    listener = http.server.HTTPServer(("127.0.0.1", 0), Callback)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    # The browser command mcpdash gets in the same run ($BROWSER, words split on spaces), so both
    # sides pay for the same process; the full scripted browser when it is not set.
    browser = os.environ.get("BROWSER", "").split() or [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "browser.py")]

    async def open_browser(authorization_url):
        await asyncio.create_subprocess_exec(*browser, authorization_url)

    async def wait_for_callback():
        await asyncio.get_running_loop().run_in_executor(None, arrived.wait)
        return AuthorizationCodeResult(code=answered["code"], state=answered.get("state"))

    metadata = OAuthClientMetadata(client_name="bench", redirect_uris=[f"http://127.0.0.1:{listener.server_address[1]}/callback"],
                                   grant_types=["authorization_code", "refresh_token"], response_types=["code"])
    provider = OAuthClientProvider(server_url=url, client_metadata=metadata, storage=MemoryStorage(),
                                   redirect_handler=open_browser, callback_handler=wait_for_callback)
    async with httpx2.AsyncClient(auth=provider, timeout=30) as client:
        async with streamable_http_client(url, http_client=client) as streams:
            async with ClientSession(streams[0], streams[1]) as session:
                await session.initialize()
                result = await session.call_tool("whoami", {})
                print(result.content[0].text)
    listener.shutdown()


if __name__ == "__main__":
    if sys.argv[1] == "health":
        asyncio.run(health(sys.argv[2:]))
    elif sys.argv[1] == "login":
        asyncio.run(login(sys.argv[2]))
