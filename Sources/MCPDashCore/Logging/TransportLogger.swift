import Logging

extension Logger {
    /// A transport's logger: the SDK reports every failure it sees through it, after mcpdash
    /// has already reported the same failure once, so it speaks only with `--verbose`.
    public static func transport(_ label: String) -> Logger {
        var logger = Logger(label: label)
        if logger.logLevel > .debug { logger.logLevel = .critical }
        return logger
    }
}
