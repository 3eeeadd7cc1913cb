import Foundation
import MCPDashCore
import MCPDashKeyring
import Testing

/// The behaviour every `SecretStore` must have, run against the in-memory, file and keyring stores.
///
/// The keyring store runs on a real gnome-keyring over D-Bus; run the suite through
/// `scripts/test` (or `scripts/with-keyring swift test`), which provides one.
@Suite("SecretStore contract")
struct SecretStoreContractTests {
    enum Implementation: String, CaseIterable, CustomTestStringConvertible {
        case memory, file, keyring
        var testDescription: String { rawValue }
    }

    /// A store of the given kind, ready for use, isolated from other tests by a unique server name.
    static func makeStore(_ implementation: Implementation) throws -> any SecretStore {
        switch implementation {
        case .memory:
            return InMemorySecretStore()
        case .file:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcpdash-contract-\(UUID().uuidString)")
            return FileSecretStore(path: directory.appendingPathComponent("secrets.json").path)
        case .keyring:
            let store = KeyringSecretStore()
            let health = store.health()
            try #require(health == .ready, """
                the keyring store needs a session D-Bus with an unlocked gnome-keyring, found: \(health.summary). \
                Run the tests with scripts/test.
                """)
            return store
        }
    }

    private let server = "contract-\(UUID().uuidString.prefix(8))"

    @Test("a missing secret reads as nil", arguments: Implementation.allCases)
    func missingIsNil(_ implementation: Implementation) throws {
        let store = try Self.makeStore(implementation)
        #expect(try store.get(SecretAddress(server: server, field: "token")) == nil)
    }

    @Test("set then get returns the value; set again replaces it", arguments: Implementation.allCases)
    func setGetReplace(_ implementation: Implementation) throws {
        let store = try Self.makeStore(implementation)
        let address = SecretAddress(server: server, field: "token")
        try store.set("canary-first-7f3a", for: address)
        #expect(try store.get(address) == "canary-first-7f3a")
        try store.set("canary-second-91bc", for: address)
        #expect(try store.get(address) == "canary-second-91bc")
        #expect(try store.list(server: server) == [address])
        try store.delete(address)
    }

    @Test("server, field, account and issuer each address a different item", arguments: Implementation.allCases)
    func addressesAreIndependent(_ implementation: Implementation) throws {
        let store = try Self.makeStore(implementation)
        let addresses = [
            SecretAddress(server: server, field: "token"),
            SecretAddress(server: server, field: "refreshToken"),
            SecretAddress(server: server, field: "token", account: "work"),
            SecretAddress(server: server, field: "clientSecret", issuer: "https://a.example"),
            SecretAddress(server: server, field: "clientSecret", issuer: "https://b.example"),
            SecretAddress(server: server + "-other", field: "token"),
        ]
        for (index, address) in addresses.enumerated() { try store.set("value-\(index)", for: address) }
        for (index, address) in addresses.enumerated() { #expect(try store.get(address) == "value-\(index)") }
        #expect(try store.list(server: server) == addresses.dropLast().sorted(by: SecretAddress.ordering))
        for address in addresses { try store.delete(address) }
    }

    @Test("delete removes the item and reports whether there was one", arguments: Implementation.allCases)
    func deleteReports(_ implementation: Implementation) throws {
        let store = try Self.makeStore(implementation)
        let address = SecretAddress(server: server, field: "apiKey")
        try store.set("k-123456", for: address)
        #expect(try store.delete(address) == true)
        #expect(try store.get(address) == nil)
        #expect(try store.delete(address) == false)
        #expect(try store.list(server: server).isEmpty)
    }

    @Test("multi-line, unicode and long values survive unchanged", arguments: Implementation.allCases)
    func valuesRoundTrip(_ implementation: Implementation) throws {
        let store = try Self.makeStore(implementation)
        let pem = "-----BEGIN PRIVATE KEY-----\n" + String(repeating: "QUJDRA==\n", count: 400) + "-----END PRIVATE KEY-----\n"
        let values = [pem, "pässwörd-🔑-密码", " leading and trailing spaces "]
        for (index, value) in values.enumerated() {
            let address = SecretAddress(server: server, field: "value\(index)")
            try store.set(value, for: address)
            #expect(try store.get(address) == value)
            try store.delete(address)
        }
    }

    @Test("a usable store reports ready", arguments: Implementation.allCases)
    func healthIsReady(_ implementation: Implementation) throws {
        #expect(try Self.makeStore(implementation).health() == .ready)
    }
}
