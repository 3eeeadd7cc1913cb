import Foundation
@testable import MCPDashCore
import MCP
import Testing

/// `ConfigDocument`: edits keep every comment and the layout of what they do not touch.
@Suite("config document edits")
struct ConfigDocumentTests {
    static let commented = """
        // mcpdash config, kept in dotfiles
        {
            "settings": { "theme": "dark" }, // dark at night
            "mcpServers": {
                /* production GitHub */
                "github": {
                    "url": "https://api.githubcopilot.com/mcp/",
                    "auth": { "method": "oauth" } // browser login
                },
                // the docs search
                // (read-only)
                "docs": { "url": "https://docs.example/mcp" },
                "local": {
                    "command": "npx",
                    "args": ["-y", "server"],
                },
            },
        }

        """

    @Test("adding a server inserts it after the last one at the same indentation; every comment stays")
    func addKeepsComments() throws {
        var document = try ConfigDocument(text: Self.commented)
        document.set(["mcpServers", "new"], to: .object(["url": "https://new.example/mcp", "auth": .object(["method": "bearer", "token": "keyring:"])]))
        let text = document.text
        for comment in ["// mcpdash config, kept in dotfiles", "// dark at night", "/* production GitHub */", "// browser login",
                        "// the docs search", "// (read-only)"] {
            #expect(text.contains(comment), "lost \(comment)")
        }
        #expect(text.contains("""
                    "args": ["-y", "server"],
                },
                "new": {
                    "url": "https://new.example/mcp",
                    "auth": {
                        "method": "bearer",
                        "token": "keyring:"
                    }
                },
            },
        """), "\(text)")
        let servers = try #require(document.value(at: ["mcpServers"])?.objectValue)
        #expect(Set(servers.keys) == ["github", "docs", "local", "new"])
        #expect(document.value(at: ["mcpServers", "new", "auth", "token"]) == .string("keyring:"))
    }

    @Test("setting an existing field replaces only its value")
    func replaceValue() throws {
        var document = try ConfigDocument(text: Self.commented)
        document.set(["mcpServers", "github", "auth", "method"], to: "bearer")
        document.set(["mcpServers", "github", "auth", "token"], to: "keyring:")
        #expect(document.text.contains(#""auth": { "method": "bearer", "token": "keyring:" } // browser login"#), "\(document.text)")
        document.set(["settings", "theme"], to: "light")
        #expect(document.text.contains(#""settings": { "theme": "light" }, // dark at night"#))
    }

    @Test("removing a server takes its lines, its comma and the comments directly above it, nothing else")
    func remove() throws {
        var document = try ConfigDocument(text: Self.commented)
        let removed1 = document.remove(["mcpServers", "docs"])
        #expect(removed1)
        #expect(!document.text.contains("docs"))
        #expect(!document.text.contains("(read-only)"))
        #expect(document.text.contains("/* production GitHub */") && document.text.contains("// browser login"))
        #expect(Set(try #require(document.value(at: ["mcpServers"])?.objectValue).keys) == ["github", "local"])

        let removed2 = document.remove(["mcpServers", "local"])
        #expect(removed2)
        let removed3 = document.remove(["mcpServers", "github"])
        #expect(removed3)
        #expect(document.value(at: ["mcpServers"]) == .object([:]))
        #expect(document.text.contains("// dark at night"))
        let removed4 = document.remove(["mcpServers", "github"])
        #expect(!removed4)
        let removed5 = document.remove(["nothing", "here"])
        #expect(!removed5)
    }

    @Test("the last member without a trailing comma loses the comma before it; a compact file stays parseable")
    func removeLastAndCompact() throws {
        var document = try ConfigDocument(text: """
            {
              "mcpServers": {
                "a": {"url": "https://a.example"}, // first
                "b": {"url": "https://b.example"}
              }
            }
            """)
        let removed6 = document.remove(["mcpServers", "b"])
        #expect(removed6)
        #expect(document.text == """
            {
              "mcpServers": {
                "a": {"url": "https://a.example"} // first
              }
            }
            """)
        var compact = try ConfigDocument(text: #"{"mcpServers":{"a":{"url":"https://a"},"b":{"url":"https://b"},"c":1}}"#)
        let removed7 = compact.remove(["mcpServers", "b"])
        #expect(removed7)
        #expect(compact.text == #"{"mcpServers":{"a":{"url":"https://a"},"c":1}}"#)
        let removed8 = compact.remove(["mcpServers", "c"])
        #expect(removed8)
        #expect(compact.text == #"{"mcpServers":{"a":{"url":"https://a"}}}"#)
        compact.set(["mcpServers", "d"], to: .object(["url": "https://d"]))
        #expect(compact.value(at: ["mcpServers", "d", "url"]) == .string("https://d"))
        let removed9 = compact.remove(["mcpServers", "a"])
        #expect(removed9)
        #expect(compact.value(at: ["mcpServers"])?.objectValue?.keys.sorted() == ["d"])
    }

    @Test("missing objects are created; an empty file becomes an object; escapes round-trip; a syntax error is refused")
    func createAndEscape() throws {
        var document = try ConfigDocument(text: "")
        document.set(["mcpServers", "quote\"d\u{1B}"], to: .object(["url": "https://x.example/?a=\"b\"\n"]))
        #expect(document.value(at: ["mcpServers", "quote\"d\u{1B}", "url"]) == .string("https://x.example/?a=\"b\"\n"))
        #expect(!document.text.contains("\u{1B}"))
        var tabs = try ConfigDocument(text: "{\n\t\"mcpServers\": {}\n}\n")
        tabs.set(["mcpServers", "a"], to: .object(["url": "https://a"]))
        #expect(tabs.text == "{\n\t\"mcpServers\": {\n\t\t\"a\": {\n\t\t\t\"url\": \"https://a\"\n\t\t}\n\t}\n}\n")
        #expect(throws: ConfigDocument.SyntaxError.self) { try ConfigDocument(text: "{\"mcpServers\": {") }
    }
}
