import Foundation
import Synchronization

/// Opens the state database and reads every server's `OverviewRecords` on a thread of its own.
///
/// The dashboard starts one before it parses the config, so its first frame waits for the
/// longer of the two instead of their sum: with 1,000 servers the config is about 37 million
/// instructions and the database's part about 28 million, and the machine has a second core
/// (docs/decisions.md, "The dashboard reads its state beside its config").
public final class StatePreload: Sendable {
    /// The database's path.
    public let path: String
    private let result = Mutex<(database: Result<StateDatabase, StateDatabaseError>, records: OverviewRecords?)?>(nil)
    private let running = DispatchGroup()

    /// Starts opening the database at `path` for `access` and reading the records of the 24
    /// hours before `now`.
    public init(path: String, access: StateDatabase.Access = .concurrent, now: Date = Date()) {
        self.path = path
        running.enter()
        Thread.detachNewThread { [self] in
            let database = Result { () throws(StateDatabaseError) in try StateDatabase(path: path, access: access) }
            let records = OverviewRecords.read(from: try? database.get(), now: now)
            result.withLock { $0 = (database, records) }
            running.leave()
        }
    }

    /// The database, or why it did not open; waits for the thread.
    public var database: Result<StateDatabase, StateDatabaseError> {
        running.wait()
        guard let database = result.withLock({ $0?.database }) else { preconditionFailure("the preload thread left without a result") }
        return database
    }

    /// The records read, handed over once (waits for the thread): the preload lives as long as
    /// the workspace, and 1,000 servers' sessions need not live twice. Later calls get none.
    public func takeRecords() -> OverviewRecords {
        running.wait()
        return result.withLock { result in
            defer { result?.records = nil }
            return result?.records ?? OverviewRecords()
        }
    }
}
