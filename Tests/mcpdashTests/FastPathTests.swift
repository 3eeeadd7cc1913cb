import ArgumentParser
import Testing
@testable import mcpdash

/// The fast path's own reader against the argument parser: whatever it accepts means the same
/// to the parser, and it accepts the plain forms of `token`, `headers`, `whoami`, `login`, `list`
/// and the dashboard.
@Suite("Fast path")
struct FastPathTests {
    /// What the argument parser makes of `arguments`: the request, or nil when it does not parse
    /// them as one of the commands the fast path knows.
    static func parsed(_ arguments: [String]) -> FastRequest? {
        switch try? MCPDash.parseAsRoot(arguments) {
        case let command as TokenCommand: .helper(command.request)
        case let command as HeadersCommand: .helper(command.request)
        case let command as WhoAmICommand: .whoami(command.request)
        case let command as LoginCommand: .login(command.request)
        case let command as ListCommand: .list(command.request)
        case let command as DashboardCommand: .dashboard(command.request)
        default: nil
        }
    }

    @Test("the plain forms are read without the parser, with the parser's meaning")
    func plainForms() {
        let forms: [[String]] = [
            ["token", "github"],
            ["headers", "github"],
            ["token"],
            ["headers"],
            ["token", "github", "--account", "work"],
            ["token", "--account=work", "github"],
            ["headers", "--config", "/etc/mcp/servers.json", "github"],
            ["headers", "github", "--config=/tmp/a=b.json", "--env-file", ".env.local", "--profile", "ci"],
            ["token", "--insecure-storage", "github", "--verbose"],
            ["token", "help"],
            ["whoami", "github"],
            ["whoami", "github", "--fresh", "--json", "--config", "c.json"],
            ["whoami", "--tool", "me", "github", "--account=work", "--repeat", "20"],
            ["whoami", "github", "--step-up", "--timeout=60", "--repeat=+7"],
            ["login", "github"],
            ["login", "github", "--timeout", "60", "--config", "/tmp/oauth.json"],
            ["login", "--no-browser", "--json", "github", "--account", "ci"],
            ["login", "github", "--device", "--insecure-storage", "--timeout=007"],
            ["list"],
            ["list", "--json", "--config", "c.json"],
            ["list", "--tag=prod", "--verbose"],
            ["list", "--tag", "prod", "--insecure-storage", "--profile=ci"],
            [],
            ["--config", "/etc/mcp/servers.json"],
            ["--theme", "light", "--no-mouse", "--env-file=.env"],
            ["dashboard"],
            ["dashboard", "--theme=dark", "--config", "c.json", "--verbose"],
        ]
        for arguments in forms {
            let fast = FastPath.request(for: arguments)
            #expect(fast != nil, "\(arguments) should be read by the fast path")
            #expect(fast == Self.parsed(arguments), "\(arguments)")
        }
        #expect(FastPath.request(for: ["token", "a", "--account", "w"])
                == .helper(HelperRequest(kind: .token, name: "a", account: "w", settings: GlobalSettings())))
        #expect(FastPath.request(for: ["whoami", "a", "--fresh", "--repeat", "3"])
                == .whoami(WhoAmIRequest(name: "a", fresh: true, repeats: 3, settings: GlobalSettings())))
        #expect(FastPath.request(for: ["login", "a", "--timeout", "60", "--verbose"])
                == .login(LoginRequest(name: "a", timeout: 60, settings: GlobalSettings(verbose: true))))
        #expect(FastPath.request(for: ["list", "--tag", "prod"]) == .list(ListRequest(tags: ["prod"], settings: GlobalSettings())))
        #expect(FastPath.request(for: ["--config", "c.json", "--no-mouse"])
                == .dashboard(DashboardRequest(noMouse: true, settings: GlobalSettings(config: "c.json"))))
    }

    @Test("help, short options, repeats, unknown options, odd values and the rarer options go to the parser")
    func declined() {
        let lines: [[String]] = [
            ["token", "--help"], ["token", "-h"], ["headers", "--version"], ["token", "a", "b"],
            ["token", "--account"], ["token", "--account", "--verbose"], ["token", "--account", ""], ["token", "--account="],
            ["token", "--verbose", "--verbose"], ["token", "--config", "a", "--config=b"], ["token", "--verbose=true"],
            ["token", "--", "-a"], ["token", "-"], ["token", ""], ["token", "--json"], ["token", "--generate-completion-script"],
            ["token", "--config=-x"], ["Token", "a"], ["token", "a", "--fresh"],
            ["whoami"], ["whoami", "--fresh"], ["whoami", "a", "--repeat", "0"], ["whoami", "a", "--repeat", "1001"],
            ["whoami", "a", "--repeat", "x"], ["whoami", "a", "--timeout", "1.5"], ["whoami", "a", "--timeout", "-1"],
            ["whoami", "a", "--fresh=yes"], ["whoami", "a", "--tool"], ["whoami", "a", "--no-browser"], ["whoami", "a", "--help"],
            ["login"], ["login", "a", "--scopes", "read"], ["login", "a", "--redirect-port", "8080"], ["login", "a", "--redirect-host", "localhost"],
            ["login", "a", "--device", "--device"], ["login", "a", "--timeout"], ["login", "a", "--fresh"], ["login", "a", "b"],
            ["list", "a"], ["list", "--account", "w"], ["list", "--tag", "a", "--tag", "b"], ["list", "--tag"], ["list", "--theme", "x"],
            ["dashboard", "a"], ["dashboard", "--account=w"], ["--help"], ["-h"], ["--theme"], ["--no-mouse=yes"], ["--config", "c", "list"],
            ["--json"], ["status"], ["help"], ["--generate-completion-script", "bash"],
        ]
        for arguments in lines {
            #expect(FastPath.request(for: arguments) == nil, "\(arguments)")
        }
    }

    @Test("on thousands of generated command lines, every one the fast path reads means the same to the parser")
    func generated() {
        let pool = ["github", "a b", "é", "help", "--account", "--account=w", "w", "--config", "--config=c.json", "c.json",
                    "--env-file", ".env", "--profile", "p", "--profile=", "--insecure-storage", "--verbose", "-v", "--help",
                    "--", "-", "", "--json", "--name", "x=y", "--unknown", "--fresh", "--step-up", "--tool", "--tool=me",
                    "--timeout", "--timeout=30", "30", "0", "+4", "1001", "--repeat", "--repeat=2", "--no-browser", "--device",
                    "--scopes", "--redirect-port", "--theme", "--theme=light", "dark", "--no-mouse", "--tag", "--tag=t", "list"]
        // "" is the bare form: options (or nothing) without a command.
        let commands = ["token", "headers", "whoami", "login", "list", "dashboard", ""]
        var generator = SplitMix(seed: 0x6d63_7064)
        var accepted: [String: Int] = [:]
        for _ in 0..<9000 {
            let command = commands.randomElement(using: &generator)!
            var arguments = command.isEmpty ? [] : [command]
            for _ in 0..<Int.random(in: 0...5, using: &generator) { arguments.append(pool.randomElement(using: &generator)!) }
            guard let fast = FastPath.request(for: arguments) else { continue }
            accepted[command, default: 0] += 1
            #expect(fast == Self.parsed(arguments), "\(arguments)")
        }
        for command in commands {
            #expect(accepted[command, default: 0] > 50,
                    "the generated \(command) lines should exercise the fast path, not only its refusals (\(accepted[command, default: 0]) read)")
        }
    }
}
