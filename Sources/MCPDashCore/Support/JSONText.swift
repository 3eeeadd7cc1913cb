/// JSON text made safe for a terminal without changing what it decodes to.
public enum JSONText {
    /// `json` with DEL, C1 controls and bidirectional overrides written as `\uXXXX` escapes.
    ///
    /// JSON encoders escape C0 controls already; these others are legal raw in a JSON string
    /// but a terminal may act on them. They can only occur inside strings, where the escape
    /// decodes to the same character, so the document stays equal (RFC 8259 §7).
    public static func escapingControls(_ json: String) -> String {
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var output = ""
        output.reserveCapacity(json.utf8.count + 16)
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                let hex = String(scalar.value, radix: 16, uppercase: false)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }
}
