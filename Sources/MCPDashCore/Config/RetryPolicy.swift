import Foundation

/// How requests to a server are retried: only on the statuses listed (429 and 5xx by default),
/// with bounded exponential backoff and jitter, and never on 401 or 403.
public struct RetryPolicy: Equatable, Sendable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// The first delay in seconds; each retry doubles it (Kailash's `backoff_factor`).
    public var backoffFactor: Double
    /// The statuses that are retried.
    public var retryOn: Set<Int>
    /// The longest single delay, in seconds (also caps `Retry-After`).
    public static let maximumDelay: Double = 30

    /// The defaults: two retries, 0.5 s then 1 s, on 429, 500, 502, 503 and 504.
    public static let standard = RetryPolicy(maxRetries: 2, backoffFactor: 0.5, retryOn: [429, 500, 502, 503, 504])

    /// Creates a policy; 401 and 403 are removed from `retryOn`, since a refused credential is never retried in a loop.
    public init(maxRetries: Int, backoffFactor: Double, retryOn: Set<Int>) {
        self.maxRetries = maxRetries
        self.backoffFactor = backoffFactor
        self.retryOn = retryOn.subtracting([401, 403])
    }

    /// The delay before retry number `attempt` (0-based): `backoffFactor × 2^attempt`, capped,
    /// with full jitter in its upper half; a server's `Retry-After` seconds win when given.
    public func delay(attempt: Int, retryAfter: String? = nil, jitter: Double = Double.random(in: 0.5...1.0)) -> Double {
        if let retryAfter, let seconds = Double(retryAfter.trimmingCharacters(in: .whitespaces)), seconds.isFinite, seconds >= 0 {
            return min(seconds, Self.maximumDelay)
        }
        return min(backoffFactor * pow(2, Double(attempt)), Self.maximumDelay) * jitter
    }
}
