import Crypto
import Foundation

/// The name of a cached answer in a `TokenCache`: a digest of everything the answer depends on
/// (built by the workspace, `TokenCacheKey+Entry.swift`). It names nothing: it is a SHA-256 digest.
public struct TokenCacheKey: Hashable, Sendable {
    /// The two cached operations.
    public enum Kind: String, Sendable {
        /// `token`.
        case token
        /// `headers`.
        case headers
    }

    /// `mcpdash:` and the hex digest of the parts.
    public let description: String

    /// A key with this description.
    public init(description: String) {
        self.description = description
    }

    /// The SHA-256 digest of `text`, in hex.
    public static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
