/// The cached form of `headers`' answer: one `name<TAB>value` line per header.
///
/// Header names hold no tab or line break, and values no line break (`RequestCredentials`
/// refuses one), so the split is exact; anything else does not decode and is fetched anew.
enum HeaderLines {
    /// `headers` as lines, sorted by name.
    static func encode(_ headers: [String: String]) -> String {
        headers.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)" }.joined(separator: "\n")
    }

    /// The headers `text` holds, or nil when it is not in the cached form.
    static func decode(_ text: String) -> [String: String]? {
        var headers: [String: String] = [:]
        for line in text.split(separator: "\n" as Character, omittingEmptySubsequences: false) {
            guard let tab = line.firstIndex(of: "\t"), tab != line.startIndex else { return nil }
            headers[String(line[..<tab])] = String(line[line.index(after: tab)...])
        }
        return headers
    }
}
