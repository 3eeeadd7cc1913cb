import Synchronization

/// What one connection knows about DPoP: the key read from the store (once), and the latest
/// nonce the MCP server supplied (RFC 9449 §9).
public final class DPoPSession: Sendable {
    private struct State {
        var key: DPoPKey?
        var loaded = false
        var nonce: String?
    }

    private let state = Mutex(State())

    /// Creates an empty session.
    public init() {}

    /// The key, read with `load` the first time it is needed (its absence is remembered too).
    public func key(_ load: () throws -> DPoPKey?) rethrows -> DPoPKey? {
        let cached: DPoPKey?? = state.withLock { $0.loaded ? .some($0.key) : .none }
        if case .some(let key) = cached { return key }
        let key = try load()
        state.withLock { $0.key = key; $0.loaded = true }
        return key
    }

    /// The nonce to put in the next proof.
    public var nonce: String? { state.withLock { $0.nonce } }

    /// Whether `text` may be a nonce: 1 to 1024 NQCHARs (RFC 9449 §8.1; printable ASCII but `"` and `\\`).
    public static func isNonce(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 1024
            && text.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }

    /// Takes a `DPoP-Nonce` the server sent; true when it is new (a request refused for the
    /// want of it is worth one more try), false for the nonce already in use or a malformed one.
    @discardableResult
    public func accept(nonce: String) -> Bool {
        guard Self.isNonce(nonce) else { return false }
        return state.withLock { state in
            defer { state.nonce = nonce }
            return state.nonce != nonce
        }
    }
}
