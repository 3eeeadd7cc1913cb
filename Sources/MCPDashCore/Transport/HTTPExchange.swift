/// What one HTTP exchange looked like: status, latency and the server's clock.
public struct HTTPExchange: Equatable, Sendable {
    /// The response status.
    public let status: Int
    /// Time from sending to the response head.
    public let latency: Duration
    /// The response's `Date` header.
    public let serverDate: String?
}
