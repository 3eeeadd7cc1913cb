import MCPDashCore
import Testing

/// `TimeSpan`: the durations `events --since` and `agent --check-interval` take.
@Suite("durations as typed")
struct TimeSpanTests {
    @Test("a number with s, m, h or d, or bare seconds")
    func units() {
        #expect(TimeSpan(parsing: "30s")?.seconds == 30)
        #expect(TimeSpan(parsing: "15m")?.seconds == 900)
        #expect(TimeSpan(parsing: "2h")?.seconds == 7200)
        #expect(TimeSpan(parsing: "7d")?.seconds == 604_800)
        #expect(TimeSpan(parsing: "1.5h")?.seconds == 5400)
        #expect(TimeSpan(parsing: "45")?.seconds == 45)
        #expect(TimeSpan(parsing: "2h")?.description == "2h")
    }

    @Test("anything else is refused: no number, a sign, another unit, spaces, infinity, absurd lengths")
    func refused() {
        for text in ["", "h", "yesterday", "-1h", "+1h", "1w", "1 h", " 1h", "1hh", "inf", "nan", "1e3s", "0x10", "1..2s", "99999999999d", "١h"] {
            #expect(TimeSpan(parsing: text) == nil, "\(text)")
        }
    }
}
