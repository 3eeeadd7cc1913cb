import Foundation
import MCP

/// `mcpdash status`: initialize and ping every server concurrently (a bounded number at a time),
/// and journal each result.
public enum HealthCheck {
    /// Checks `servers`, at most `concurrency` at once; results come back in the order given,
    /// and each is also handed to `finished` the moment it is known.
    public static func run(_ servers: [ServerConfig], config: MCPDashConfig, stores: SecretStores, journal: StateDatabase?,
                           concurrency: Int = 16, minter: SelfSignedJWTMinter = SelfSignedJWTMinter(),
                           finished: (HealthReport) -> Void = { _ in }) async -> [HealthReport] {
        var results = [HealthReport?](repeating: nil, count: servers.count)
        let activeAccounts = (try? journal?.activeAccounts()) ?? [:]
        await withTaskGroup(of: (Int, HealthReport).self) { group in
            var next = 0
            func startNext() {
                guard next < servers.count else { return }
                let index = next
                next += 1
                let account = activeAccounts[servers[index].name] ?? SecretAddress.defaultAccount
                group.addTask { (index, await check(servers[index], config: config, stores: stores, minter: minter, database: journal, account: account)) }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            for await (index, report) in group {
                results[index] = report
                finished(report)
                startNext()
            }
        }
        let reports = results.compactMap { $0 }
        for report in reports {
            if let event = journalEvent(for: report) { _ = try? journal?.append(event) }
        }
        return reports
    }

    /// The journal entry of a check; nil for a disabled server, which was not checked.
    public static func journalEvent(for report: HealthReport) -> JournalEvent? {
        guard report.outcome != .disabled else { return nil }
        var event = JournalEvent(server: report.server, operation: .status, outcome: report.outcome == .ok ? .success : .failure,
                                 httpStatus: report.httpStatus ?? (report.outcome == .ok && report.transport?.isRemote == true ? 200 : nil),
                                 challenge: report.challenge, message: report.detail)
        event.latencyMilliseconds = report.latencyMilliseconds.map { Int($0) }
        return event
    }

    /// Checks one server.
    public static func check(_ server: ServerConfig, config: MCPDashConfig, stores: SecretStores,
                             minter: SelfSignedJWTMinter, database: StateDatabase? = nil, account: String? = nil) async -> HealthReport {
        let kind = server.transport.kind
        guard !server.disabled else {
            return HealthReport(server: server.name, transport: kind, outcome: .disabled, latencyMilliseconds: nil, httpStatus: nil, detail: "disabled")
        }
        let started = ContinuousClock.now
        do {
            let connection = try await ServerConnection.open(server, config: config, stores: stores, minter: minter, database: database,
                                                             account: account ?? Accounts.resolve(nil, server: server.name, database: database))
            do {
                try await connection.run { try await $0.ping() }
            } catch {
                await connection.close()
                throw error
            }
            let latency = ContinuousClock.now - started
            await connection.close()
            let info = connection.initialized.serverInfo
            return HealthReport(server: server.name, transport: kind, outcome: .ok, latencyMilliseconds: latency.milliseconds,
                                httpStatus: nil, detail: "\(info.name) \(info.version)"
                                    + (connection.credentials.fallback.isActive ? "; primary key refused, secondary in use: rotate the primary" : ""))
        } catch let error as MCPTransportError {
            let unauthorized = [401, 403].contains(error.httpStatus ?? 0) || error.kind == .credentialUnavailable || error.kind == .refused
            var detail = error.message
            if let scopes = ScopeStepUp.insufficientScope(error), !scopes.isEmpty {
                detail += " (needs scope \(scopes.joined(separator: " ")): mcpdash login \(server.name) asks for it)"
            }
            var report = HealthReport(server: server.name, transport: kind, outcome: unauthorized ? .unauthorized : .failed,
                                      latencyMilliseconds: nil, httpStatus: error.httpStatus, detail: detail, challenge: error.challenges.first)
            report.failureReason = AuthFailureReason(transport: error)
            return report
        } catch {
            return HealthReport(server: server.name, transport: kind, outcome: .failed, latencyMilliseconds: nil, httpStatus: nil,
                                detail: SecretRedactor.shared.redact("\(error)"))
        }
    }
}
