import ArgumentParser
import Foundation
import MCPDashCore

/// Shell completion of server-name arguments: the names in the config the command line points at.
enum ServerNameCompletion {
    /// The completion kind every server-name argument uses.
    static let kind = CompletionKind.custom { words, _, prefix in names(words: words, prefix: prefix) }

    /// The configured server names starting with `prefix`, reading the config `--config` in
    /// `words` names (else the usual location); none when it cannot be read.
    static func names(words: [String], prefix: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        guard let config = config(words: words, environment: environment) else { return [] }
        return (config.servers.map(\.name) + config.broken.map(\.name)).filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// The config `--config` in `words` names (else the usual location); nil when it cannot be read.
    static func config(words: [String], environment: [String: String]) -> MCPDashConfig? {
        var explicit: String?
        for (index, word) in words.enumerated() {
            if word == "--config", index + 1 < words.count { explicit = words[index + 1] }
            if word.hasPrefix("--config=") { explicit = String(word.dropFirst("--config=".count)) }
        }
        return try? ConfigLoader.load(ConfigLocation.resolve(explicit: explicit, environment: environment), envFile: nil,
                                      profile: nil, processEnvironment: environment)
    }
}
