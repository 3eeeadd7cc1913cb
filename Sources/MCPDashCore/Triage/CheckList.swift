/// The checks of one diagnosis, in the order they were made.
struct CheckList {
    private(set) var items: [TriageReport.Check] = []

    mutating func pass(_ id: CheckID, _ detail: String) { items.append(.init(status: .ok, id: id, detail: detail)) }
    mutating func warn(_ id: CheckID, _ detail: String) { items.append(.init(status: .warning, id: id, detail: detail)) }
    mutating func fail(_ id: CheckID, _ detail: String) { items.append(.init(status: .failure, id: id, detail: detail)) }

    var hasFailure: Bool { items.contains { $0.status == .failure } }
    var hasWarning: Bool { items.contains { $0.status == .warning } }
    func failure(_ id: CheckID) -> TriageReport.Check? { items.first { $0.id == id && $0.status == .failure } }
}
