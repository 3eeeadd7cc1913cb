import MCPDashUI
import Synchronization

/// Actions from effects running on other tasks, waiting for the UI thread to take them.
final class ActionQueue: Sendable {
    private let pending = Mutex<[Action]>([])

    /// Adds an action.
    func push(_ action: Action) {
        pending.withLock { $0.append(action) }
    }

    /// Takes every waiting action.
    func drain() -> [Action] {
        pending.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
