import Foundation
@testable import MCPDashCore

/// Helpers shared by the core's tests.
enum TestSupport {
    /// A fresh temporary directory.
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-test-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Parses config text as if it were the file `file`.
    static func parse(_ text: String, file: String = "servers.json", environment: [String: String] = [:]) throws(ConfigError) -> MCPDashConfig {
        try ConfigLoader.parse(Data(text.utf8), file: file, resolver: EnvironmentResolver(process: environment))
    }

    /// The path of a bundled fixture.
    static func fixture(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
    }
}
