/// An incremental parser for `text/event-stream` (the HTML Living Standard's server-sent events).
///
/// Feed it bytes as they arrive; it returns the events completed so far. Handles `\n`, `\r\n`
/// and `\r` line ends, multi-line `data`, comments, `id`, `event` and `retry`, and a BOM.
/// Bounded: a line over `maximumLineBytes` or an event over `maximumEventBytes` is cut and
/// sets `overflowed`, which the transports turn into a protocol error.
public struct SSEEventParser: Sendable {
    /// The longest line kept, in bytes.
    public static let maximumLineBytes = 4 << 20
    /// The most data one event may carry, in bytes.
    public static let maximumEventBytes = 16 << 20

    /// Whether the stream broke a bound; the events it completed stay valid.
    public private(set) var overflowed = false
    private var eventBytes = 0

    /// One dispatched event.
    public struct Event: Equatable, Sendable {
        /// The `event` field; `message` when absent.
        public var type: String
        /// The `data` lines joined with `\n`.
        public var data: String
        /// The last event id seen on the stream.
        public var id: String?
        /// A reconnection delay the server asked for, in milliseconds.
        public var retry: Int?
    }

    private var buffer: [UInt8] = []
    private var dataLines: [String] = []
    private var eventType: String?
    private var lastEventID: String?
    private var retry: Int?
    private var sawFirstLine = false
    private var pendingCarriageReturn = false

    /// Creates a parser at the start of a stream.
    public init() {}

    /// The last event id seen, for `Last-Event-ID` on reconnection.
    public var lastID: String? { lastEventID }

    /// Consumes `bytes` and returns every event they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        var events: [Event] = []
        for byte in bytes {
            if pendingCarriageReturn {
                pendingCarriageReturn = false
                if byte == 0x0A { continue }
            }
            if byte == 0x0A || byte == 0x0D {
                pendingCarriageReturn = byte == 0x0D
                if let event = processLine() { events.append(event) }
                buffer.removeAll(keepingCapacity: true)
            } else if buffer.count < Self.maximumLineBytes {
                buffer.append(byte)
            } else {
                overflowed = true
            }
        }
        return events
    }

    /// Dispatches a final event that was not followed by a blank line (end of stream).
    public mutating func finish() -> Event? {
        if !buffer.isEmpty { _ = processLine(); buffer.removeAll() }
        return dispatch()
    }

    private mutating func processLine() -> Event? {
        var line = String(decoding: buffer, as: UTF8.self)
        if !sawFirstLine {
            sawFirstLine = true
            if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        }
        if line.isEmpty { return dispatch() }
        if line.hasPrefix(":") { return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.hasPrefix(" ") { value = value.dropFirst() }
        } else {
            field = line[...]
            value = ""
        }
        switch field {
        case "data":
            eventBytes += value.utf8.count + 1
            guard eventBytes <= Self.maximumEventBytes else { overflowed = true; return nil }
            dataLines.append(String(value))
        case "event": eventType = String(value)
        case "id" where !value.contains("\0"): lastEventID = String(value)
        case "retry":
            if value.count <= 9, value.allSatisfy({ $0.isASCII && $0.isNumber }), let milliseconds = Int(value) { retry = milliseconds }
        default: break
        }
        return nil
    }

    private mutating func dispatch() -> Event? {
        defer {
            eventBytes = 0
            dataLines.removeAll()
            eventType = nil
            retry = nil
        }
        guard !dataLines.isEmpty else { return nil }
        return Event(type: eventType.flatMap { $0.isEmpty ? nil : $0 } ?? "message", data: dataLines.joined(separator: "\n"),
                     id: lastEventID, retry: retry)
    }
}
