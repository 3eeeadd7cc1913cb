import Testing
import MCPDashTerminal

@Suite("Terminal probe")
struct TerminalProbeTests {
    @Test("a real terminal type is known and cursor-addressable")
    func knownTerminal() {
        let report = TerminalProbe.probe(environment: ["TERM": "xterm-256color"])
        #expect(report.termKnown)
        #expect(report.cursorAddressable)
        #expect(report.colors == 256)
    }

    @Test("TERM=dumb is known but cannot move the cursor")
    func dumbTerminal() {
        let report = TerminalProbe.probe(environment: ["TERM": "dumb"])
        #expect(report.termKnown)
        #expect(!report.cursorAddressable)
    }

    @Test("an unknown or missing TERM is reported as such")
    func unknownTerminal() {
        #expect(!TerminalProbe.probe(environment: ["TERM": "no-such-terminal-xyz"]).termKnown)
        #expect(TerminalProbe.probe(environment: [:]).term == nil)
    }
}
