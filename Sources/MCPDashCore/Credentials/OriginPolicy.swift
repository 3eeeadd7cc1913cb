import Foundation

/// Where a credential may be sent: only to its server's origin, and over plain http only to loopback.
public enum OriginPolicy {
    /// The origin (`scheme://host:port`) of a URL, lower-cased, with default ports made explicit.
    public static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1)
        return "\(scheme)://\(host):\(port)"
    }

    /// Whether `host` is a loopback address or name.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return lowered == "localhost" || lowered.hasPrefix("127.") || lowered == "::1"
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
