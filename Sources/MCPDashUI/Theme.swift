import Foundation
import MCP
import MCPDashCore

/// A colour theme: a palette declared once, and a style per semantic role that refers to it.
///
/// Files in `themes/` are JSON:
/// `{"name": "dark", "palette": {"accent": 39, "accent16": "cyan"}, "roles": {"selected": {"fg": "black", "bg": "accent", "bold": true}}}`.
/// A colour is `default`, a basic name (`red`, `bright-red`), a number 0–255, or a palette
/// name; a palette entry `X` that is a number may have an `X16` entry naming the colour for
/// 16-colour terminals. Roles not given look like `body`.
public struct Theme: Equatable, Sendable {
    /// The theme's name.
    public let name: String
    /// The style of each role.
    public let styles: [ThemeRole: ThemeStyle]

    /// The style of `role`.
    public func style(_ role: ThemeRole) -> ThemeStyle { styles[role] ?? styles[.body] ?? ThemeStyle() }

    /// Creates a theme from styles.
    public init(name: String, styles: [ThemeRole: ThemeStyle]) {
        self.name = name
        self.styles = styles
    }

    /// The theme compiled in, used when no other is chosen.
    public static let builtIn: Theme = {
        // The same text as themes/dark.json; a test keeps them identical.
        (try? parse(Data(builtInJSON.utf8), file: "built-in dark theme")) ?? Theme(name: "dark", styles: [:])
    }()

    /// Attributes only: for `NO_COLOR` and terminals without colour.
    public static let monochrome = Theme(name: "monochrome", styles: [
        .header: ThemeStyle(bold: true, underline: true), .selected: ThemeStyle(reverse: true), .title: ThemeStyle(bold: true),
        .danger: ThemeStyle(bold: true), .warning: ThemeStyle(underline: true), .key: ThemeStyle(bold: true),
        .statusBar: ThemeStyle(reverse: true), .input: ThemeStyle(underline: true),
    ])

    /// Loads and validates the theme file at `path`.
    public static func load(path: String) throws(ThemeError) -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(file: path, key: "", problem: "cannot be read")
        }
        return try parse(data, file: path)
    }

    /// Parses theme JSON; every problem names `file` and the key.
    public static func parse(_ data: Data, file: String) throws(ThemeError) -> Theme {
        // The config's reader (comments and a trailing comma allowed), not JSONSerialization,
        // whose objects and their dynamic casts cost the dashboard's start 4 million instructions.
        guard let object = try? LenientJSON.parseObject(data) else {
            throw ThemeError(file: file, key: "", problem: "is not a JSON object")
        }
        for key in object.keys where !["name", "palette", "roles", "description"].contains(key) {
            throw ThemeError(file: file, key: key, problem: "unknown key (expected name, description, palette, roles)")
        }
        guard case .string(let name)? = object["name"], !name.isEmpty else {
            throw ThemeError(file: file, key: "name", problem: "missing or not a string")
        }
        var palette: [String: Value] = [:]
        if let given = object["palette"] {
            guard case .object(let entries) = given else { throw ThemeError(file: file, key: "palette", problem: "must be an object") }
            palette = entries
        }
        guard case .object(let roles)? = object["roles"] else {
            throw ThemeError(file: file, key: "roles", problem: "missing or not an object")
        }
        var styles: [ThemeRole: ThemeStyle] = [:]
        for (roleName, value) in roles {
            guard let role = ThemeRole(rawValue: roleName) else {
                throw ThemeError(file: file, key: "roles.\(roleName)",
                                 problem: "unknown role (known: \(ThemeRole.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            guard case .object(let fields) = value else {
                throw ThemeError(file: file, key: "roles.\(roleName)", problem: "must be an object")
            }
            var style = ThemeStyle()
            for (field, fieldValue) in fields {
                let key = "roles.\(roleName).\(field)"
                switch field {
                case "fg": style.foreground = try color(fieldValue, palette: palette, file: file, key: key)
                case "bg": style.background = try color(fieldValue, palette: palette, file: file, key: key)
                case "bold", "underline", "reverse":
                    guard case .bool(let flag) = fieldValue else { throw ThemeError(file: file, key: key, problem: "must be true or false") }
                    if field == "bold" { style.bold = flag } else if field == "underline" { style.underline = flag } else { style.reverse = flag }
                default:
                    throw ThemeError(file: file, key: key, problem: "unknown field (expected fg, bg, bold, underline, reverse)")
                }
            }
            styles[role] = style
        }
        return Theme(name: name, styles: styles)
    }

    private static func color(_ value: Value, palette: [String: Value], file: String, key: String) throws(ThemeError) -> ThemeColor {
        if case .int(let number) = value {
            guard (0...255).contains(number) else { throw ThemeError(file: file, key: key, problem: "\(number) is not a colour 0–255") }
            return ThemeColor(color256: number, color16: number < 16 ? number : 7)
        }
        guard case .string(let text) = value else { throw ThemeError(file: file, key: key, problem: "must be a colour name or number") }
        if let basic = ThemeColor.parse(text) { return basic }
        guard let entry = palette[text] else {
            throw ThemeError(file: file, key: key, problem: "\"\(text)\" is neither a colour nor a palette entry")
        }
        var resolved = try color(entry, palette: [:], file: file, key: "palette.\(text)")
        if case .string(let fallback)? = palette[text + "16"] {
            guard let basic = ThemeColor.parse(fallback) else {
                throw ThemeError(file: file, key: "palette.\(text)16", problem: "\"\(fallback)\" is not one of the 16 basic colours")
            }
            resolved = ThemeColor(color256: resolved.color256, color16: basic.color16)
        }
        return resolved
    }
}
