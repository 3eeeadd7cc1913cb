import AsyncHTTPClient
import Foundation
import Subprocess
import SystemPackage
import Testing

/// A real Prometheus (Debian's `prometheus` package) on loopback for one test: a generated
/// config scraping the given targets every second, the shipped rules evaluated every second
/// with every `for:` shortened, and its TSDB in a temporary directory.
struct PrometheusServer: Sendable {
    /// Where its HTTP API listens.
    let base: String

    static let binary = "/usr/bin/prometheus"
    static var shippedRules: String { CLIRunner.repositoryRoot + "/contrib/prometheus/mcpdash.rules.yml" }

    /// The shipped rules with every `for:` set to `holdFor`.
    static func shortenedRules(holdFor: String = "1s") throws -> String {
        let text = try String(contentsOfFile: shippedRules, encoding: .utf8)
        return text.replacingOccurrences(of: #"(?m)^(\s+for:\s*)\S+"#, with: "$1\(holdFor)", options: .regularExpression)
    }

    /// A free TCP port on 127.0.0.1 (bound and released; Prometheus takes it right after).
    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound, "cannot bind a loopback port: \(String(cString: strerror(errno)))")
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts Prometheus scraping `targets` (job `mcpdash-agent`), runs `body`, then kills it.
    static func with<T: Sendable>(scraping targets: [String], _ body: @Sendable (PrometheusServer) async throws -> T) async throws -> T {
        try #require(FileManager.default.isExecutableFile(atPath: binary),
                     "the Prometheus tests need \(binary) (Debian's prometheus package); run scripts/setup")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-prometheus-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try shortenedRules().write(toFile: directory + "/rules.yml", atomically: true, encoding: .utf8)
        try """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            rule_files: ["\(directory)/rules.yml"]
            scrape_configs:
              - job_name: mcpdash-agent
                static_configs:
                  - targets: [\(targets.map { "\"\($0)\"" }.joined(separator: ", "))]
            """.write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        let port = try freePort()
        let server = PrometheusServer(base: "http://127.0.0.1:\(port)")
        let result = try await Subprocess.run(
            .path(FilePath(binary)),
            arguments: ["--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                        "--web.listen-address=127.0.0.1:\(port)", "--log.level=warn"],
            input: .none,
            output: .discarded,
            error: .discarded
        ) { execution in
            try await PeerServer.killing(execution) {
                try await server.waitUntilReady()
                return try await body(server)
            }
        }
        return result.closureResult
    }

    private func waitUntilReady() async throws {
        for _ in 0..<150 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/-/ready"), timeout: .seconds(2)),
               response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("Prometheus did not become ready at \(base) within 30 s")
        throw CancellationError()
    }

    /// `GET path` of the HTTP API, decoded as JSON.
    func api(_ path: String) async throws -> [String: Any] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + path), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 22)
        return try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
    }

    /// The result vector of an instant query.
    func query(_ expression: String) async throws -> [[String: Any]] {
        let encoded = expression.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? expression
        let answer = try await api("/api/v1/query?query=\(encoded)")
        return ((answer["data"] as? [String: Any])?["result"] as? [[String: Any]]) ?? []
    }

    /// The health of every active target (`up`, `down`, `unknown`).
    func targetHealth() async throws -> [String] {
        let answer = try await api("/api/v1/targets?state=active")
        let targets = ((answer["data"] as? [String: Any])?["activeTargets"] as? [[String: Any]]) ?? []
        return targets.compactMap { $0["health"] as? String }
    }

    /// The alerts Prometheus holds now: name, state (`pending`, `firing`) and labels.
    func alerts() async throws -> [(name: String, state: String, labels: [String: String])] {
        let answer = try await api("/api/v1/alerts")
        let alerts = ((answer["data"] as? [String: Any])?["alerts"] as? [[String: Any]]) ?? []
        return alerts.map { alert in
            let labels = alert["labels"] as? [String: String] ?? [:]
            return (labels["alertname"] ?? "", alert["state"] as? String ?? "", labels)
        }
    }

    /// Whether `alert` is firing for `server`.
    func isFiring(_ alert: String, server: String) async throws -> Bool {
        try await alerts().contains { $0.name == alert && $0.state == "firing" && $0.labels["server"] == server }
    }

    /// Polls `condition` every 500 ms for up to `timeout`; records an issue naming `what` when it never holds.
    func wait(_ what: String, timeout: Duration = .seconds(45), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(500))
        }
        Issue.record("waited \(timeout) for: \(what); alerts now: \(try await alerts().map { "\($0.name)/\($0.state)/\($0.labels["server"] ?? "")" })")
        throw CancellationError()
    }
}
