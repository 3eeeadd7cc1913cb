import AsyncHTTPClient
import Foundation
import Testing

/// One scenario of the MCP conformance suite's client auth scenarios, served by
/// `Tests/Peers/conformance_peer.py` on loopback, with the checks it recorded.
struct ConformancePeer: Sendable {
    /// A check the scenario recorded, as the suite grades it.
    struct Check: Decodable, Sendable {
        let id: String
        let status: String
        let description: String
        var summary: String { "\(status) \(id): \(description)" }
    }

    /// The peer process.
    let server: PeerServer

    /// The MCP server's endpoint.
    var url: String { server.url }
    /// The MCP server's origin.
    var origin: String { "http://127.0.0.1:\(server.port)" }

    /// Starts scenario `name` (without `auth/`), runs `body` while it serves, then stops it.
    static func with<T: Sendable>(_ name: String, _ body: @Sendable (ConformancePeer) async throws -> T) async throws -> T {
        try await PeerServer.with(["--scenario", name], script: "conformance_peer.py") { try await body(ConformancePeer(server: $0)) }
    }

    private func get(_ path: String) async throws -> Data {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: origin + path), timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 22)
        return Data(body.readableBytesView)
    }

    /// Every check, graded as the suite grades it at the end of a run.
    func checks() async throws -> [Check] {
        try JSONDecoder().decode([Check].self, from: try await get("/checks"))
    }

    /// What the suite would hand its client: client ids, secrets, keys, JWTs.
    func context() async throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: try await get("/context"))
    }

    /// How many requests each of the scenario's servers saw, by `server METHOD path`.
    func counts() async throws -> [String: Int] {
        try JSONDecoder().decode([String: Int].self, from: try await get("/count"))
    }

    /// Expects the scenario passed: no FAILURE or WARNING, and each of `required` recorded as SUCCESS.
    func expectPassed(_ required: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let checks = try await checks()
        let bad = checks.filter { $0.status == "FAILURE" || $0.status == "WARNING" }
        #expect(bad.isEmpty, "\(bad.map(\.summary).joined(separator: "\n"))", sourceLocation: sourceLocation)
        for id in required {
            #expect(checks.contains { $0.id == id && $0.status == "SUCCESS" },
                    "no SUCCESS for \(id); checks: \(checks.map(\.summary).joined(separator: "\n"))", sourceLocation: sourceLocation)
        }
    }
}
