import CNCurses
import Foundation
import Synchronization

/// Checks whether this terminal can show the dashboard: a known, cursor-addressable `TERM`
/// and a UTF-8 locale.
public enum TerminalProbe {
    /// What the probe found.
    public struct Report: Equatable, Sendable {
        /// `$TERM`, when set.
        public let term: String?
        /// Whether terminfo knows `term`.
        public let termKnown: Bool
        /// Whether the terminal can move the cursor (`cup`); `TERM=dumb` cannot.
        public let cursorAddressable: Bool
        /// The locale's character set, such as `UTF-8`.
        public let codeset: String
        /// Whether colours are available.
        public let colors: Int

        /// True when the locale is UTF-8.
        public var utf8: Bool { codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8" }
    }

    // terminfo keeps the loaded entry in a process-wide global; one probe at a time.
    private static let terminfoLock = Mutex(())

    /// Probes the terminal named by `environment["TERM"]` and the process locale.
    public static func probe(environment: [String: String]) -> Report {
        terminfoLock.withLock { _ in unsafeProbe(environment: environment) }
    }

    private static func unsafeProbe(environment: [String: String]) -> Report {
        setlocale(LC_ALL, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? "unknown"
        guard let term = environment["TERM"], !term.isEmpty else {
            return Report(term: nil, termKnown: false, cursorAddressable: false, codeset: codeset, colors: 0)
        }
        var status: Int32 = 0
        guard setupterm(term, -1, &status) == OK, status == 1 else {
            return Report(term: term, termKnown: false, cursorAddressable: false, codeset: codeset, colors: 0)
        }
        defer { del_curterm(mcpdash_cur_term()) }
        let colors = Int(tigetnum("colors"))
        return Report(term: term, termKnown: true, cursorAddressable: mcpdash_tigetstr("cup") != nil, codeset: codeset,
                      colors: max(0, colors))
    }
}
