import Synchronization

/// Delivers the first of several racing results to its handlers, exactly once.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var handlers: [@Sendable (Value) -> Void] = []
    }

    private let state = Mutex(State())

    /// Runs `handler` with the first value, now if it has already arrived.
    func onFirst(_ handler: @escaping @Sendable (Value) -> Void) {
        let ready: Value? = state.withLock { state in
            if let value = state.value { return value }
            state.handlers.append(handler)
            return nil
        }
        if let ready { handler(ready) }
    }

    /// Offers a value; only the first one offered is delivered.
    func offer(_ value: Value) {
        let handlers: [@Sendable (Value) -> Void] = state.withLock { state in
            guard state.value == nil else { return [] }
            state.value = value
            defer { state.handlers.removeAll() }
            return state.handlers
        }
        for handler in handlers { handler(value) }
    }
}
