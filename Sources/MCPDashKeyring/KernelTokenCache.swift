import CKeyctl
import MCPDashCore

/// The token cache in the Linux kernel's key retention service: a keyring called
/// `mcpdash.tokens` linked into the user's keyring, holding a keyring per server, which holds
/// one "user" key per cached answer.
///
/// The kernel keeps the values in its own memory, which is never swapped or written to disk,
/// and removes each key when its timeout passes, so an expired answer cannot be read. Keys and
/// keyrings are readable only by a process that possesses them: one of this user's whose
/// session keyring links the user keyring, as every login session's does. A server's
/// generation is its keyring: clearing invalidates it, after which storing into it fails.
/// Descriptions are digests, so `/proc/keys` names no server. Where the kernel refuses (no key
/// support, a container's seccomp filter, the user's key quota used up), nothing is cached and
/// every answer comes from the keyring.
public struct KernelTokenCache: TokenCache {
    /// The description of the keyring that holds the servers' keyrings.
    public static let keyringName = "mcpdash.tokens"

    /// The largest answer cached; larger ones are not (the kernel allows 32,767 bytes a key).
    static let largestValue = 16_384

    /// How long a server's keyring lives; none of its entries lives longer.
    static let serverKeyringSeconds: UInt32 = 3_600

    /// The cache of the calling user.
    public init() {}

    /// The description of `server`'s keyring.
    static func keyringName(server: String) -> String {
        "mcpdash.server:" + TokenCacheKey.digest(server).prefix(32)
    }

    public func generation(server: String) -> TokenCacheGeneration? {
        let user = mcpdash_key_user_keyring()
        let name = Self.keyringName(server: server)
        if let found = Self.serial(mcpdash_key_search(user, "keyring", name)) { return TokenCacheGeneration(id: Int64(found)) }
        guard let top = Self.keyring(Self.keyringName, in: user, seconds: nil),
              let created = Self.keyring(name, in: top, seconds: Self.serverKeyringSeconds) else { return nil }
        return TokenCacheGeneration(id: Int64(created))
    }

    public func value(for key: TokenCacheKey, in generation: TokenCacheGeneration) -> String? {
        guard let keyring = Int32(exactly: generation.id), let serial = Self.serial(mcpdash_key_search(keyring, "user", key.description)) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4_096)
        for _ in 0..<2 {
            let length = buffer.withUnsafeMutableBytes { mcpdash_key_read(serial, $0.baseAddress, $0.count) }
            guard length >= 0, length <= Self.largestValue else { return nil }
            if length <= buffer.count { return String(validating: buffer.prefix(length), as: UTF8.self) }
            buffer = [UInt8](repeating: 0, count: length)
        }
        return nil
    }

    public func store(_ value: String, for key: TokenCacheKey, seconds: Int, in generation: TokenCacheGeneration) {
        let bytes = Array(value.utf8)
        guard let keyring = Int32(exactly: generation.id), !bytes.isEmpty, bytes.count <= Self.largestValue,
              let timeout = UInt32(exactly: seconds), timeout > 0 else { return }
        let added = bytes.withUnsafeBytes { mcpdash_key_add_user(key.description, $0.baseAddress, $0.count, keyring) }
        guard let serial = Self.serial(added) else { return }
        if mcpdash_key_set_permissions(serial, mcpdash_key_possessor_only()) != 0 || mcpdash_key_set_timeout(serial, min(timeout, Self.serverKeyringSeconds)) != 0 {
            _ = mcpdash_key_invalidate(serial)
        }
    }

    public func clear(server: String) {
        // Until none is found: one, as a rule (`keyring(_:in:seconds:)` never makes a second).
        while let serial = Self.serial(mcpdash_key_search(mcpdash_key_user_keyring(), "keyring", Self.keyringName(server: server))),
              mcpdash_key_invalidate(serial) == 0 {}
    }

    /// The keyring called `name` in `parent`: the one there, or a new one, possessor-only and
    /// expiring after `seconds` when given.
    ///
    /// A new keyring is made in the process keyring and moved into `parent` only when none of
    /// that name is there yet. add_key(2) straight into `parent` would replace a keyring another
    /// process had just made, orphaning whatever that process then stored in it.
    static func keyring(_ name: String, in parent: Int32, seconds: UInt32?) -> Int32? {
        if let found = serial(mcpdash_key_search(parent, "keyring", name)) { return found }
        let process = mcpdash_key_process_keyring()
        guard let created = serial(mcpdash_key_add_keyring(name, process)) else { return nil }
        guard mcpdash_key_set_permissions(created, mcpdash_key_possessor_only()) == 0,
              seconds.map({ mcpdash_key_set_timeout(created, $0) == 0 }) ?? true else {
            _ = mcpdash_key_invalidate(created)
            return nil
        }
        if mcpdash_key_move(created, process, parent, true) == 0 { return created }
        if let found = serial(mcpdash_key_search(parent, "keyring", name)) {
            _ = mcpdash_key_invalidate(created)
            return found
        }
        // The keyring of that name there is dead (cleared or expired, not yet collected), which
        // a search skips but an exclusive move does not: replacing it loses nothing.
        guard mcpdash_key_move(created, process, parent, false) == 0 else {
            _ = mcpdash_key_invalidate(created)
            return nil
        }
        return serial(mcpdash_key_search(parent, "keyring", name))
    }

    /// The serial a call returned, or nil when it failed.
    private static func serial(_ result: Int) -> Int32? {
        result > 0 ? Int32(exactly: result) : nil
    }
}
