import AsyncHTTPClient
import Foundation
import MCPDashCore
import MCPDashMetrics
import NIOHTTP1
import Testing

@Suite("The /metrics listener")
struct MetricsServerTests {
    func get(_ url: String, method: HTTPMethod = .GET) async throws -> (status: UInt, type: String?, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        return (response.status.code, response.headers.first(name: "Content-Type"), String(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test("GET /metrics is the text format with the agent's series; HEAD has no body; other paths 404, other methods 405")
    func serves() async throws {
        let exporter = MetricsExporter()
        let metrics = exporter.agentMetrics()
        metrics.prepare(server: #"odd "name"\ here"#)
        metrics.token(AgentMetrics.TokenKey(server: "a", account: "default"), expiresAt: Date(timeIntervalSince1970: 1_900_000_000),
                      renewalDue: false, failing: false)
        metrics.checked(HealthReport(server: "a", transport: .http, outcome: .ok, latencyMilliseconds: 40, httpStatus: nil, detail: "ok"), at: Date())
        let server = try await MetricsServer.start(at: ListenAddress(host: "127.0.0.1", port: 0), exporter: exporter)
        let base = "http://\(server.address)"
        let scrape = try await get(base + "/metrics")
        #expect(scrape.status == 200 && scrape.type == MetricsServer.contentType)
        #expect(scrape.body.contains(#"mcpdash_token_expiry_timestamp_seconds{server="a",account="default"} 1900000000"#), "\(scrape.body)")
        #expect(scrape.body.contains(#"mcpdash_request_duration_seconds_bucket{server="a",le="0.05"} 1"#))
        #expect(scrape.body.contains(#"mcpdash_refresh_total{server="odd \"name\"\\ here",outcome="failure"} 0"#), "label values are escaped")
        #expect(try await get(base + "/metrics", method: .HEAD).body.isEmpty)
        #expect(try await get(base + "/").status == 404)
        #expect(try await get(base + "/metrics/../secret").status == 404)
        #expect(try await get(base + "/metrics", method: .POST).status == 405)

        await #expect(throws: AgentError(.addressInUse, summary: "the metrics address \(server.address) is already in use by another program",
                                          hint: "`ss -ltnp 'sport = :\(server.address.split(separator: ":").last!)'` names it; choose another port with --metrics")) {
            _ = try await MetricsServer.start(at: ListenAddress(parsing: server.address)!, exporter: exporter)
        }
        await server.close()
    }
}
