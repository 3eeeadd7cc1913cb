/// Turns "JSON with comments and trailing commas" into strict JSON of the same byte length.
///
/// Comments and trailing commas are replaced by spaces (newlines inside block comments are
/// kept), so every byte offset a strict JSON parser reports still points at the same line and
/// column of the user's file.
public enum JSONCommentStripper {
    /// Where a comment was opened but never closed.
    public struct UnterminatedComment: Error, Equatable {
        /// The byte offset of the `/*` that was never closed.
        public let offset: Int
    }

    /// Returns `bytes` with comments and trailing commas blanked out.
    public static func strip(_ bytes: [UInt8]) throws(UnterminatedComment) -> [UInt8] {
        var out = bytes
        var index = 0
        var lastSignificantComma: Int? = nil
        let space = UInt8(ascii: " "), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        let newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case quote:
                lastSignificantComma = nil
                index += 1
                while index < bytes.count, bytes[index] != quote {
                    index += bytes[index] == backslash ? 2 : 1
                }
                index += 1
            case slash where index + 1 < bytes.count && bytes[index + 1] == slash:
                while index < bytes.count, bytes[index] != newline {
                    out[index] = space
                    index += 1
                }
            case slash where index + 1 < bytes.count && bytes[index + 1] == star:
                let start = index
                out[index] = space
                out[index + 1] = space
                index += 2
                while index < bytes.count, !(bytes[index] == star && index + 1 < bytes.count && bytes[index + 1] == slash) {
                    if bytes[index] != newline { out[index] = space }
                    index += 1
                }
                guard index < bytes.count else { throw UnterminatedComment(offset: start) }
                out[index] = space
                out[index + 1] = space
                index += 2
            case UInt8(ascii: ","):
                lastSignificantComma = index
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let comma = lastSignificantComma { out[comma] = space }
                lastSignificantComma = nil
                index += 1
            case space, newline, UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            default:
                lastSignificantComma = nil
                index += 1
            }
        }
        return out
    }
}
