/// What a journal event (or a busy row of the dashboard) is about: one spelling per operation,
/// shared by the journal, the dashboard's busy state and the SQL that reads them back.
///
/// A struct over its text rather than an enum, so a journal written by a newer mcpdash with an
/// operation this one does not know still reads.
public struct OperationKind: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
    /// The text stored and shown.
    public let rawValue: String

    /// The operation spelled `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The text stored and shown.
    public var description: String { rawValue }

    public static let login = OperationKind(rawValue: "login")
    public static let refresh = OperationKind(rawValue: "refresh")
    public static let logout = OperationKind(rawValue: "logout")
    public static let rotate = OperationKind(rawValue: "rotate")
    public static let whoami = OperationKind(rawValue: "whoami")
    public static let diagnose = OperationKind(rawValue: "diagnose")
    public static let status = OperationKind(rawValue: "status")
    public static let account = OperationKind(rawValue: "account")
    public static let importing = OperationKind(rawValue: "import")
    public static let add = OperationKind(rawValue: "add")
    public static let remove = OperationKind(rawValue: "remove")
    public static let secret = OperationKind(rawValue: "secret")
    public static let edit = OperationKind(rawValue: "edit")
    public static let reveal = OperationKind(rawValue: "reveal")
    public static let discovery = OperationKind(rawValue: "discovery")
    public static let register = OperationKind(rawValue: "register")
    public static let store = OperationKind(rawValue: "store")
    public static let initialize = OperationKind(rawValue: "initialize")
    public static let stepUp = OperationKind(rawValue: "step-up")
    /// A health check started by the dashboard (busy state only).
    public static let check = OperationKind(rawValue: "check")
    /// Nothing worth recording (an effect with no outcome of its own).
    public static let none = OperationKind(rawValue: "none")

    /// The operations whose success changes a credential: a health check made before is stale.
    public static let changingCredentials: Set<OperationKind> = [.login, .refresh, .logout, .rotate, .account]
}
