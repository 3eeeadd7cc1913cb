import AsyncHTTPClient
import Foundation
import Testing

/// `kill -9` of `refresh` and of `rotate` at random points, fifty times each, against the
/// hostile peer in its honest mode: with a reuse grace for the replaced refresh token the
/// session survives every kill; with strict rotation a session is lost only by a kill that
/// lands after the server rotated, and then it is reported once as "login required".
@Suite("kill -9 at random points")
struct KillNineCLITests {
    let cli = CLIRunner()
    let name = "killed-\(UUID().uuidString.prefix(8).lowercased())"
    /// Kills that must land mid-run, and the most attempts allowed to land them.
    static let kills = 50
    static let attempts = 150

    /// One refresh_token request the peer received, with its wall-clock times.
    struct PeerRefresh: Decodable {
        let received: Double
        let rotated: Double?
        let answered: Double?
        let outcome: String
    }

    /// Where a kill landed, relative to the refresh request of the killed process.
    enum Landing: String, CaseIterable {
        /// No request of the killed run ever reached the server.
        case beforeRequest = "before the token request was sent"
        /// The request reached the server, which did not rotate.
        case notRotated = "the server did not rotate"
        /// The request was on its way: the server rotated after the client was gone.
        case inFlight = "in flight (the server rotated after the kill)"
        /// The server had rotated before the kill: its answer was on the way back or being stored.
        case afterRotation = "after the server rotated"
    }

    func refreshes(_ peer: PeerServer) async throws -> [PeerRefresh] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(peer.port)/refreshes"), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 22)
        return try JSONDecoder().decode([PeerRefresh].self, from: Data(body.readableBytesView))
    }

    func tokenRequests(_ peer: PeerServer) async throws -> Int {
        try await peer.counts()["token"] ?? 0
    }

    /// How a run under the kill script ended.
    struct Run {
        /// The wall-clock time of the SIGKILL, nil when the process ended first.
        let killedAt: Double?
        /// Seconds from the start to the kill or the end.
        let seconds: Double
    }

    /// Runs `mcpdash ARGUMENTS` (stdin from `$KILL_STDIN` when given) and sends it SIGKILL after
    /// `delay` seconds unless it ends first.
    func killed(_ arguments: [String], after delay: Double, stdin: String? = nil) async throws -> Run {
        let script = """
            binary=$1; shift
            start=$(date +%s.%N)
            if [ -n "${KILL_STDIN-}" ]; then printf '%s\\n' "$KILL_STDIN" | "$binary" "$@" >/dev/null 2>&1 &
            else "$binary" "$@" >/dev/null 2>&1 </dev/null & fi
            pid=$!
            sleep \(String(format: "%.4f", delay)) & timer=$!
            wait -n $pid $timer
            at=$(date +%s.%N)
            if kill -9 $pid 2>/dev/null; then wait $pid; status=$?; else status=0; fi
            kill $timer 2>/dev/null
            echo "$status $start $at"
            """
        let result = try await cli.run(["-c", script, "bash", CLIRunner.binary] + arguments, program: "/bin/bash",
                                       environment: ["KILL_STDIN": stdin])
        let words = result.stdout.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }
        try #require(words.count == 3, "the kill script printed \(result.stdout) \(result.stderr)")
        return Run(killedAt: words[0] == 137 ? words[2] : nil, seconds: words[2] - words[1])
    }

    /// The range kills are drawn from: a run that ended before its kill shows how long runs
    /// take now, so the range follows the machine's speed.
    static func span(_ span: Double, after run: Run) -> Double {
        run.killedAt == nil ? max(0.02, min(span, run.seconds * 1.2)) : span
    }

    /// Where a kill at `time` landed, given the killed run's request (nil when none arrived).
    func landing(at time: Double, request: PeerRefresh?) -> Landing {
        guard let request else { return .beforeRequest }
        guard let rotated = request.rotated else { return .notRotated }
        return rotated > time ? .inFlight : .afterRotation
    }

    /// How long an undisturbed `mcpdash refresh` takes here, in seconds.
    func refreshDuration() async throws -> Double {
        let start = Date()
        let result = try await cli.run(["refresh", name])
        try #require(result.status == 0, "an undisturbed refresh failed: \(result.stderr)")
        return Date().timeIntervalSince(start)
    }

    func login() async throws {
        let login = try await cli.run(["login", name, "--timeout", "30"], environment: ["BROWSER": PeerServer.browser])
        try #require(login.status == 0, "login failed: \(login.stderr)")
    }

    func cleanUp() async {
        for field in ["accessToken", "refreshToken", "idToken", "clientSecret", "clientSecret.previous"] {
            try? await cli.clearSecret(server: name, field: field)
        }
    }

    @Test("refresh killed mid-run 50 times: with a reuse grace the session survives every kill; strictly rotated, only kills inside the token request's round trip lose it, each reported once",
          arguments: [30.0, 0.0])
    func killedRefresh(grace: Double) async throws {
        try await PeerServer.with(["--mode", "honest", "--grace", String(grace)], script: "hostile_peer.py") { peer in
            try cli.writeConfig(#"{"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth"}}}}"#)
            defer { Task { await cleanUp() } }
            try await login()
            var span = try await refreshDuration() * 1.2
            var landings: [Landing: (kills: Int, lost: Int)] = [:]
            var ended = 0
            var lostAfter: [Int] = []   // milliseconds from the server's rotation to each losing kill (negative: in flight)
            var attempts = 0
            while landings.values.map(\.kills).reduce(0, +) < Self.kills && attempts < Self.attempts {
                attempts += 1
                let before = try await refreshes(peer).count
                let run = try await killed(["refresh", name], after: Double.random(in: 0...span))
                span = Self.span(span, after: run)
                guard let killedAt = run.killedAt else {
                    ended += 1
                    continue
                }
                let requestsBefore = try await tokenRequests(peer)
                let probeStart = Date().timeIntervalSince1970
                let probe = try await cli.run(["refresh", name])
                // The killed run's request, if any reached the server (possibly after the kill).
                let request = try await refreshes(peer).dropFirst(before).first { $0.received < probeStart }
                let landed = landing(at: killedAt, request: request)
                var tally = landings[landed] ?? (0, 0)
                tally.kills += 1
                if probe.status != 0 {
                    tally.lost += 1
                    if let rotated = request?.rotated { lostAfter.append(Int((killedAt - rotated) * 1000)) }
                    // Lost: said once as "login required", one token request, then none.
                    #expect(probe.status == 77 && probe.stderr.contains("log"), "\(probe.status): \(probe.stderr)")
                    #expect(try await tokenRequests(peer) - requestsBefore == 1, "the lost session was retried")
                    let token = try await cli.run(["token", name])
                    #expect(token.status == 77, "\(token.stderr)")
                    #expect(try await tokenRequests(peer) - requestsBefore == 1, "`token` asked again for a dead refresh token")
                    try await login()
                }
                landings[landed] = tally
            }
            let summary = Landing.allCases.map { "\($0.rawValue): \(landings[$0]?.kills ?? 0) kills, \(landings[$0]?.lost ?? 0) lost" }
                .joined(separator: "; ")
            print("kill -9 of refresh, grace \(grace) s, \(attempts) runs killed at random within \(Int(span * 1000)) ms (\(ended) ended before the kill): \(summary); losing kills landed \(lostAfter) ms after the rotation")
            let kills = landings.values.map(\.kills).reduce(0, +)
            #expect(kills >= Self.kills, "only \(kills) of \(attempts) runs were killed mid-run; \(ended) ended first")
            if grace > 0 {
                #expect(landings.values.allSatisfy { $0.lost == 0 }, "a session was lost despite the reuse grace: \(summary)")
            } else {
                #expect((landings[.beforeRequest]?.lost ?? 0) == 0 && (landings[.notRotated]?.lost ?? 0) == 0,
                        "a kill outside the token request's round trip lost the session: \(summary)")
            }
        }
    }

    @Test("rotate of an OAuth client secret killed mid-run 50 times: the keyring always holds a secret that was given, and the session survives")
    func killedRotate() async throws {
        try await PeerServer.with(["--mode", "honest", "--grace", "30"], script: "hostile_peer.py") { peer in
            try cli.writeConfig(#"""
                {"mcpServers": {"\#(name)": {"url": "\#(peer.url)", "auth": {"method": "oauth", "clientId": "preregistered",
                  "clientSecret": "keyring:", "clientAuthMethod": "client_secret_post"}}}}
                """#)
            defer { Task { await cleanUp() } }
            var given = ["kill-canary-secret-0"]
            try await cli.storeSecret(server: name, field: "clientSecret", value: given[0])
            try await login()
            let start = Date()
            let first = try await cli.run(["rotate", name, "--field", "clientSecret"], stdin: "kill-canary-secret-1\n")
            try #require(first.status == 0, "an undisturbed rotation failed: \(first.stderr)")
            given.append("kill-canary-secret-1")
            var span = Date().timeIntervalSince(start) * 1.2
            var kills = 0
            var round = 0
            while kills < Self.kills && round < Self.attempts {
                round += 1
                let value = "kill-canary-secret-\(round + 1)"
                given.append(value)
                let run = try await killed(["rotate", name, "--field", "clientSecret"], after: Double.random(in: 0...span), stdin: value)
                span = Self.span(span, after: run)
                if run.killedAt != nil { kills += 1 }
                let stored = try await cli.lookupSecret(server: name, field: "clientSecret")
                #expect(stored.map(given.contains) == true, "round \(round): the keyring holds \(stored ?? "nothing") as the client secret")
                let probe = try await cli.run(["refresh", name])
                #expect(probe.status == 0, "round \(round): the session was lost: \(probe.stderr)")
                if probe.status != 0 { try await login() }
            }
            print("kill -9 of rotate --field clientSecret: \(round) runs killed at random within \(Int(span * 1000)) ms, \(kills) killed mid-run")
            #expect(kills >= Self.kills, "only \(kills) of \(round) runs were killed mid-run")
        }
    }
}
