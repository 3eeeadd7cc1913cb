"""A scripted browser for mcpdash's login tests: follows a URL as a person's browser would.

    python browser.py URL
    python browser.py --forge state|iss|state-then-login URL

Keeps cookies, follows redirects (including the final one to mcpdash's loopback callback),
and submits the forms it meets: a login form (username and password from
MCPDASH_BROWSER_USER / MCPDASH_BROWSER_PASSWORD), a consent form (it allows), and a device
user-code form (the code pre-filled from the URL). Stops when a page has no form. Writes a
line per page to the file named by MCPDASH_BROWSER_LOG, when set.

With --forge it plays an attacker instead: it never visits the authorization server but calls
the redirect URI at once with a made-up code and a wrong `state` (`--forge state`) or the right
`state` from another issuer, carrying an error description that must not be shown (`--forge iss`).
`--forge state-then-login` sends the forged-state callback first (as any local process could)
and then logs in as the real browser would: the login must survive the forgery.
"""
import html.parser
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class FormParser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(), "fields": [],
                               "submits": []})
        elif tag in ("input", "button") and self.forms:
            kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
            name = attrs.get("name")
            if kind == "submit":
                if name:
                    self.forms[-1]["submits"].append((name, attrs.get("value") or ""))
            elif name:
                self.forms[-1]["fields"].append((name, attrs.get("value") or "", kind))


def log(line):
    target = os.environ.get("MCPDASH_BROWSER_LOG")
    if target:
        with open(target, "a") as handle:
            handle.write(line + "\n")


def forge(kind, url):
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    params = {"code": "forged-code", "state": query["state"] if kind == "iss" else "forged-state"}
    if kind == "iss":
        params.update({"iss": "https://evil.example", "error_description": "EVIL-TEXT-FROM-THE-ATTACKER"})
    target = query["redirect_uri"] + "?" + urllib.parse.urlencode(params)
    try:
        status = urllib.request.urlopen(target, timeout=30).status
    except urllib.error.HTTPError as error:
        status = error.code
    log(f"forged {status} {target}")
    if kind == "state-then-login":
        return follow(url)
    return 0


def main():
    if sys.argv[1] == "--forge":
        return forge(sys.argv[2], sys.argv[3])
    return follow(sys.argv[1])


def follow(url):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    data = None
    for _ in range(12):
        try:
            response = opener.open(urllib.request.Request(url, data=data, headers={"Referer": url}), timeout=30)
            body = response.read().decode("utf-8", "replace")
            url = response.geturl()
            status = response.status
        except urllib.error.HTTPError as error:
            body = error.read().decode("utf-8", "replace")
            url = error.geturl()
            status = error.code
        log(f"{status} {url}")
        parser = FormParser()
        parser.feed(body)
        if not parser.forms:
            return 0 if status < 400 else 1
        form = parser.forms[0]
        values = []
        for name, value, kind in form["fields"]:
            if name == "username":
                value = os.environ.get("MCPDASH_BROWSER_USER", "alice")
            elif name == "password":
                value = os.environ.get("MCPDASH_BROWSER_PASSWORD", "")
            elif kind == "checkbox":
                continue
            values.append((name, value))
        allow = [pair for pair in form["submits"] if pair[0] in ("allow", "action") and pair[1].lower() in ("authorize", "accept", "allow", "")]
        values.extend(allow[:1] or form["submits"][:1])
        target = urllib.parse.urljoin(url, form["action"] or url)
        if form["method"] == "post":
            data = urllib.parse.urlencode(values).encode()
            url = target
        else:
            data = None
            url = target + ("&" if "?" in target else "?") + urllib.parse.urlencode(values)
    return 1


if __name__ == "__main__":
    sys.exit(main())
