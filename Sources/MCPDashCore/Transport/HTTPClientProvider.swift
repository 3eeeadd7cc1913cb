import AsyncHTTPClient

/// The process's HTTP client: redirects are not followed automatically, so each hop can be
/// checked against the origin policy before a credential goes with it.
public enum HTTPClientProvider {
    /// The shared client; it lives as long as the process.
    public static let shared: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()
}
