/// One generation of a server's entries in a `TokenCache`: those stored between two clears.
public struct TokenCacheGeneration: Equatable, Sendable {
    /// The implementation's identifier of the generation.
    public let id: Int64

    /// A generation with this identifier.
    public init(id: Int64) {
        self.id = id
    }
}
