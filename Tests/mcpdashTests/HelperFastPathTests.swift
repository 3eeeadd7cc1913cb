import ArgumentParser
import Testing
@testable import mcpdash

/// The helper commands' own reader against the argument parser: whatever it accepts means the
/// same to the parser, and it accepts the forms clients configure.
@Suite("Helper fast path")
struct HelperFastPathTests {
    /// What the argument parser makes of `arguments`: the helper request, or nil when it does
    /// not parse them as `token` or `headers`.
    static func parsed(_ arguments: [String]) -> HelperRequest? {
        switch try? MCPDash.parseAsRoot(arguments) {
        case let command as TokenCommand: command.request
        case let command as HeadersCommand: command.request
        default: nil
        }
    }

    @Test("the forms a client configures are read without the parser, with the parser's meaning")
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
        ]
        for arguments in forms {
            let fast = HelperFastPath.request(for: arguments)
            #expect(fast != nil, "\(arguments) should be read by the fast path")
            #expect(fast == Self.parsed(arguments), "\(arguments)")
        }
        #expect(HelperFastPath.request(for: ["token", "a", "--account", "w"])
                == HelperRequest(kind: .token, name: "a", account: "w", settings: GlobalSettings()))
    }

    @Test("help, short options, repeats, unknown options and odd values go to the parser")
    func declined() {
        let lines: [[String]] = [
            [], ["list"], ["token", "--help"], ["token", "-h"], ["headers", "--version"], ["token", "a", "b"],
            ["token", "--account"], ["token", "--account", "--verbose"], ["token", "--account", ""], ["token", "--account="],
            ["token", "--verbose", "--verbose"], ["token", "--config", "a", "--config=b"], ["token", "--verbose=true"],
            ["token", "--", "-a"], ["token", "-"], ["token", ""], ["token", "--json"], ["token", "--generate-completion-script"],
            ["token", "--config=-x"], ["Token", "a"],
        ]
        for arguments in lines {
            #expect(HelperFastPath.request(for: arguments) == nil, "\(arguments)")
        }
    }

    @Test("on thousands of generated command lines, every one the fast path reads means the same to the parser")
    func generated() {
        let pool = ["github", "a b", "é", "help", "--account", "--account=w", "w", "--config", "--config=c.json", "c.json",
                    "--env-file", ".env", "--profile", "p", "--profile=", "--insecure-storage", "--verbose", "-v", "--help",
                    "--", "-", "", "--json", "--name", "x=y", "--unknown"]
        var generator = SplitMix(seed: 0x6d63_7064)
        var accepted = 0
        for _ in 0..<2500 {
            var arguments = [Bool.random(using: &generator) ? "token" : "headers"]
            for _ in 0..<Int.random(in: 0...5, using: &generator) { arguments.append(pool.randomElement(using: &generator)!) }
            guard let fast = HelperFastPath.request(for: arguments) else { continue }
            accepted += 1
            #expect(fast == Self.parsed(arguments), "\(arguments)")
        }
        #expect(accepted > 250, "the generated lines should exercise the fast path, not only its refusals (\(accepted) read)")
    }
}
