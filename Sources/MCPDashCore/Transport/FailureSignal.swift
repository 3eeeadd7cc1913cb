import Foundation

/// A one-time failure that any number of tasks can wait for, cancellably.
actor FailureSignal {
    private var failure: MCPTransportError?
    private var waiters: [UUID: CheckedContinuation<MCPTransportError?, Never>] = [:]

    /// Records the failure (the first one wins) and wakes every waiter.
    func fail(_ error: MCPTransportError) {
        guard failure == nil else { return }
        failure = error
        for waiter in waiters.values { waiter.resume(returning: error) }
        waiters.removeAll()
    }

    /// The failure, once there is one; nil when the waiting task is cancelled first.
    func wait() async -> MCPTransportError? {
        if let failure { return failure }
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled { continuation.resume(returning: nil) } else { waiters[id] = continuation }
            }
        } onCancel: {
            Task { await self.stopWaiting(id) }
        }
    }

    private func stopWaiting(_ id: UUID) {
        waiters.removeValue(forKey: id)?.resume(returning: nil)
    }
}
