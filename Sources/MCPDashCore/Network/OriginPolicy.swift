import Foundation

/// Where a credential may be sent: only to its server's origin, and over plain http only to loopback.
public enum OriginPolicy {
    /// The origin (`scheme://host:port`) of a URL, lower-cased, with default ports made explicit.
    public static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }

    /// Whether `host` is a loopback literal: an IPv4 address in 127.0.0.0/8, `::1`, or `localhost`.
    ///
    /// Names are not resolved and not matched by prefix: `127.evil.example` is a remote host.
    public static func isLoopback(_ host: String) -> Bool {
        var lowered = host.lowercased()
        if lowered.hasPrefix("["), lowered.hasSuffix("]") { lowered = String(lowered.dropFirst().dropLast()) }
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let octets = lowered.split(separator: "." as Character, omittingEmptySubsequences: false)
        guard octets.count == 4, octets.first == "127" else { return false }
        return octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy(\.isASCII) && octet.allSatisfy(\.isNumber) && (Int(octet) ?? 256) <= 255
        }
    }

    /// Why `text` must not leave mcpdash for a browser or a discovery/authorization-server fetch; nil when it may.
    ///
    /// Only https, or plain http to a loopback literal; no user name or password in the URL;
    /// no whitespace or control characters; at most 8 KiB. (A URL that passes starts with
    /// `http`, so no program can take it for an option.)
    public static func outboundRefusal(_ text: String) -> String? {
        // Printing happens through `TerminalText` at the output boundary; here only the length is bounded.
        let shown = String(text.prefix(200))
        guard text.utf8.count <= 8192 else { return "a URL of \(text.utf8.count) bytes is too long" }
        guard !text.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }) else {
            return "\(shown) contains whitespace or control characters"
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host, !host.isEmpty else {
            return "\(shown) is not an absolute http(s) URL"
        }
        if components.user != nil || components.password != nil {
            // The user information may be a credential: name only the scheme and host.
            return "a URL for \(scheme)://\(host) carries a user name or password"
        }
        switch scheme {
        case "https": return nil
        case "http" where isLoopback(host): return nil
        case "http": return "\(shown) is plain http to a remote host; only https is allowed (plain http only on loopback)"
        default: return "\(shown) is not an http(s) URL (scheme \(scheme))"
        }
    }

    /// Why credentials must not go to `url` for a server whose endpoint is `endpoint`; nil when they may.
    public static func refusal(sending url: URL, for endpoint: URL) -> String? {
        guard let target = origin(of: url), let home = origin(of: endpoint) else { return "the URL has no scheme or host" }
        if target != home { return "\(target) is not the server's origin \(home)" }
        if url.scheme?.lowercased() == "http", let host = url.host, !isLoopback(host) {
            return "plain http to \(host) would expose the credential; use https"
        }
        return nil
    }
}
