/// Makes text that came from outside (a server, a file, another process) safe to print on a terminal.
///
/// This is the one boundary every printed string passes: the CLI's `Console` and the dashboard's
/// cell buffer both call `sanitize`. It removes escape sequences whole (CSI, OSC, DCS, SOS, PM,
/// APC and two-character escapes, ECMA-48 §5.3–5.6), every other C0 and C1 control except line
/// feed and tab, DEL, and the Unicode bidirectional overrides that can make a line read as
/// something it is not (Trojan Source, CVE-2021-42574).
public enum TerminalText {
    /// `text` with escape sequences and control characters removed; `keepNewlines` false turns line breaks into spaces.
    public static func sanitize(_ text: String, keepNewlines: Bool = true) -> String {
        guard needsWork(text) || (!keepNewlines && text.utf8.contains(0x0A)) else { return text }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return scalars.next()
        }
        while let scalar = next() {
            switch scalar.value {
            case 0x0A:
                output.append(keepNewlines ? scalar : " ")
            case 0x09:
                output.append(scalar)
            case 0x0D:
                // A lone carriage return can overwrite what a line showed; CR LF is a line break.
                if let following = scalars.next() {
                    if following.value != 0x0A { output.append(" ") }
                    pending = following
                }
            case 0x1B:
                guard let introducer = scalars.next() else { break }
                skipSequence(introducedBy: introducer, in: &scalars, pending: &pending)
            case 0x9B:
                skipControlSequence(in: &scalars, pending: &pending)
            case 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                skipString(in: &scalars)
            case 0x00...0x1F, 0x7F, 0x80...0x9F:
                continue
            case 0x202A...0x202E, 0x2066...0x2069:
                continue
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Whether `text` holds anything `sanitize` would remove or change.
    public static func needsWork(_ text: String) -> Bool {
        text.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x0A && value != 0x09) || (0x7F...0x9F).contains(value)
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
        }
    }

    // MARK: - Escape sequences

    private static func skipSequence(introducedBy introducer: Unicode.Scalar, in scalars: inout String.UnicodeScalarView.Iterator,
                                     pending: inout Unicode.Scalar?) {
        switch introducer {
        case "[": skipControlSequence(in: &scalars, pending: &pending)
        case "]", "P", "X", "^", "_": skipString(in: &scalars)
        default:
            // ESC, intermediates (0x20–0x2F), then one final byte: `ESC ( B`, `ESC c`, `ESC 7`.
            var current: Unicode.Scalar? = introducer
            while let scalar = current, (0x20...0x2F).contains(scalar.value) { current = scalars.next() }
        }
    }

    /// CSI: parameter bytes 0x30–0x3F, intermediates 0x20–0x2F, one final byte 0x40–0x7E.
    private static func skipControlSequence(in scalars: inout String.UnicodeScalarView.Iterator, pending: inout Unicode.Scalar?) {
        while let scalar = scalars.next() {
            if (0x40...0x7E).contains(scalar.value) { return }
            if !(0x20...0x3F).contains(scalar.value) {
                // Not part of a sequence: the sequence was cut short; keep what follows.
                pending = scalar
                return
            }
        }
    }

    /// OSC, DCS, SOS, PM, APC: everything up to BEL, ST (`ESC \`) or the 8-bit ST.
    private static func skipString(in scalars: inout String.UnicodeScalarView.Iterator) {
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x07, 0x9C: return
            case 0x1B:
                _ = scalars.next()
                return
            default: continue
            }
        }
    }
}
