import Testing
@testable import MCPDashCore

@Suite(".env files and ${VAR} expansion")
struct DotEnvAndEnvironmentTests {
    @Test("the .env syntax of the seeds: comments, export, quotes, inline comments")
    func parsesDotEnv() throws {
        let values = try DotEnvFile.parse("""
            # API Configuration
            EKA_API_BASE_URL=https://api.eka.care

            export EKA_CLIENT_ID="your_client_id_here"
            EKA_LOG_LEVEL=INFO # trailing comment
            QUOTED='a # not a comment'
            EMPTY=
            """, file: ".env")
        #expect(values == ["EKA_API_BASE_URL": "https://api.eka.care", "EKA_CLIENT_ID": "your_client_id_here",
                           "EKA_LOG_LEVEL": "INFO", "QUOTED": "a # not a comment", "EMPTY": ""])
    }

    @Test("Windows line ends: every line is its own variable, and line numbers count them")
    func windowsLineEnds() throws {
        let values = try DotEnvFile.parse("A=1\r\nexport B=\"two\"\r\n# c\r\nC=3\r\n", file: ".env")
        #expect(values == ["A": "1", "B": "two", "C": "3"])
        #expect(throws: ConfigError.envFile(file: ".env", line: 2, message: "expected NAME=value")) {
            try DotEnvFile.parse("A=1\r\nnot a pair\r\n", file: ".env")
        }
    }

    @Test("a bad .env line is reported with its number")
    func badLine() {
        #expect(throws: ConfigError.envFile(file: ".env", line: 2, message: "expected NAME=value")) {
            try DotEnvFile.parse("A=1\nthis is not an assignment\n", file: ".env")
        }
        #expect(throws: ConfigError.envFile(file: ".env", line: 1, message: "\"1A\" is not a valid variable name")) {
            try DotEnvFile.parse("1A=x", file: ".env")
        }
    }

    @Test("expansion: embedded, default, env: prefix, missing, process over .env")
    func expansion() {
        let resolver = EnvironmentResolver(process: ["TOKEN": "t-process"], dotEnv: ["TOKEN": "t-dotenv", "HOST": "h"])
        #expect(resolver.expand("Bearer ${TOKEN}") == .init(value: "Bearer t-process", missing: []))
        #expect(resolver.expand("https://${HOST}/${env:TOKEN}") == .init(value: "https://h/t-process", missing: []))
        #expect(resolver.expand("${NOPE:-fallback}") == .init(value: "fallback", missing: []))
        #expect(resolver.expand("a${NOPE}b") == .init(value: "ab", missing: ["NOPE"]))
        #expect(resolver.expand("unclosed ${X") == .init(value: "unclosed ${X", missing: []))
        #expect(EnvironmentResolver.referencedNames(in: "${A}-${env:B}-${C:-d}") == ["A", "B", "C"])
    }
}
