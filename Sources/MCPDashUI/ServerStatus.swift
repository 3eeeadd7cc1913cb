import MCPDashCore

/// The one-glyph status of a server row: the core's classification, drawn.
public typealias ServerStatus = ServerCondition

extension ServerCondition {
    /// The glyph (or its ASCII stand-in).
    public func glyph(unicode: Bool) -> String {
        switch self {
        case .failing: unicode ? "✗" : "x"
        case .signedOut: unicode ? "○" : "o"
        case .expiring: unicode ? "◐" : "!"
        case .busy: unicode ? "…" : "~"
        case .unknown: unicode ? "·" : "?"
        case .ok: unicode ? "●" : "*"
        case .disabled: "-"
        }
    }

    /// The role that colours it.
    public var role: ThemeRole {
        switch self {
        case .failing: .danger
        case .signedOut, .expiring: .warning
        case .ok: .ok
        case .busy: .accent
        case .unknown, .disabled: .muted
        }
    }
}
