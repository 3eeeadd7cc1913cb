import Synchronization

/// Actions from effects running on other tasks, waiting for the UI thread to take them.
public final class ActionQueue: Sendable {
    /// An empty queue.
    public init() {}

    private let pending = Mutex<[Action]>([])

    /// Adds an action.
    public func push(_ action: Action) {
        pending.withLock { $0.append(action) }
    }

    /// Whether no action is waiting.
    public var isEmpty: Bool { pending.withLock { $0.isEmpty } }

    /// Takes every waiting action.
    public func drain() -> [Action] {
        pending.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
