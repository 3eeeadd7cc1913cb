/// One line of `mcpdash doctor`: a named check, its status, and what to do when it is not ok.
public struct DoctorCheck: Codable, Equatable, Sendable {
    /// How a check came out (the same three words as `diagnose`'s checks).
    public typealias Status = CheckStatus

    /// The check's name: `config`, `keyring`, `browser`, `terminal`…
    public let name: String
    /// Its outcome.
    public let status: Status
    /// What was found.
    public let detail: String
    /// What to do, when not ok.
    public let hint: String?
    /// Further lines (config warnings, for instance).
    public let notes: [String]

    /// Creates a check result.
    public init(name: String, status: Status, detail: String, hint: String? = nil, notes: [String] = []) {
        self.name = name
        self.status = status
        self.detail = detail
        self.hint = hint
        self.notes = notes
    }
}
