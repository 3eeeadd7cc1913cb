import GRDB

/// A record of the state database that names its columns and gives its values in their
/// order, both by hand.
///
/// `StateDatabase` writes such a record in one plain statement, without the look at the
/// table's schema that GRDB's `save` and `insert` make once per connection (about 8 million
/// instructions, a tenth of a `whoami`), and GRDB's own writes of it skip the `Encodable`
/// path's per-field dynamic casts (docs/decisions.md).
protocol StoredRow: TableRecord {
    /// The columns, in the order of `rowValues` and of the record's `init(row:)`.
    static var columnNames: [String] { get }
    /// The values, in `columnNames` order; dates as `StoredDate.text` writes them.
    var rowValues: [DatabaseValue] { get }
}

extension StoredRow {
    /// The columns as a `SELECT` lists them, in `init(row:)`'s order.
    static var selection: String { columnNames.joined(separator: ", ") }

    /// The statement that writes one row, `INSERT` or `INSERT OR REPLACE` (`replacing`), its
    /// values left as parameters.
    static func insertSQL(replacing: Bool) -> String {
        let placeholders = Array(repeating: "?", count: columnNames.count).joined(separator: ", ")
        return "INSERT\(replacing ? " OR REPLACE" : "") INTO \(databaseTableName) (\(selection)) VALUES (\(placeholders))"
    }
}

extension PersistenceContainer {
    /// Puts `values` under `columns`, pair by pair.
    mutating func set(_ columns: [String], to values: [DatabaseValue]) {
        for (column, value) in zip(columns, values) { self[column] = value }
    }
}
