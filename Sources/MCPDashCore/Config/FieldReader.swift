import MCP

/// Reads typed fields out of one JSON object of a config, remembering which keys it consumed.
///
/// Errors name the file, the server and the dotted field path; keys never read are reported
/// as warnings by `finish()`, so nothing in a config is silently dropped.
final class FieldReader {
    /// Warnings shared by every reader of one config file.
    final class Sink {
        var warnings: [ConfigWarning] = []
    }

    let object: [String: Value]
    let file: String
    let server: String?
    let path: String
    let resolver: EnvironmentResolver
    let sink: Sink
    /// The object's keys, in `object`'s order, searched by equality: an entry has a handful of
    /// keys, and comparing short strings costs less than hashing the key of every look-up.
    private let keys: [String]
    /// The object's values, in the order of `keys`.
    private let values: [Value]
    /// Whether each of `keys` has been read, by position.
    private var consumed: [Bool]

    init(_ object: [String: Value], file: String, server: String?, path: String, resolver: EnvironmentResolver, sink: Sink) {
        self.object = object
        self.keys = Array(object.keys)
        self.values = Array(object.values)
        self.consumed = Array(repeating: false, count: object.count)
        self.file = file
        self.server = server
        self.path = path
        self.resolver = resolver
        self.sink = sink
    }

    // MARK: - Errors and warnings

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        .invalidField(file: file, server: server, field: fieldPath(key), message: message)
    }

    func warn(_ key: String?, _ message: String, hint: String? = nil) {
        sink.warnings.append(ConfigWarning(file: file, server: server, field: key.map(fieldPath), message: message, hint: hint))
    }

    /// Reports every key that no accessor asked for.
    func finish() {
        for key in zip(keys, consumed).filter({ !$0.1 }).map(\.0).sorted() {
            warn(key, "unknown key, ignored", hint: "see docs/configuration.md for the fields mcpdash reads")
        }
    }

    /// Marks keys as known without reading them (accepted for compatibility, unused).
    func ignore(_ keys: String...) { for key in keys { _ = position(of: key) } }

    /// Where `key` is in `keys`, marking it read; nil when the object lacks it.
    private func position(of key: String) -> Int? {
        guard let position = keys.firstIndex(of: key) else { return nil }
        consumed[position] = true
        return position
    }

    /// True when the object has `key`.
    func has(_ key: String) -> Bool { keys.contains(key) }

    // MARK: - Raw values

    private func raw(_ key: String) -> Value? {
        // Only keys that are there need remembering: `finish` asks about the object's keys.
        guard let position = position(of: key) else { return nil }
        let value = values[position]
        if case .null = value { return nil }
        return value
    }

    /// Reads the first of several alias keys that is present.
    func firstKey(_ aliases: [String]) -> String? {
        var first: String? = nil
        for alias in aliases where position(of: alias) != nil && first == nil { first = alias }
        return first
    }

    func rawString(_ key: String) throws(ConfigError) -> String? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .string(let string): return string
        case .data: throw error(key, "expected a string")
        default: throw error(key, "expected a string, found \(Self.typeName(value))")
        }
    }

    // MARK: - Typed accessors

    /// A non-secret string, with `${VAR}` expanded (unset variables are warned about).
    func string(_ key: String) throws(ConfigError) -> String? {
        guard let raw = try rawString(key) else { return nil }
        return expand(raw, key: key)
    }

    func requiredString(_ key: String, _ meaning: String) throws(ConfigError) -> String {
        guard let value = try string(key), !value.isEmpty else { throw error(key, "missing: \(meaning)") }
        return value
    }

    /// An HTTP(S) URL after expansion; variables expanded into its query or fragment are registered as secrets.
    func url(_ key: String) throws(ConfigError) -> String? {
        guard let template = try rawString(key) else { return nil }
        if let query = template.utf8.firstIndex(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }) {
            // `?key=${API_KEY}`: the value is a credential wherever the URL is printed or stored.
            for name in EnvironmentResolver.referencedNames(in: String(template[query...])) {
                if let value = resolver.variables[name] { SecretRedactor.shared.remember(value) }
            }
        }
        let value = expand(template, key: key)
        if EnvironmentResolver.referencedNames(in: value).isEmpty, !Self.isHTTPURL(value) {
            throw error(key, "\"\(value)\" is not an http:// or https:// URL")
        }
        return value
    }

    func requiredURL(_ key: String, _ meaning: String) throws(ConfigError) -> String {
        guard let value = try url(key), !value.isEmpty else { throw error(key, "missing: \(meaning)") }
        return value
    }

    /// A secret field: `keyring:`, a `${VAR}` template, or (warned about) a literal.
    func secret(_ key: String) throws(ConfigError) -> SecretSource? {
        guard let raw = try rawString(key) else { return nil }
        return classifySecret(raw, key: key)
    }

    func requiredSecret(_ key: String, _ meaning: String) throws(ConfigError) -> SecretSource {
        guard let value = try secret(key) else { throw error(key, "missing: \(meaning) (use \"keyring:\" or \"${VAR}\")") }
        return value
    }

    func classifySecret(_ raw: String, key: String) -> SecretSource {
        let source = SecretSource(raw: raw)
        if case .literal = source {
            warn(key, "a secret is written literally in the config file",
                 hint: "move it into the keyring with `mcpdash secret set \(server ?? "NAME") FIELD` (all of them: `mcpdash import --from mcpdash`), or use \"${VAR}\"")
        }
        return source
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let value = raw(key) else { return nil }
        guard case .bool(let bool) = value else { throw error(key, "expected true or false, found \(Self.typeName(value))") }
        return bool
    }

    func number(_ key: String) throws(ConfigError) -> Double? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .int(let int): return Double(int)
        case .double(let double): return double
        default: throw error(key, "expected a number, found \(Self.typeName(value))")
        }
    }

    /// A number greater than zero and at most `maximum` (a timeout of 1e300 is a mistake, not a wish).
    func positiveNumber(_ key: String, atMost maximum: Double) throws(ConfigError) -> Double? {
        guard let value = try number(key) else { return nil }
        guard value > 0, value.isFinite else { throw error(key, "must be greater than zero") }
        guard value <= maximum else { throw error(key, "must be at most \(Int(maximum))") }
        return value
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let value = raw(key) else { return nil }
        guard case .int(let int) = value else { throw error(key, "expected a whole number, found \(Self.typeName(value))") }
        guard range.contains(int) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound)") }
        return int
    }

    /// A list of strings; a single space-separated string is accepted too (OAuth `scope` style).
    func stringList(_ key: String) throws(ConfigError) -> [String]? {
        guard let value = raw(key) else { return nil }
        switch value {
        case .string(let string):
            return string.split(separator: " " as Character).map(String.init)
        case .array(let items):
            var strings: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let string) = item else {
                    throw error("\(key)[\(index)]", "expected a string, found \(Self.typeName(item))")
                }
                strings.append(expand(string, key: "\(key)[\(index)]"))
            }
            return strings
        default:
            throw error(key, "expected a list of strings, found \(Self.typeName(value))")
        }
    }

    /// An object whose values are all strings, unexpanded.
    func rawStringMap(_ key: String) throws(ConfigError) -> [String: String]? {
        guard let value = raw(key) else { return nil }
        guard case .object(let object) = value else { throw error(key, "expected an object, found \(Self.typeName(value))") }
        var map: [String: String] = [:]
        for (name, item) in object {
            guard case .string(let string) = item else {
                throw error("\(key).\(name)", "expected a string, found \(Self.typeName(item))")
            }
            map[name] = string
        }
        return map
    }

    /// Splits a string map into plain values (expanded) and secret ones, by name and by `keyring:`.
    func splitSecretMap(_ key: String) throws(ConfigError) -> (plain: [String: String], secret: [String: SecretSource]) {
        var plain: [String: String] = [:]
        var secret: [String: SecretSource] = [:]
        for (name, raw) in try rawStringMap(key) ?? [:] {
            if raw == SecretSource.keyringReference || SecretNames.looksSecret(name) {
                secret[name] = classifySecret(raw, key: "\(key).\(name)")
            } else {
                plain[name] = expand(raw, key: "\(key).\(name)")
            }
        }
        return (plain, secret)
    }

    /// A nested object as its own reader.
    func object(_ key: String) throws(ConfigError) -> FieldReader? {
        guard let value = raw(key) else { return nil }
        guard case .object(let object) = value else { throw error(key, "expected an object, found \(Self.typeName(value))") }
        return FieldReader(object, file: file, server: server, path: fieldPath(key), resolver: resolver, sink: sink)
    }

    /// The raw JSON value of a key.
    func value(_ key: String) -> Value? { raw(key) }

    // MARK: - Helpers

    private func expand(_ raw: String, key: String) -> String {
        let expansion = resolver.expand(raw)
        for name in expansion.missing {
            warn(key, "${\(name)} is not set", hint: "export it, or put it in the .env file beside the config (or --env-file)")
        }
        return expansion.missing.isEmpty ? expansion.value : raw
    }

    static func isHTTPURL(_ text: String) -> Bool {
        // On bytes: the scheme is ASCII in any case, then at least one byte that is not `/`, and no space.
        var text = text
        return text.withUTF8 { bytes in
            func hasScheme(_ scheme: StaticString) -> Bool {
                guard bytes.count >= scheme.utf8CodeUnitCount else { return false }
                for offset in 0..<scheme.utf8CodeUnitCount {
                    let byte = bytes[offset]
                    if (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte) != scheme.utf8Start[offset] { return false }
                }
                return true
            }
            let length = hasScheme("https://") ? 8 : hasScheme("http://") ? 7 : 0
            guard length > 0, length < bytes.count else { return false }
            return bytes[length] != UInt8(ascii: "/") && !bytes.contains(0x20)
        }
    }

    static func typeName(_ value: Value) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string, .data: "a string"
        case .array: "a list"
        case .object: "an object"
        }
    }
}
