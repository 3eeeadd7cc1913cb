/// What the dashboard measures about itself for `scripts/bench` (written when `MCPDASH_STATS_FILE` is set).
struct DashboardStats: Codable {
    /// From the command starting to the config being loaded.
    var configLoadedMilliseconds: Double?
    /// From the command starting to the terminal being ready.
    var terminalReadyMilliseconds: Double?
    /// From the command starting to the first frame that shows the servers.
    var firstFullFrameMilliseconds: Double?
    /// Frames drawn.
    var frames = 0
    /// Ticks after the first full frame.
    var ticks = 0
    /// Bytes of cell text written to the terminal after the first full frame.
    var bytesWritten = 0
}
