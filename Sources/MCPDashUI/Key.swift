/// A key the operator pressed, decoded by the terminal backend.
public enum Key: Hashable, Sendable {
    /// A printable character (UTF-8 decoded).
    case character(Character)
    /// Ctrl plus a letter.
    case control(Character)
    case up, down, left, right, enter, escape, backspace, tab, pageUp, pageDown, home, end, delete
    /// F1…F12.
    case function(Int)

    /// How the key is written in help: `q`, `Ctrl-C`, `↑`, `Enter`.
    public var label: String {
        switch self {
        case .character(" "): "Space"
        case .character(let character): String(character)
        case .control(let character): "Ctrl-\(character.uppercased())"
        case .up: "↑"
        case .down: "↓"
        case .left: "←"
        case .right: "→"
        case .enter: "Enter"
        case .escape: "Esc"
        case .backspace: "Backspace"
        case .tab: "Tab"
        case .pageUp: "PgUp"
        case .pageDown: "PgDn"
        case .home: "Home"
        case .end: "End"
        case .delete: "Del"
        case .function(let number): "F\(number)"
        }
    }
}
