import ArgumentParser
import Foundation
import MCPDashCore

/// A secret field argument (`rotate --field`, `secret set NAME FIELD`): checked for shape when
/// parsed, and completed from the fields of the server named on the command line.
extension SecretFieldName: ExpressibleByArgument {
    /// Parses the argument; ArgumentParser names the argument when it is not a field's shape.
    public init?(argument: String) { self.init(parsing: argument) }

    /// Completes from the config: the secret fields of every configured server named in the words typed.
    public static var defaultCompletionKind: CompletionKind {
        .custom { words, _, prefix in fields(words: words, prefix: prefix) }
    }

    /// The secret fields, starting with `prefix`, of the servers named in `words`.
    static func fields(words: [String], prefix: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        guard let config = ServerNameCompletion.config(words: words, environment: environment) else { return [] }
        let named = Set(words)
        return Array(Set(config.servers.filter { named.contains($0.name) }.flatMap { $0.secretFields.map(\.field) }))
            .filter { $0.hasPrefix(prefix) }.sorted()
    }
}
