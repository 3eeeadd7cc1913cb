import Testing
@testable import MCPDashCore

@Suite("Retry policy")
struct RetryPolicyTests {
    @Test("exponential backoff with jitter, capped; Retry-After wins and is capped too")
    func delays() {
        let policy = RetryPolicy(maxRetries: 5, backoffFactor: 2, retryOn: [503])
        #expect(policy.delay(attempt: 0, jitter: 1) == 2)
        #expect(policy.delay(attempt: 2, jitter: 1) == 8)
        #expect(policy.delay(attempt: 2, jitter: 0.5) == 4)
        #expect(policy.delay(attempt: 10, jitter: 1) == RetryPolicy.maximumDelay)
        #expect(policy.delay(attempt: 0, retryAfter: "7") == 7)
        #expect(policy.delay(attempt: 0, retryAfter: "3600") == RetryPolicy.maximumDelay)
        for _ in 0..<20 { #expect((1.0...2.0).contains(policy.delay(attempt: 0))) }
    }

    @Test("401 and 403 are never in the retried statuses")
    func refusalsNeverRetried() {
        #expect(RetryPolicy(maxRetries: 3, backoffFactor: 1, retryOn: [401, 403, 503]).retryOn == [503])
        #expect(RetryPolicy.standard.retryOn == [429, 500, 502, 503, 504])
    }

    @Test("Kailash's retry_config and mcpdash's retry are both read")
    func parsing() throws {
        let config = try TestSupport.parse(#"""
            {"mcpServers": {
              "k": {"url": "https://k.example/mcp", "retry_config": {"max_retries": 3, "retry_on": [401, 403], "backoff_factor": 2.0}},
              "m": {"url": "https://m.example/mcp", "retry": {"maxRetries": 0}},
              "d": {"url": "https://d.example/mcp"}
            }}
            """#)
        #expect(config.server(named: "k")?.retry == RetryPolicy(maxRetries: 3, backoffFactor: 2, retryOn: []))
        #expect(config.warnings.map(\.field) == ["retry_config.retry_on"])
        #expect(config.server(named: "m")?.retry.maxRetries == 0)
        #expect(config.server(named: "d")?.retry == .standard)
    }
}
