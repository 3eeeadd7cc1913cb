import Foundation
import Testing

/// The module rules of docs/architecture.md, checked on the sources themselves.
@Suite("Architecture")
struct ArchitectureTests {
    /// The modules each module's sources import.
    static func imports(of module: String) throws -> Set<String> {
        let root = CLIRunner.repositoryRoot + "/Sources/" + module
        let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        var modules = Set<String>()
        for file in files {
            for line in try String(contentsOfFile: root + "/" + file, encoding: .utf8).split(separator: "\n") where line.hasPrefix("import ") {
                modules.insert(String(line.dropFirst("import ".count)))
            }
        }
        return modules
    }

    @Test("only MCPDashKeyring imports CLibSecretLoader; no Swift imports CCurlLoader; only MCPDashTerminal imports CNCurses; only DashboardRequest imports CMallocArenas")
    func cShimsHaveOneImporter() throws {
        for module in ["MCPDashCore", "MCPDashUI", "MCPDashKeyring", "MCPDashTerminal", "MCPDashMetrics", "mcpdash"] {
            let imported = try Self.imports(of: module)
            #expect(imported.contains("CLibSecretLoader") == (module == "MCPDashKeyring"), "\(module)")
            #expect(imported.contains("CNCurses") == (module == "MCPDashTerminal"), "\(module)")
            #expect(!imported.contains("CCurlLoader"), "\(module): CCurlLoader is linked for FoundationNetworking, never called")
            #expect(imported.contains("CMallocArenas") == (module == "mcpdash"), "\(module): only the dashboard's command limits malloc's arenas")
        }
        let root = CLIRunner.repositoryRoot + "/Sources/mcpdash"
        for file in try FileManager.default.contentsOfDirectory(atPath: root) where file.hasSuffix(".swift") {
            let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
            #expect(text.contains("import CMallocArenas\n") == (file == "DashboardRequest.swift"), "\(file)")
        }
    }

    @Test("the core and the UI know no screen, no terminal and no keyring backend")
    func pureModules() throws {
        let forbidden: Set<String> = ["CLibSecretLoader", "CNCurses", "MCPDashKeyring", "MCPDashTerminal", "ArgumentParser"]
        #expect(try Self.imports(of: "MCPDashCore").isDisjoint(with: forbidden.union(["MCPDashUI"])))
        #expect(try Self.imports(of: "MCPDashUI").isDisjoint(with: forbidden))
    }

    @Test("no source splits a string on a string literal: it resolves to RegexBuilder's searcher, not the stdlib's Character split")
    func splitsOnCharacters() throws {
        // `text.split(separator: ".")` picks the `String`-separator overload RegexBuilder adds
        // (visible through the dependencies' imports): a substring searcher and its generic
        // metadata, about 13,000 instructions a call instead of a few hundred (docs/benchmarks.md).
        let literal = try Regex(#"split\(separator: "[^"]*"(?! as Character)"#)
        for module in ["MCPDashCore", "MCPDashUI", "MCPDashKeyring", "MCPDashTerminal", "MCPDashMetrics", "mcpdash"] {
            let root = CLIRunner.repositoryRoot + "/Sources/" + module
            let files = try #require(FileManager.default.enumerator(atPath: root)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
            for file in files {
                let text = try String(contentsOfFile: root + "/" + file, encoding: .utf8)
                #expect(text.firstMatch(of: literal) == nil, "\(module)/\(file): write `split(separator: \"x\" as Character)`")
            }
        }
    }

    /// The executable's files that are the dashboard's face, which alone may import the TUI modules.
    static let dashboardFiles: Set<String> = ["DashboardCommand.swift", "DashboardRequest.swift", "DashboardRuntime.swift", "DashboardStats.swift", "EffectRunner.swift",
                                              "ActionQueue.swift", "ThemeCatalog.swift"]

    @Test("the CLI's commands import neither the TUI nor the terminal module (doctor's terminal probe excepted); shared text lives in the core")
    func cliDoesNotImportTheTUI() throws {
        let root = CLIRunner.repositoryRoot + "/Sources/mcpdash"
        for file in try FileManager.default.contentsOfDirectory(atPath: root) where file.hasSuffix(".swift") && !Self.dashboardFiles.contains(file) {
            let imports = try String(contentsOfFile: root + "/" + file, encoding: .utf8).split(separator: "\n")
                .filter { $0.hasPrefix("import ") }.map { String($0.dropFirst("import ".count)) }
            #expect(!imports.contains("MCPDashUI"), "\(file) imports the TUI module")
            #expect(!imports.contains("MCPDashTerminal") || file == "DoctorCommand.swift", "\(file) imports the terminal module")
        }
    }

    /// The core's folders that name a type declared in another folder, by folder.
    static func folderDependencies() throws -> [String: Set<String>] {
        let root = CLIRunner.repositoryRoot + "/Sources/MCPDashCore"
        let declaration = try Regex(#"(?m)^(?:public |internal |fileprivate |private |final |indirect )*(?:struct|enum|class|protocol|actor|typealias) +([A-Z]\w*)"#)
        // Simple word boundaries: with Unicode's, `Workspace.self` would be one word and missed.
        let word = try Regex(#"\b[A-Z]\w*\b"#).wordBoundaryKind(.simple)
        var owner: [String: String] = [:]
        var texts: [String: [String]] = [:]
        for folder in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            guard let files = FileManager.default.enumerator(atPath: root + "/" + folder) else { continue }
            for case let file as String in files where file.hasSuffix(".swift") {
                let text = try String(contentsOfFile: "\(root)/\(folder)/\(file)", encoding: .utf8)
                texts[folder, default: []].append(text.split(separator: "\n").map { $0.components(separatedBy: "//").first ?? "" }.joined(separator: "\n"))
                for match in text.matches(of: declaration) {
                    if let name = match.output[1].substring.map(String.init), owner[name] == nil { owner[name] = folder }
                }
            }
        }
        var edges: [String: Set<String>] = [:]
        for (folder, files) in texts {
            for text in files {
                for match in text.matches(of: word) {
                    if let other = owner[String(text[match.range])], other != folder { edges[folder, default: []].insert(other) }
                }
            }
        }
        return edges
    }

    @Test("the core's folders depend on each other without a circle (each layer only on those below it)")
    func noCirclesInTheCore() throws {
        let edges = try Self.folderDependencies()
        #expect(edges.count >= 10, "the dependency scan found the folders: \(edges.keys.sorted())")
        var state: [String: Int] = [:]   // 1 on the current path, 2 done
        var circle: [String] = []
        func visit(_ folder: String, _ path: [String]) -> Bool {
            if state[folder] == 2 { return false }
            if state[folder] == 1 {
                circle = Array(path.drop { $0 != folder }) + [folder]
                return true
            }
            state[folder] = 1
            for next in (edges[folder] ?? []).sorted() where visit(next, path + [folder]) { return true }
            state[folder] = 2
            return false
        }
        for folder in edges.keys.sorted() where visit(folder, []) { break }
        #expect(circle.isEmpty, "the core's folders import each other in a circle: \(circle.joined(separator: " → "))")
    }
}
