import MCPDashCore
import Metrics
import Prometheus

/// The agent's metrics in the Prometheus text format: a registry, and the swift-metrics factory that fills it.
public struct MetricsExporter: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    /// The factory `AgentMetrics` records through.
    public let factory: PrometheusMetricsFactory

    /// The histogram buckets of `mcpdash_request_duration_seconds`: 5 ms to 30 s.
    public static let durationBuckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                                     .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                     .milliseconds(2500), .seconds(5), .seconds(10), .seconds(30)]

    /// A fresh registry (not the process-wide default) and its factory.
    public init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.durationBuckets
        self.factory = factory
    }

    /// The agent's metrics, recorded into this registry.
    public func agentMetrics() -> AgentMetrics {
        AgentMetrics(factory: factory)
    }

    /// The exposition, as a scrape receives it.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
