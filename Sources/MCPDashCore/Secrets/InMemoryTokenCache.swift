import Foundation
import Synchronization

/// A token cache in process memory, for tests; its clock is the caller's.
public final class InMemoryTokenCache: TokenCache {
    private struct Entry {
        var value: String
        var expiry: Date
        var generation: Int64
    }

    private struct State {
        var lastGeneration: Int64 = 0
        var generations: [String: Int64] = [:]
        var entries: [String: Entry] = [:]
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> Date

    /// An empty cache whose entries expire by `now`.
    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    public func generation(server: String) -> TokenCacheGeneration? {
        state.withLock { state in
            if let current = state.generations[server] { return TokenCacheGeneration(id: current) }
            state.lastGeneration += 1
            state.generations[server] = state.lastGeneration
            return TokenCacheGeneration(id: state.lastGeneration)
        }
    }

    public func value(for key: TokenCacheKey, in generation: TokenCacheGeneration) -> String? {
        let now = now()
        return state.withLock { state in
            guard let entry = state.entries[key.description], entry.generation == generation.id,
                  state.generations.values.contains(generation.id), entry.expiry > now else { return nil }
            return entry.value
        }
    }

    public func store(_ value: String, for key: TokenCacheKey, seconds: Int, in generation: TokenCacheGeneration) {
        let expiry = now().addingTimeInterval(TimeInterval(seconds))
        state.withLock { state in
            guard seconds > 0, !value.isEmpty, state.generations.values.contains(generation.id) else { return }
            state.entries[key.description] = Entry(value: value, expiry: expiry, generation: generation.id)
        }
    }

    public func clear(server: String) {
        state.withLock { state in
            guard let ended = state.generations.removeValue(forKey: server) else { return }
            state.entries = state.entries.filter { $0.value.generation != ended }
        }
    }

    /// How many entries are held, expired or not.
    public var count: Int { state.withLock { $0.entries.count } }
}
