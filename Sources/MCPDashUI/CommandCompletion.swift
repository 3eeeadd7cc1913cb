import Foundation

/// The `:` command line's verbs, and Tab completion over them, server names and theme names.
///
/// Pure: the reducer calls it with what is typed and what exists.
public enum CommandCompletion {
    /// Every verb the command line understands, as they are completed and listed.
    public static let verbs = CommandVerb.allCases.map(\.rawValue)

    /// `typed` with its last word completed as far as it is unambiguous, and the candidates
    /// when more than one remain (empty when there is nothing to complete).
    public static func complete(_ typed: String, servers: [String], themes: [String]) -> (text: String, candidates: [String]) {
        var words = typed.split(separator: " " as Character, omittingEmptySubsequences: false).map(String.init)
        let current = words.popLast() ?? ""
        let pool: [String]
        switch words.count {
        case 0: pool = verbs
        case 1 where CommandVerb(word: words[0])?.argument == .server: pool = servers
        case 1 where CommandVerb(word: words[0])?.argument == .theme: pool = themes
        default: pool = []
        }
        let matches = pool.filter { $0.hasPrefix(current) }.sorted()
        guard let first = matches.first else { return (typed, []) }
        let prefix = words.isEmpty ? "" : words.joined(separator: " ") + " "
        if matches.count == 1 { return (prefix + first + " ", []) }
        let common = matches.dropFirst().reduce(first) { shared, next in String(zip(shared, next).prefix { $0 == $1 }.map(\.0)) }
        return (prefix + common, matches)
    }

    /// `history` with `line` added last (a repeat of the last line is not added twice), at most `limit` long.
    public static func remember(_ line: String, in history: [String], limit: Int) -> [String] {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, history.last != trimmed else { return history }
        return Array((history + [trimmed]).suffix(limit))
    }
}
