import Testing
@testable import MCPDashUI

/// The `:` line's parser: every verb, its aliases, its usage and what is no verb.
@Suite("the command line's parser")
struct CommandLineRequestTests {
    @Test("each server verb acts on the server named, or on the selected one when none is")
    func serverVerbs() {
        let verbs: [(String, Command)] = [("login", .login), ("logout", .logout), ("refresh", .refresh), ("rotate", .rotate),
                                          ("whoami", .whoami), ("diagnose", .diagnose)]
        for (word, command) in verbs {
            #expect(CommandLineRequest(parsing: word) == .perform(command, server: nil), "\(word)")
            #expect(CommandLineRequest(parsing: "\(word) files") == .perform(command, server: "files"), "\(word)")
            #expect(CommandLineRequest(parsing: "\(word)  files  extra") == .perform(command, server: "files"), "\(word)")
        }
    }

    @Test("status and check are one health check; events opens the journal; use needs a server and an account")
    func otherVerbs() {
        #expect(CommandLineRequest(parsing: "status") == .check(server: nil))
        #expect(CommandLineRequest(parsing: "check files") == .check(server: "files"))
        #expect(CommandLineRequest(parsing: "events") == .events(server: nil))
        #expect(CommandLineRequest(parsing: "events files") == .events(server: "files"))
        #expect(CommandLineRequest(parsing: "use files work") == .useAccount(server: "files", account: "work"))
        #expect(CommandLineRequest(parsing: "use files") == .usage(CommandLineRequest.useUsage))
        #expect(CommandLineRequest(parsing: "use files work more") == .usage(CommandLineRequest.useUsage))
        #expect(CommandLineRequest(parsing: "theme light") == .theme("light"))
        guard case .usage(let text) = CommandLineRequest(parsing: "theme") else {
            Issue.record("theme without a name is its usage")
            return
        }
        #expect(text.hasPrefix("theme NAME"))
    }

    @Test("quit has the aliases q and exit; an empty line is nothing; an unknown word is named back")
    func quitEmptyAndUnknown() {
        for word in ["quit", "q", "exit", "q now"] {
            #expect(CommandLineRequest(parsing: word) == .quit, "\(word)")
        }
        #expect(CommandLineRequest(parsing: "") == .nothing)
        #expect(CommandLineRequest(parsing: "   ") == .nothing)
        #expect(CommandLineRequest(parsing: "whoam files") == .unknown("whoam"))
        #expect(CommandLineRequest(parsing: "Login") == .unknown("Login"))
    }

    @Test("every verb parses to something other than unknown, and completion offers each of them")
    func verbTable() {
        for verb in CommandVerb.allCases {
            #expect(CommandLineRequest(parsing: verb.rawValue) != .unknown(verb.rawValue), "\(verb)")
            #expect(CommandCompletion.verbs.contains(verb.rawValue), "\(verb)")
        }
        #expect(CommandVerb(word: "q") == .quit && CommandVerb(word: "exit") == .quit && CommandVerb(word: "x") == nil)
        #expect(CommandVerb.theme.argument == .theme && CommandVerb.quit.argument == .none && CommandVerb.use.argument == .server)
    }
}
