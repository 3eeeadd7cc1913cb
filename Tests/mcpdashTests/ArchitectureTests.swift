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

    /// The executable's files that are the dashboard's face, which alone may import the TUI modules.
    static let dashboardFiles: Set<String> = ["DashboardCommand.swift", "DashboardRuntime.swift", "DashboardStats.swift", "EffectRunner.swift",
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
}
