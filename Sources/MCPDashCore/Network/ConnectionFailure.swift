import AsyncHTTPClient

/// Connection failures in the words an operator reads: "connection refused" instead of NIO's
/// nested description. Shared by the transports, the OAuth requests and triage's probe.
enum ConnectionFailure {
    /// A short reason for a failed connection ("connection refused") instead of NIO's nested description.
    static func describe(_ error: any Error) -> String {
        let text = "\(error)"
        let known = ["Connection refused", "Connection reset", "No route to host", "Network is unreachable",
                     "Name or service not known", "certificate", "handshake"]
        if let reason = known.first(where: { text.localizedCaseInsensitiveContains($0) }) {
            return reason.prefix(1).lowercased() + reason.dropFirst()
        }
        if let error = error as? HTTPClientError, error == .remoteConnectionClosed { return "the server closed the connection" }
        if text.localizedCaseInsensitiveContains("HTTPParserError") || text.localizedCaseInsensitiveContains("invalid character") {
            return "the server's answer is not valid HTTP"
        }
        return "cannot connect: \(text)"
    }
}
