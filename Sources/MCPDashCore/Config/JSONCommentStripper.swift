/// Turns "JSON with comments and trailing commas" into strict JSON of the same byte length.
///
/// Comments and trailing commas are replaced by spaces (newlines inside block comments are
/// kept), so every byte offset a strict JSON parser reports still points at the same line and
/// column of the user's file.
public enum JSONCommentStripper {
    /// A problem the stripper finds itself: an unclosed comment or a misplaced comma.
    public struct Problem: Error, Equatable {
        /// The byte offset where it is.
        public let offset: Int
        /// What is wrong.
        public let message: String
    }

    /// Returns `bytes` with comments and trailing commas blanked out.
    public static func strip(_ bytes: [UInt8]) throws(Problem) -> [UInt8] {
        var out = bytes
        var index = 0
        var lastSignificantComma: Int? = nil
        var previousSignificant: UInt8? = nil
        let space = UInt8(ascii: " "), slash = UInt8(ascii: "/"), star = UInt8(ascii: "*")
        let newline = UInt8(ascii: "\n"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case quote:
                lastSignificantComma = nil
                previousSignificant = quote
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
                guard index < bytes.count else { throw Problem(offset: start, message: "a /* comment is never closed") }
                out[index] = space
                out[index + 1] = space
                index += 2
            case UInt8(ascii: ","):
                if let previous = previousSignificant, [UInt8(ascii: ","), UInt8(ascii: "{"), UInt8(ascii: "[")].contains(previous) {
                    throw Problem(offset: index, message: "unexpected ','")
                }
                lastSignificantComma = index
                previousSignificant = byte
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if let comma = lastSignificantComma { out[comma] = space }
                lastSignificantComma = nil
                previousSignificant = byte
                index += 1
            case space, newline, UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
            default:
                lastSignificantComma = nil
                previousSignificant = byte
                index += 1
            }
        }
        return out
    }
}
