import Foundation
import MCPDashCore

/// Asks the operator a question on the terminal, answered visibly (secrets go through `MaskedInput`).
enum TerminalPrompt {
    /// Writes `prompt` to stderr (filtered like every line mcpdash prints) and reads one answer, trimmed.
    static func ask(_ prompt: String) -> String? {
        FileHandle.standardError.write(Data(TerminalText.sanitize(prompt, keepNewlines: false).utf8))
        return readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces)
    }
}
