import Foundation
import MCPDashCore
import MCPDashKeyring
import Testing

/// The keyring items are readable with `secret-tool`, as docs/keyring.md promises.
@Suite("Keyring schema")
struct KeyringSchemaTests {
    private let server = "schema-\(UUID().uuidString.prefix(8))"

    @Test("secret-tool lookup by server and field finds what mcpdash stored")
    func secretToolFindsItems() throws {
        let store = try SecretStoreContractTests.makeStore(.keyring)
        let address = SecretAddress(server: server, field: "token", account: "ops")
        try store.set("canary-secret-tool-5521", for: address)
        defer { _ = try? store.delete(address) }
        let output = try runSecretTool(["lookup", "server", server, "field", "token", "account", "ops"])
        #expect(output == "canary-secret-tool-5521")
        let schemaOutput = try runSecretTool(["lookup", "xdg:schema", KeyringSecretStore.schemaName, "server", server])
        #expect(schemaOutput == "canary-secret-tool-5521")
    }

    @Test("an item stored by secret-tool with the schema attribute is read by mcpdash")
    func mcpdashReadsSecretToolItems() throws {
        let store = try SecretStoreContractTests.makeStore(.keyring)
        _ = try runSecretTool(["store", "--label=test", "xdg:schema", KeyringSecretStore.schemaName, "server", server,
                               "field", "apiKey", "account", "default", "issuer", ""], input: "typed-by-hand-8812")
        let address = SecretAddress(server: server, field: "apiKey")
        defer { _ = try? store.delete(address) }
        #expect(try store.get(address) == "typed-by-hand-8812")
    }

    private func runSecretTool(_ arguments: [String], input: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/secret-tool")
        process.arguments = arguments
        let output = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "secret-tool \(arguments.first ?? "") failed")
        return String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    }
}

/// Many stores created and used at once, from many threads, as the dashboard and tests do.
@Suite("Keyring concurrency")
struct KeyringConcurrencyTests {
    @Test("stores created and used from many threads at once all work")
    func concurrentStores() async throws {
        _ = try SecretStoreContractTests.makeStore(.keyring)
        let server = "concurrent-\(UUID().uuidString.prefix(8))"
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let store = KeyringSecretStore()
                    let address = SecretAddress(server: server, field: "f\(index)")
                    try store.set("v\(index)", for: address)
                    #expect(try store.get(address) == "v\(index)")
                    try store.delete(address)
                }
            }
            try await group.waitForAll()
        }
    }
}
