import AsyncHTTPClient
import Foundation
import MCPDashCore
import Testing

/// whoami's verdict cache: a credential the server judged recently is not sent again.
@Suite("the whoami verdict cache")
struct VerdictCacheCLITests {
    let cli = CLIRunner()
    let name = "cache-\(UUID().uuidString.prefix(8).lowercased())"

    func posts(_ peer: PeerServer) async throws -> Int {
        try await peer.counts()["posts"] ?? -1
    }

    @Test("an accepted credential is answered from the cache; --fresh and a new credential ask again")
    func acceptedIsCached() async throws {
        try await PeerServer.with(["--auth", "bearer", "--token", "tok-one-0123456789=alice", "--token", "tok-two-0123456789=bob"]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${T}"}}}}"#)
            let first = try await cli.run(["whoami", name, "--json"], environment: ["T": "tok-one-0123456789"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(try JSONDecoder.iso.decode(WhoAmIReport.self, from: Data(first.stdout.utf8)).cachedAt == nil)
            let second = try await cli.run(["whoami", name], environment: ["T": "tok-one-0123456789"])
            #expect(second.stdout.contains("cached    the server's verdict from"), "\(second.stdout)")
            #expect(second.stdout.contains(#""sub":"alice""#))
            let fresh = try await cli.run(["whoami", name, "--fresh"], environment: ["T": "tok-one-0123456789"])
            #expect(!fresh.stdout.contains("cached"))
            let other = try await cli.run(["whoami", name], environment: ["T": "tok-two-0123456789"])
            #expect(other.stdout.contains(#""sub":"bob""#))
            #expect(!other.stdout.contains("cached"))
            let state = try Data(contentsOf: URL(fileURLWithPath: cli.home + "/state/mcpdash/state.db"))
            #expect(state.range(of: Data("tok-one-0123456789".utf8)) == nil, "a token is in the state database")
        }
    }

    @Test("a refusal is remembered for 30 s: the second check does not reach the server")
    func refusalIsCached() async throws {
        try await PeerServer.with(["--auth", "raw", "--challenge", #"Bearer error="invalid_token""#]) { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "bearer", "token": "${T}"}}}}"#)
            let environment: [String: String?] = ["T": "refused-token-0123456789"]
            let first = try await cli.run(["whoami", name], environment: environment)
            #expect(first.status == 77)
            let sent = try await posts(peer)
            let second = try await cli.run(["whoami", name], environment: environment)
            #expect(second.status == 77)
            #expect(second.stderr.contains("the server's verdict"), "\(second.stderr)")
            #expect(try await posts(peer) == sent, "the cached refusal still reached the server")
        }
    }
}

extension JSONDecoder {
    /// A decoder for mcpdash's JSON output (ISO 8601 dates).
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
