/// Expands `${VAR}`, `${VAR:-default}` and VS Code's `${env:VAR}` from a set of variables.
public struct EnvironmentResolver: Sendable {
    /// The result of expanding a template.
    public struct Expansion: Equatable, Sendable {
        /// The text with every known variable replaced (unknown ones become empty).
        public let value: String
        /// Names referenced but not set and without a default.
        public let missing: [String]
    }

    /// The variables visible to the config: the process environment over the `.env` file.
    public let variables: [String: String]

    /// Creates a resolver; process variables win over `.env` ones, as dotenv tools do.
    public init(process: [String: String], dotEnv: [String: String] = [:]) {
        self.variables = dotEnv.merging(process) { _, processValue in processValue }
    }

    /// Expands every `${…}` reference in `template`.
    public func expand(_ template: String) -> Expansion {
        guard template.utf8.contains(UInt8(ascii: "$")) else { return Expansion(value: template, missing: []) }
        var output = ""
        var missing: [String] = []
        var rest = template[...]
        while let open = rest.firstRange(of: "${") {
            output += rest[..<open.lowerBound]
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else {
                output += rest[open.lowerBound...]
                rest = ""
                break
            }
            var reference = String(rest[open.upperBound..<close])
            if reference.hasPrefix("env:") { reference.removeFirst(4) }
            var fallback: String? = nil
            if let separator = reference.firstRange(of: ":-") {
                fallback = String(reference[separator.upperBound...])
                reference = String(reference[..<separator.lowerBound])
            }
            if let value = variables[reference], !(value.isEmpty && fallback != nil) {
                output += value
            } else if let fallback {
                output += fallback
            } else {
                missing.append(reference)
            }
            rest = rest[rest.index(after: close)...]
        }
        output += rest
        return Expansion(value: output, missing: missing)
    }

    /// The names a template refers to.
    public static func referencedNames(in template: String) -> [String] {
        guard template.utf8.contains(UInt8(ascii: "$")) else { return [] }
        var names: [String] = []
        var rest = template[...]
        while let open = rest.firstRange(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
            var reference = String(rest[open.upperBound..<close])
            if reference.hasPrefix("env:") { reference.removeFirst(4) }
            if let separator = reference.firstRange(of: ":-") { reference = String(reference[..<separator.lowerBound]) }
            names.append(reference)
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
