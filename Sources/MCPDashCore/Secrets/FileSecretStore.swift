import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The explicit, insecure fallback: secrets in a JSON file readable only by its owner (mode 0600).
///
/// Used only when the config or `--insecure-storage` asks for it, and reported as
/// "file (insecure)" wherever storage is shown. Writes go to a temporary file that replaces
/// the old one, under an exclusive lock, so concurrent mcpdash processes never lose an update.
public final class FileSecretStore: SecretStore {
    private struct Entry: Codable {
        var server: String
        var field: String
        var account: String
        var issuer: String
        var value: String

        var address: SecretAddress { SecretAddress(server: server, field: field, account: account, issuer: issuer) }
    }

    private struct Document: Codable {
        var note = "mcpdash insecure secret storage; prefer the keyring (see docs/keyring.md)"
        var items: [Entry] = []
    }

    /// The file's path.
    public let path: String

    /// Creates a store at `path` (the file is created on first write).
    public init(path: String) {
        self.path = path
    }

    /// The default location: `$XDG_DATA_HOME/mcpdash/secrets.json`.
    public static func defaultPath(environment: [String: String]) -> String {
        XDGDirectories(environment: environment).data + "/mcpdash/secrets.json"
    }

    public var kind: StorageKind { .file }

    public func health() -> SecretStoreHealth {
        var info = stat()
        if stat(path, &info) == 0 {
            if info.st_mode & 0o077 != 0 {
                return .unavailable(detail: "\(path) is readable by others (mode \(String(info.st_mode & 0o777, radix: 8))); run `chmod 600 \(path)`")
            }
            if info.st_uid != geteuid() {
                return .unavailable(detail: "\(path) belongs to another user")
            }
            return access(path, R_OK | W_OK) == 0 ? .ready : .unavailable(detail: "\(path) is not readable and writable")
        }
        let directory = (path as NSString).deletingLastPathComponent
        var ancestor = directory
        while !FileManager.default.fileExists(atPath: ancestor) { ancestor = (ancestor as NSString).deletingLastPathComponent }
        return access(ancestor, W_OK) == 0 ? .ready : .unavailable(detail: "cannot create \(directory)")
    }

    public func get(_ address: SecretAddress) throws(SecretStoreError) -> String? {
        try withLock(exclusive: false) { document in
            document.items.first { $0.address == address }?.value
        }
    }

    public func set(_ value: String, for address: SecretAddress) throws(SecretStoreError) {
        try update { document in
            document.items.removeAll { $0.address == address }
            document.items.append(Entry(server: address.server, field: address.field, account: address.account,
                                        issuer: address.issuer, value: value))
            return true
        }
    }

    @discardableResult
    public func delete(_ address: SecretAddress) throws(SecretStoreError) -> Bool {
        var found = false
        try update { document in
            let before = document.items.count
            document.items.removeAll { $0.address == address }
            found = document.items.count != before
            return found
        }
        return found
    }

    public func list(server: String?) throws(SecretStoreError) -> [SecretAddress] {
        try withLock(exclusive: false) { document in
            document.items.map(\.address).filter { server == nil || $0.server == server }.sorted(by: SecretAddress.ordering)
        }
    }

    // MARK: - File handling

    private func update(_ change: (inout Document) -> Bool) throws(SecretStoreError) {
        try withLock(exclusive: true) { document throws(SecretStoreError) in
            var copy = document
            if change(&copy) { try write(copy) }
        }
    }

    /// Runs `body` on the current document while holding a lock on the sibling `.lock` file.
    private func withLock<T>(exclusive: Bool, _ body: (Document) throws(SecretStoreError) -> T) throws(SecretStoreError) -> T {
        let health = health()
        guard health.isReady else { throw .unavailable(kind, health) }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try PrivateFiles.directory(directory)
            PrivateFiles.tighten(path, to: 0o600)
        } catch {
            throw failure("open", "cannot create \(directory)")
        }
        let lockDescriptor = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard lockDescriptor >= 0 else { throw failure("lock", String(cString: strerror(errno))) }
        defer { close(lockDescriptor) }
        guard flock(lockDescriptor, exclusive ? LOCK_EX : LOCK_SH) == 0 else { throw failure("lock", String(cString: strerror(errno))) }
        defer { flock(lockDescriptor, LOCK_UN) }
        return try body(try read())
    }

    private func read() throws(SecretStoreError) -> Document {
        guard let data = FileManager.default.contents(atPath: path) else { return Document() }
        do {
            return try JSONDecoder().decode(Document.self, from: data)
        } catch {
            throw failure("read", "\(path) is not a valid mcpdash secrets file")
        }
    }

    private func write(_ document: Document) throws(SecretStoreError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data: Data
        do { data = try encoder.encode(document) } catch { throw failure("write", "cannot encode the secrets file") }
        let temporary = path + ".tmp-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("write", String(cString: strerror(errno))) }
        let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure("write", "cannot replace \(path)")
        }
    }

    private func failure(_ operation: String, _ reason: String) -> SecretStoreError {
        .operationFailed(.file, operation: operation, address: nil, reason: reason)
    }
}
