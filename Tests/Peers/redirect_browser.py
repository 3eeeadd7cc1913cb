"""A browser that only follows redirects, for the login benchmark (scripts/bench).

    python -S redirect_browser.py URL

GETs URL over plain HTTP and follows each `Location` until an answer is not a redirect (at most
12), the last one being the client's loopback callback; exits 0 when that answer is below 400.
It submits no forms and keeps no cookies: it stands in for a person's browser only where the
authorization server approves at once (fastmcp's in-memory provider). It imports nothing but
`socket`, so that both sides of the benchmark (mcpdash and the python SDK, which start it the
same way) pay a few milliseconds for it instead of the ~50 ms of `urllib.request` and
`http.cookiejar` in Tests/Peers/browser.py.
"""
import socket
import sys


def get(url):
    """One GET with `Connection: close`: the status and the `Location` header, if any."""
    if not url.startswith("http://"):
        raise SystemExit(f"redirect_browser: only http:// URLs, not {url[:40]}")
    authority, _, path = url[len("http://"):].partition("/")
    host, _, port = authority.rpartition(":") if ":" in authority else (authority, "", "80")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(f"GET /{path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
        remaining = int(headers.get("content-length", "0")) - len(body)
        while remaining > 0:   # read the body to its end, so the server never writes to a closed socket
            chunk = connection.recv(65536)
            if not chunk:
                break
            remaining -= len(chunk)
    location = headers.get("location")
    if location and location.startswith("/"):
        location = f"http://{authority}{location}"
    return status, location


def main():
    url = sys.argv[1]
    for _ in range(12):
        status, location = get(url)
        if not (300 <= status < 400 and location):
            return 0 if status < 400 else 1
        url = location
    return 1


if __name__ == "__main__":
    sys.exit(main())
