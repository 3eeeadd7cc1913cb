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

    @Test("only MCPDashKeyring imports CLibSecret; only MCPDashTerminal imports CNCurses")
    func cShimsHaveOneImporter() throws {
        for module in ["MCPDashCore", "MCPDashUI", "MCPDashKeyring", "MCPDashTerminal", "mcpdash"] {
            let imported = try Self.imports(of: module)
            #expect(imported.contains("CLibSecret") == (module == "MCPDashKeyring"), "\(module)")
            #expect(imported.contains("CNCurses") == (module == "MCPDashTerminal"), "\(module)")
        }
    }

    @Test("the core and the UI know no screen, no terminal and no keyring backend")
    func pureModules() throws {
        let forbidden: Set<String> = ["CLibSecret", "CNCurses", "MCPDashKeyring", "MCPDashTerminal", "ArgumentParser"]
        #expect(try Self.imports(of: "MCPDashCore").isDisjoint(with: forbidden.union(["MCPDashUI"])))
        #expect(try Self.imports(of: "MCPDashUI").isDisjoint(with: forbidden))
    }
}
