import Foundation
import Subprocess
import SystemPackage
import Testing

/// Runs the built `mcpdash` binary as an operator would, capturing its output and exit code.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The repository's root, from this file's location.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The `mcpdash` binary beside the test bundle.
    static var binary: String {
        let executable = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent("mcpdash").path
    }

    /// A scratch home with its own XDG directories, so tests never touch the operator's files.
    let home: String
    var environment: [String: String]

    init() {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-cli-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = home + "/config"
        environment["XDG_STATE_HOME"] = home + "/state"
        environment["XDG_DATA_HOME"] = home + "/data"
        environment["MCPDASH_CONFIG"] = nil
        // Nested keyring sessions must start their own bus.
        environment["MCPDASH_IN_KEYRING_SESSION"] = nil
        environment["COLUMNS"] = "100"
        self.environment = environment
    }

    /// Runs `mcpdash` with `arguments` (or another program when `program` is given).
    ///
    /// Spawned with swift-subprocess, which gives the child a clean signal mask: Foundation's
    /// `Process` passes on the test thread's blocked signals, and a `dbus-run-session` started
    /// that way can never stop its bus. Pass `stdin` only to a command that reads it: when a
    /// child exits without reading a non-empty input, swift-subprocess 1.0.2 traps ("FileDescriptor
    /// was not closed").
    func run(_ arguments: [String], program: String? = nil, environment overrides: [String: String?] = [:], stdin: String? = nil) async throws -> Result {
        var environment = self.environment
        for (key, value) in overrides { environment[key] = value }
        let result = try await Subprocess.run(
            .path(FilePath(program ?? Self.binary)),
            arguments: Arguments(arguments),
            environment: .custom(environment.map { Array("\($0.key)=\($0.value)".utf8) + [0] }),
            workingDirectory: FilePath(home),
            input: .string(stdin ?? ""),
            output: .string(limit: 1 << 20),
            error: .string(limit: 1 << 20)
        )
        let status: Int32 = switch result.terminationStatus {
        case .exited(let code): code
        case .signaled(let signal): 128 + signal
        }
        return Result(status: status, stdout: result.standardOutput ?? "",
                      stderr: (result.standardError ?? "").split(separator: "\n", omittingEmptySubsequences: false)
                        .filter { !$0.contains("Failed to set fd limit") }.joined(separator: "\n"))
    }

    /// Writes `text` as the default config file and returns its path.
    @discardableResult
    func writeConfig(_ text: String) throws -> String {
        let path = home + "/config/mcpdash/servers.json"
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

extension CLIRunner {
    /// Stores a secret the way an operator would by hand, with `secret-tool` (see docs/keyring.md).
    func storeSecret(server: String, field: String, value: String) async throws {
        let result = try await run(["store", "--label=test", "xdg:schema", "dev.mcpdash.Secret", "server", server, "field", field,
                                    "account", "default", "issuer", ""], program: "/usr/bin/secret-tool", stdin: value)
        try #require(result.status == 0, "secret-tool store failed: \(result.stderr)")
    }

    /// The secret mcpdash stored, read back with `secret-tool` as an operator would; nil when there is none.
    func lookupSecret(server: String, field: String, account: String = "default") async throws -> String? {
        let result = try await run(["lookup", "server", server, "field", field, "account", account], program: "/usr/bin/secret-tool")
        return result.status == 0 && !result.stdout.isEmpty ? result.stdout : nil
    }

    /// Removes a secret stored with `storeSecret`.
    func clearSecret(server: String, field: String) async throws {
        _ = try await run(["clear", "server", server, "field", field], program: "/usr/bin/secret-tool")
    }
}
