import Synchronization

/// Opens the state database on first use, once, and remembers why it did not open.
///
/// A `token` answered from the cache never needs the database, so the workspace does not open
/// it until an operation asks.
final class DatabaseOpener: Sendable {
    private let open: @Sendable () -> Result<StateDatabase, StateDatabaseError>
    private let opened = Mutex<Result<StateDatabase, StateDatabaseError>?>(nil)

    /// An opener that runs `open` on first use.
    init(_ open: @escaping @Sendable () -> Result<StateDatabase, StateDatabaseError>) {
        self.open = open
    }

    /// An opener over a database already open, or absent for `reason`.
    init(_ database: StateDatabase?, reason: StateDatabaseError) {
        let result: Result<StateDatabase, StateDatabaseError> = database.map { .success($0) } ?? .failure(reason)
        self.open = { result }
        self.opened.withLock { $0 = result }
    }

    /// The database, opened now if it was not yet.
    var result: Result<StateDatabase, StateDatabaseError> {
        opened.withLock { opened in
            if let opened { return opened }
            let result = open()
            opened = result
            return result
        }
    }
}
