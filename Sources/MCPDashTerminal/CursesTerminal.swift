import CNCurses
import Foundation
import MCPDashUI

/// The ncurses backend: writes the cells that changed between two buffers, maps theme roles
/// to colour pairs and attributes, and decodes keys (arrows, function keys, UTF-8, resize).
///
/// The only importer of `CNCurses`. All calls must come from one thread.
public final class CursesTerminal: TerminalBackend {
    private let screen: OpaquePointer
    /// Where keys are read from: stdin, or the terminal opened again for the mouse.
    private let input: UnsafeMutablePointer<FILE>
    private var previous: Buffer?
    private var theme: Theme
    private var pairs: [PairKey: Int16] = [:]
    private var closed = false
    /// How many colours the terminal has (0 when colour is off).
    public private(set) var colors: Int
    /// Whether the locale is UTF-8 (else ASCII stand-ins are drawn).
    public let unicode: Bool
    /// Bytes of cell text written since the last call to `takeWrittenCount`.
    private var written = 0
    /// Whether links are written as OSC 8 hyperlinks (terminals that do not know it ignore it;
    /// the Linux console and `dumb` are left alone, as is anyone who sets MCPDASH_NO_HYPERLINKS).
    private let hyperlinks: Bool
    /// Whether the mouse is reported.
    public let mouse: Bool

    private struct PairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    /// Opens the terminal named by `TERM`; colour unless `colorAllowed` is false (`NO_COLOR`);
    /// clicks and the wheel reported when `mouse`.
    public init(environment: [String: String], theme: Theme, colorAllowed: Bool, mouse: Bool = true) throws(TerminalError) {
        let report = TerminalProbe.probe(environment: environment)
        guard let term = report.term else { throw TerminalError(description: "TERM is not set; the dashboard needs a terminal (try `mcpdash list`)") }
        guard report.termKnown else {
            throw TerminalError(description: "the terminal type \"\(term)\" is unknown to terminfo; set TERM to one it knows (xterm-256color), or use `mcpdash list`")
        }
        guard report.cursorAddressable else {
            throw TerminalError(description: "the terminal \"\(term)\" cannot move the cursor, so the dashboard cannot draw; use `mcpdash list` and `mcpdash status`")
        }
        setlocale(LC_ALL, "")
        guard let input = mouse ? mcpdash_open_input() : mcpdash_stdin() else {
            throw TerminalError(description: "the terminal's input cannot be opened")
        }
        guard let screen = mcpdash_newterm(term, input) else {
            throw TerminalError(description: "ncurses could not open the terminal \"\(term)\"")
        }
        self.screen = screen
        self.input = input
        // A crash of any kind (a trap, an abort, a segfault) must not leave the terminal raw.
        mcpdash_restore_terminal_on_fatal_signals()
        self.theme = theme
        unicode = report.utf8
        hyperlinks = (environment["MCPDASH_NO_HYPERLINKS"] ?? "").isEmpty && !["linux", "dumb", "vt100", "vt220"].contains(term)
        self.mouse = mouse
        set_escdelay(25)
        raw()
        // ncurses otherwise polls the input every few lines of an update, to give up on a frame
        // when a key is waiting, and flushes what it has so far each time: 45 writes and 8 polls
        // for a tick's one changed column. Off, a frame is one write (docs/benchmarks.md).
        typeahead(-1)
        noecho()
        nonl()
        keypad(mcpdash_stdscr(), true)
        if mouse { mcpdash_enable_mouse() }
        curs_set(0)
        colors = 0
        if colorAllowed, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(mcpdash_colors())
        }
    }

    /// The terminal's size now.
    public var size: Size { Size(width: Int(mcpdash_cols()), height: Int(mcpdash_lines())) }

    /// Uses `theme` from the next frame on (the whole screen is redrawn).
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        previous = nil
        pairs = [:]
        wclear(mcpdash_stdscr())
    }

    /// Draws `buffer`, writing only the cells that differ from the last frame.
    public func draw(_ buffer: Buffer) {
        let frame = unicode ? buffer : buffer.asciiFallback()
        if previous?.size != frame.size { wclear(mcpdash_stdscr()) ; previous = nil }
        let window = mcpdash_stdscr()
        let runs = frame.runs(since: previous)
        for run in runs {
            wattrset(window, Int32(bitPattern: attributes(for: run.role)))
            // The last cell of the screen is written separately: writing there scrolls some terminals.
            let last = run.y == frame.size.height - 1 && run.x + run.width == frame.size.width
            mvwaddstr(window, Int32(run.y), Int32(run.x), last && !run.text.isEmpty ? String(run.text.dropLast()) : run.text)
            written += run.text.utf8.count
        }
        let changedRows = Set(runs.map(\.y))
        wrefresh(window)
        if hyperlinks, !frame.links.isEmpty, frame.links != previous?.links || frame.links.contains(where: { changedRows.contains($0.y) }) {
            writeLinks(frame)
        }
        previous = frame
    }

    /// Writes each link's cells again inside OSC 8, with the cursor and attributes saved and
    /// restored around it (DECSC/DECRC), so curses' idea of the screen stays true.
    private func writeLinks(_ frame: Buffer) {
        let style = colors == 0 ? Theme.monochrome.style(.accent) : theme.style(.accent)
        var sgr = "\u{1B}[0;4"
        let color = colors > 0 ? style.foreground.index(forTerminalColors: colors) : -1
        if color >= 0 { sgr += color < 8 ? ";3\(color)" : color < 16 ? ";9\(color - 8)" : ";38;5;\(color)" }
        if style.bold { sgr += ";1" }
        var output = "\u{1B}7"
        var ids: [String: Int] = [:]
        for link in frame.links where link.isSafe && link.y < frame.size.height {
            let id = ids[link.url] ?? ids.count
            ids[link.url] = id
            let cells = (link.x..<min(frame.size.width, link.x + link.width)).map { frame[$0, link.y].symbol }.joined()
            output += "\u{1B}[\(link.y + 1);\(link.x + 1)H" + sgr + "m"
            output += "\u{1B}]8;id=mcpdash-\(id);\(link.url)\u{1B}\\"
            output += cells + "\u{1B}]8;;\u{1B}\\"
        }
        emit(output + "\u{1B}8")
    }

    /// Puts `text` on the clipboard with OSC 52 (the terminal, or tmux, decides whether to allow it).
    public func copy(_ text: String) {
        let payload = Data(text.utf8).base64EncodedString()
        guard payload.utf8.count <= 74_994 else { return }
        emit("\u{1B}]52;c;\(payload)\u{07}")
    }

    /// Stops the process as Ctrl-Z would, with the terminal restored; returns after `fg` with
    /// the next frame drawn whole.
    public func suspend() {
        mcpdash_suspend()
        previous = nil
        wclear(mcpdash_stdscr())
    }

    /// Hands the terminal to `body` (an editor, say) in its normal mode, then takes it back and
    /// draws the next frame whole.
    public func runOutside(_ body: () -> Void) {
        endwin()
        body()
        previous = nil
        wclear(mcpdash_stdscr())
        wrefresh(mcpdash_stdscr())
    }

    /// Writes raw bytes after what curses has written.
    private func emit(_ text: String) {
        let out = mcpdash_stdout()
        fflush(out)
        fputs(text, out)
        fflush(out)
    }

    /// Bytes of cell text written since the last call (for the idle-cost benchmark).
    public func takeWrittenCount() -> Int {
        defer { written = 0 }
        return written
    }

    /// Waits up to `milliseconds` for input; nil when none came.
    public func read(timeoutMilliseconds milliseconds: Int) -> TerminalInput? {
        wtimeout(mcpdash_stdscr(), Int32(milliseconds))
        var code: Int32 = 0
        let status = mcpdash_get_wch(mcpdash_stdscr(), &code)
        if status == ERR { return nil }
        if status == KEY_CODE_YES {
            if code == KEY_RESIZE { return .resize(size) }
            if code == KEY_MOUSE {
                var x: Int32 = 0, y: Int32 = 0
                switch mcpdash_get_mouse(&x, &y) {
                case 1: return .click(x: Int(x), y: Int(y))
                case 4: return .wheel(-3)
                case 5: return .wheel(3)
                default: return nil
                }
            }
            return Self.functionKey(code).map { .key($0) }
        }
        return Self.characterKey(code).map { .key($0) }
    }

    /// Restores the terminal; safe to call more than once.
    public func close() {
        guard !closed else { return }
        closed = true
        endwin()
        delscreen(screen)
        if input != mcpdash_stdin() { fclose(input) }
    }

    deinit { close() }

    // MARK: - Keys

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_DC: return .delete
        default:
            for number in 1...12 where code == mcpdash_key_f(Int32(number)) { return .function(number) }
            return nil
        }
    }

    static func characterKey(_ code: Int32) -> Key? {
        switch code {
        case 10, 13: return .enter
        case 27: return .escape
        case 9: return .tab
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(UInt32(code)) else { return nil }
            return .character(Character(scalar))
        }
    }

    // MARK: - Colours

    private func attributes(for role: ThemeRole) -> UInt32 {
        let style = colors == 0 ? Theme.monochrome.style(role) : theme.style(role)
        var value: UInt32 = 0
        if style.bold { value |= UInt32(mcpdash_attr_bold()) }
        if style.underline { value |= UInt32(mcpdash_attr_underline()) }
        if style.reverse { value |= UInt32(mcpdash_attr_reverse()) }
        if colors > 0 {
            let key = PairKey(foreground: style.foreground.index(forTerminalColors: colors), background: style.background.index(forTerminalColors: colors))
            if key.foreground != -1 || key.background != -1 {
                let pair: Int16
                if let existing = pairs[key] {
                    pair = existing
                } else {
                    pair = Int16(pairs.count + 1)
                    init_pair(pair, Int16(key.foreground), Int16(key.background))
                    pairs[key] = pair
                }
                value |= UInt32(bitPattern: COLOR_PAIR(Int32(pair)))
            }
        }
        return value
    }
}
