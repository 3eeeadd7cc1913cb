/// What the dashboard measures about itself for `scripts/bench` (written when `MCPDASH_STATS_FILE` is set).
public struct DashboardStats: Codable, Sendable {
    /// Nothing measured yet.
    public init() {}

    /// From the command starting to the config being loaded.
    public var configLoadedMilliseconds: Double?
    /// From the command starting to the terminal being ready.
    public var terminalReadyMilliseconds: Double?
    /// From the command starting to the state database's records being read (`StatePreload`).
    public var stateReadMilliseconds: Double?
    /// From the command starting to every server's overview being built.
    public var overviewsBuiltMilliseconds: Double?
    /// From the command starting to the first frame that shows the servers.
    public var firstFullFrameMilliseconds: Double?
    /// Frames drawn.
    public var frames = 0
    /// Ticks after the first full frame.
    public var ticks = 0
    /// Bytes of cell text written to the terminal after the first full frame.
    public var bytesWritten = 0
}
