import Foundation

/// What a login tells its watcher as it goes, so the CLI and the dashboard can show progress.
public enum LoginEvent: Sendable, Equatable {
    /// The authorization server was found.
    case discovered(issuer: String)
    /// The user must open `url`; the callback listener waits on `redirectURI` until `deadline`.
    case authorize(url: String, redirectURI: String, deadline: Date)
    /// A browser was started with the URL (`program`), or none was available (nil).
    case browser(program: String?)
    /// The device grant: the user enters `userCode` at `verificationURI` before `expiresAt`.
    case deviceCode(userCode: String, verificationURI: String, verificationURIComplete: String?, expiresAt: Date)
    /// The code or grant is being exchanged for tokens.
    case exchanging
}

/// A watcher of login progress.
public typealias LoginProgress = @Sendable (LoginEvent) -> Void
