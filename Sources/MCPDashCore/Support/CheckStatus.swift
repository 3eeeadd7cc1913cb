/// How one check of `doctor` or `diagnose` came out; its raw value is what `--json` reports.
public enum CheckStatus: String, Codable, Sendable, CaseIterable {
    /// Nothing to do.
    case ok
    /// Works, but deserves attention.
    case warning
    /// Something is wrong.
    case failure

    /// The four-character mark both commands print before a check: `ok  `, `warn`, `FAIL`.
    public var mark: String {
        switch self {
        case .ok: "ok  "
        case .warning: "warn"
        case .failure: "FAIL"
        }
    }
}
