import Foundation
import Testing
@testable import MCPDashCore

@Suite("File secret store")
struct FileSecretStoreTests {
    let directory = TestSupport.temporaryDirectory()

    @Test("the file is created with mode 0600 in a 0700 directory")
    func permissions() throws {
        let path = directory + "/nested/secrets.json"
        let store = FileSecretStore(path: path)
        try store.set("canary-file-0600", for: SecretAddress(server: "a", field: "token"))
        let fileMode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        let directoryMode = try FileManager.default.attributesOfItem(atPath: directory + "/nested")[.posixPermissions] as? Int
        #expect(fileMode == 0o600)
        #expect(directoryMode == 0o700)
    }

    @Test("a file readable by others is refused with a chmod hint, and nothing is read from it")
    func refusesOpenPermissions() throws {
        let path = directory + "/secrets.json"
        let store = FileSecretStore(path: path)
        try store.set("canary-file-0644", for: SecretAddress(server: "a", field: "token"))
        chmod(path, 0o644)
        guard case .unavailable(let detail) = store.health() else { Issue.record("expected unavailable"); return }
        #expect(detail.contains("chmod 600"))
        #expect(throws: SecretStoreError.self) { try store.get(SecretAddress(server: "a", field: "token")) }
    }

    @Test("concurrent writers from separate store instances lose no update")
    func concurrentWriters() async throws {
        let path = directory + "/secrets.json"
        await withTaskGroup(of: Void.self) { group in
            for writer in 0..<4 {
                group.addTask {
                    let store = FileSecretStore(path: path)
                    for item in 0..<10 { try? store.set("v", for: SecretAddress(server: "w\(writer)", field: "f\(item)")) }
                }
            }
        }
        #expect(try FileSecretStore(path: path).list(server: nil).count == 40)
    }
}
