/// Substring tests on UTF-8 bytes, for text scanned on every line printed, every config value
/// read or every row a filter looks at, where the standard library's generic searcher (or
/// Foundation's, which goes through CFString and ICU) costs more than the work itself.
public enum UTF8Search {
    /// Whether `haystack` contains `needle`, byte for byte (`caseInsensitive`: ASCII letters
    /// in any case; `needle` must then be lowercase).
    public static func contains(_ needle: String, in haystack: String, caseInsensitive: Bool = false) -> Bool {
        var haystack = haystack
        var needle = needle
        return haystack.withUTF8 { text in
            needle.withUTF8 { pattern in
                guard let first = pattern.first else { return true }
                guard text.count >= pattern.count else { return false }
                let fold: UInt8 = caseInsensitive ? 0x20 : 0
                var start = 0
                while start <= text.count - pattern.count {
                    if text[start] | fold == first {
                        var matched = 1
                        while matched < pattern.count, text[start + matched] | fold == pattern[matched] { matched += 1 }
                        if matched == pattern.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
