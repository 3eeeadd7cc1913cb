import Foundation
import MCP

/// `mcpdash import --rewrite`: after an import, the source client's entries take their
/// credentials from mcpdash and lose their literal secrets.
///
/// - An HTTP entry of Claude Code keeps its URL and gets a `headersHelper` that runs
///   `mcpdash headers NAME`; its secret headers go.
/// - An HTTP entry of a client without a headers helper (Cursor, VS Code) becomes a stdio
///   entry: `mcpdash exec NAME -- npx -y mcp-remote URL --header 'Name:${MCP_HEADER_NAME}'`;
///   mcp-remote expands the variable from the environment `exec` gives it.
/// - A stdio entry (an `mcp-remote` one included) runs through `mcpdash exec NAME -- …`, which
///   puts its secret variables in its environment; they leave the entry's `env`, and a secret
///   `--header` argument becomes a `${MCP_HEADER_…}` reference.
///
/// Only the rewritten entries change; the rest of the file, comments included, stays.
public enum ClientConfigRewrite {
    /// The formats whose files can be rewritten.
    public static let formats: Set<ImportFormat> = [.claude, .claudeCode, .cursor, .vscode]

    /// One entry rewritten.
    public struct Change: Codable, Equatable, Sendable {
        /// The server.
        public var server: String
        /// How it now gets its credentials: `headersHelper`, `mcpdash exec` or `mcpdash exec + mcp-remote`.
        public var how: String
        /// The new entry, as JSON text (it holds no secret).
        public var entry: String
    }

    /// What a rewrite did to one file.
    public struct Report: Codable, Equatable, Sendable {
        /// The file rewritten.
        public var file: String
        /// The entries changed.
        public var changes: [Change]
        /// The previous version, kept with `keyring:` where its secrets were.
        public var backup: String?
        /// Whether the file was written (false for a dry run).
        public var wrote: Bool
    }

    /// Rewrites the entries of `servers` in `file` to run `mcpdash` (the command line that starts
    /// it); `dryRun` writes nothing.
    public static func run(file: String, format: ImportFormat, servers: [ImportedServer], mcpdash: String,
                           dryRun: Bool) throws -> Report {
        var document: ConfigDocument
        do { document = try ConfigFile.read(file) } catch { throw ImportError.unreadableSource(file: file, reason: error.summary) }
        var changes: [Change] = []
        for server in servers where !server.secrets.isEmpty && server.sourceFile == file {
            guard let entry = document.value(at: server.sourcePath)?.objectValue,
                  let (rewritten, how) = rewritten(entry, server: server, format: format, mcpdash: mcpdash) else { continue }
            document.set(server.sourcePath, to: .object(rewritten))
            changes.append(Change(server: server.name, how: how, entry: ConfigDocument.render(.object(rewritten))))
        }
        var report = Report(file: file, changes: changes, backup: nil, wrote: false)
        guard !dryRun, !changes.isEmpty else { return report }
        let moved = servers.flatMap { $0.secrets.values }
        do {
            report.backup = try ConfigFile.write(document, to: file, scrubbing: moved)
        } catch {
            throw ImportError.cannotWrite(file: file, reason: error.summary)
        }
        report.wrote = true
        return report
    }

    /// The entry that takes `server`'s credentials from mcpdash, and how; nil when there is nothing to change.
    static func rewritten(_ entry: [String: Value], server: ImportedServer, format: ImportFormat,
                          mcpdash: String) -> ([String: Value], String)? {
        let moved = Set(server.secrets.keys)
        func isMoved(header name: String) -> Bool {
            (name.lowercased() == "authorization" && moved.contains("token")) || moved.contains(SecretField.header(name))
        }
        func reference(_ header: String) -> String { "\(header):${\(ExecEnvironment.headerVariable(header))}" }
        if let command = entry["command"]?.stringValue {
            var args = entry["args"]?.arrayValue?.compactMap(\.stringValue) ?? []
            var env = entry["env"]?.objectValue ?? [:]
            if MCPRemoteCommand(entry: entry) != nil {
                var index = 0
                while index + 1 < args.count {
                    defer { index += 1 }
                    guard args[index] == "--header", let colon = args[index + 1].firstIndex(of: ":") else { continue }
                    let name = args[index + 1][..<colon].trimmingCharacters(in: .whitespaces)
                    guard isMoved(header: name) else { continue }
                    for variable in EnvironmentResolver.referencedNames(in: String(args[index + 1][colon...])) { env[variable] = nil }
                    args[index + 1] = reference(name)
                }
            }
            for variable in env.keys where moved.contains(SecretField.environmentVariable(variable)) { env[variable] = nil }
            var result = entry
            result["command"] = .string(mcpdash)
            result["args"] = .array((["exec", server.name, "--", command] + args).map(Value.string))
            result["env"] = env.isEmpty ? nil : .object(env)
            return (result, "mcpdash exec")
        }
        guard let url = entry["url"]?.stringValue else { return nil }
        let headers = entry["headers"]?.objectValue ?? [:]
        if format == .claudeCode {
            var result = entry
            let kept = headers.filter { !isMoved(header: $0.key) }
            result["headers"] = kept.isEmpty ? nil : .object(kept)
            result["headersHelper"] = .string("\(shellQuoted(mcpdash)) headers \(shellQuoted(server.name))")
            return (result, "headersHelper")
        }
        var args = ["exec", server.name, "--", "npx", "-y", "mcp-remote", url]
        let declared = (entry["type"] ?? entry["transport"])?.stringValue.flatMap(TransportKind.init(declared:))
        if declared == .sse { args += ["--transport", "sse-only"] }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
            args += ["--header", isMoved(header: name) ? reference(name) : "\(name):\(value.stringValue ?? "")"]
        }
        var result: [String: Value] = ["command": .string(mcpdash), "args": .array(args.map(Value.string))]
        if format == .vscode { result["type"] = .string(TransportKind.stdio.rawValue) }
        return (result, "mcpdash exec + mcp-remote")
    }

    /// `text` quoted for a POSIX shell when it needs it.
    static func shellQuoted(_ text: String) -> String {
        let safe = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_./:@%+="))
        if !text.isEmpty, text.unicodeScalars.allSatisfy({ safe.contains($0) && $0.isASCII }) { return text }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
