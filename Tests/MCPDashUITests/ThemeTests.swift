import Foundation
import Testing
@testable import MCPDashUI

/// Theme files: every shipped one loads, the compiled-in one is dark.json, errors name file and key.
@Suite("themes")
struct ThemeTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("themes").path

    @Test("every shipped theme loads, and the four promised ones are there")
    func shipped() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(".json") }.sorted()
        #expect(files == ["dark.json", "high-contrast.json", "light.json", "monochrome.json"])
        for file in files {
            let theme = try Theme.load(path: Self.directory + "/" + file)
            #expect(theme.name + ".json" == file)
        }
    }

    @Test("the compiled-in theme is themes/dark.json, and the NO_COLOR theme is themes/monochrome.json")
    func builtIn() throws {
        #expect(Theme.builtIn == (try Theme.load(path: Self.directory + "/dark.json")))
        #expect(Theme.monochrome == (try Theme.load(path: Self.directory + "/monochrome.json")))
        #expect(Theme.builtIn.style(.selected).background.color256 == 24)
        #expect(Theme.builtIn.style(.selected).background.color16 == 4)
    }

    @Test("errors name the file and the key", arguments: [
        (#"{"name": "x", "roles": {"body": {"fg": "chartreuse"}}}"#, "roles.body.fg", "neither a colour nor a palette entry"),
        (#"{"name": "x", "roles": {"sparkle": {}}}"#, "roles.sparkle", "unknown role"),
        (#"{"name": "x", "roles": {"body": {"blink": true}}}"#, "roles.body.blink", "unknown field"),
        (#"{"name": "x", "roles": {"body": {"fg": 300}}}"#, "roles.body.fg", "not a colour 0–255"),
        (#"{"name": "x", "palette": {"a": 1, "a16": "mauve"}, "roles": {"body": {"fg": "a"}}}"#, "palette.a16", "16 basic colours"),
        (#"{"roles": {}}"#, "name", "missing"),
        (#"{"name": "x", "roles": {}, "colours": {}}"#, "colours", "unknown key"),
        ("not json", "", "not a JSON object"),
    ])
    func errors(text: String, key: String, problem: String) {
        #expect(throws: ThemeError.self) { try Theme.parse(Data(text.utf8), file: "themes/broken.json") }
        do {
            _ = try Theme.parse(Data(text.utf8), file: "themes/broken.json")
        } catch {
            #expect(error.file == "themes/broken.json")
            #expect(error.key == key)
            #expect(error.problem.contains(problem), "\(error)")
            #expect(error.description.hasPrefix("themes/broken.json: \(key)"))
        }
    }

    @Test("16-colour terminals get the palette's fallbacks; 8-colour ones the basic eight")
    func fallbacks() {
        let color = ThemeColor(color256: 214, color16: 11)
        #expect(color.index(forTerminalColors: 256) == 214)
        #expect(color.index(forTerminalColors: 16) == 11)
        #expect(color.index(forTerminalColors: 8) == 3)
    }
}
