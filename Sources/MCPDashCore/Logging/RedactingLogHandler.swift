import Logging

/// A log handler that passes every message and metadata value through a `SecretRedactor`
/// before handing it to the wrapped handler.
public struct RedactingLogHandler: LogHandler {
    private var wrapped: any LogHandler
    private let redactor: SecretRedactor

    /// Wraps `wrapped`, redacting with `redactor`.
    public init(wrapping wrapped: any LogHandler, redactor: SecretRedactor = .shared) {
        self.wrapped = wrapped
        self.redactor = redactor
    }

    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    public func log(event: LogEvent) {
        var redacted = event
        redacted.message = "\(redactor.redact(event.message.description))"
        redacted.metadata = event.metadata.map { $0.mapValues(redact) }
        wrapped.log(event: redacted)
    }

    private func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let string): .string(redactor.redact(string))
        case .stringConvertible(let convertible): .string(redactor.redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let dictionary): .dictionary(dictionary.mapValues(redact))
        }
    }

    /// Bootstraps swift-log so that every logger writes redacted lines to stderr.
    public static func bootstrap(level: Logger.Level, redactor: SecretRedactor = .shared) {
        LoggingSystem.bootstrap { label in
            var handler = RedactingLogHandler(wrapping: StreamLogHandler.standardError(label: label), redactor: redactor)
            handler.logLevel = level
            return handler
        }
    }
}
