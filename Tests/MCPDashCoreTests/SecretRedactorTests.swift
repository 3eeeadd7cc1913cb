import Foundation
import Logging
import Testing
@testable import MCPDashCore

@Suite("Redaction")
struct SecretRedactorTests {
    @Test("values handed out by a store are redacted, and so are JWTs and Authorization header credentials")
    func redacts() throws {
        let redactor = SecretRedactor()
        let store = RecordingSecretStore(InMemorySecretStore(), redactor: redactor)
        try store.set("canary-stored-5555", for: SecretAddress(server: "a", field: "token"))
        let text = redactor.redact("""
            value=canary-stored-5555 jwt=eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig_part-1 \
            header="Authorization: Bearer opaque-canary-token" authorization=Basic dXNlcjpwYXNzd29yZA==
            """)
        #expect(!text.contains("canary-stored-5555"))
        #expect(!text.contains("eyJhbGciOiJSUzI1NiJ9"))
        #expect(!text.contains("opaque-canary-token"))
        #expect(!text.contains("dXNlcjpwYXNzd29yZA=="))
        #expect(text.contains("Bearer [redacted]"))
        #expect(redactor.redact("a short word like key or Bearer") == "a short word like key or Bearer")
    }

    @Test("ordinary words are never redacted: only known values and structural credentials are")
    func ordinaryWords() {
        let redactor = SecretRedactor()
        for sentence in ["the token endpoint refused the request", "missing: the token endpoint",
                         "Bearer realm=\"example\", error=\"invalid_token\"", "Basic authentication with a client secret",
                         "token exchange failed; bearer tokens expire", "DPoP proofs are required"] {
            #expect(redactor.redact(sentence) == sentence)
        }
    }

    @Test("a remembered secret is masked raw and percent-encoded, as it travels in a URL query")
    func percentEncoded() {
        let redactor = SecretRedactor()
        redactor.remember("canary/q+v=1&x")
        let text = redactor.redact("GET https://r.example/mcp?key=canary%2Fq%2Bv%3D1%26x and canary/q+v=1&x")
        #expect(!text.contains("canary"))
    }

    @Test("challenges keep their parameters: only an Authorization header's credential is masked")
    func challengesSurvive() {
        let redactor = SecretRedactor()
        let challenge = #"Bearer resource_metadata="https://r.example/.well-known/oauth-protected-resource", scope="files:read""#
        #expect(redactor.redact(challenge) == challenge)
        #expect(redactor.redact(#"Bearer realm="example", error="invalid_token""#) == #"Bearer realm="example", error="invalid_token""#)
        #expect(redactor.redact("Authorization: Bearer abcdefgh12345678==") == "Authorization: Bearer [redacted]")
        #expect(redactor.redact("authorization: Basic dXNlcjpwYXNzd29yZA==, next") == "authorization: Basic [redacted], next")
    }

    @Test("the log handler redacts messages and metadata before they are written")
    func logHandler() throws {
        let redactor = SecretRedactor()
        redactor.remember("canary-log-secret-2468")
        redactor.remember("canary-metadata-token-99")
        let capture = CapturingLogHandler()
        var logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: capture, redactor: redactor) }
        logger.logLevel = .debug
        logger.info("got canary-log-secret-2468", metadata: ["header": "Bearer canary-metadata-token-99", "nested": ["x": "canary-log-secret-2468"]])
        let line = capture.lines.joined()
        #expect(!line.contains("canary-log-secret-2468"))
        #expect(!line.contains("canary-metadata-token-99"))
        #expect(line.contains(SecretRedactor.mask))
    }
}

/// A log handler that keeps what it is given, for assertions.
final class CapturingLogHandler: LogHandler, @unchecked Sendable {
    var lines: [String] = []
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        lines.append("\(event.message) \(event.metadata ?? [:])")
    }
}

/// The byte search the redactor runs on every line.
@Suite("UTF-8 search")
struct UTF8SearchTests {
    @Test("finds a needle anywhere, in exact or folded ASCII case, and nothing that is not there")
    func search() {
        #expect(UTF8Search.contains("abc", in: "xxabc"))
        #expect(UTF8Search.contains("abc", in: "abcxx"))
        #expect(UTF8Search.contains("é中", in: "ü é中 ü"))
        #expect(!UTF8Search.contains("abd", in: "abcabc"))
        #expect(!UTF8Search.contains("abcd", in: "abc"))
        #expect(UTF8Search.contains("", in: "abc"))
        #expect(!UTF8Search.contains("ABC", in: "xabcx"))
        #expect(UTF8Search.contains("authorization", in: "X-AuthoriZation: y", caseInsensitive: true))
        #expect(!UTF8Search.contains("authorization", in: "authorisation", caseInsensitive: true))
        #expect(UTF8Search.contains("aab", in: "aaab"))
    }

    @Test("the Authorization expression is skipped only on text it could not match, and percent-encoding is Foundation's")
    func cheapChecksAgree() {
        let pieces = ["authorization", "Authorization", "AUTHORIZATION", ":", "=", " ", "\t", "\n", "\"", "'", "Bearer ", "token ",
                      "abcd1234", "\u{2028}", "\u{00A0}", "é", "server", ",", "[redacted]", "x"]
        let redactor = SecretRedactor()
        var skipped = 0, checked = 0
        for index in 0..<4000 {
            // Every index spells its own sequence of pieces (a multiplicative hash, read in base pieces.count).
            var code = UInt64(index) &* 0x9E37_79B9_7F4A_7C15 >> 8
            var text = ""
            for _ in 0...(code % 8) {
                code /= 8
                text += pieces[Int(code % UInt64(pieces.count))]
                code = code / UInt64(pieces.count) &+ UInt64(index) &* 31
            }
            if !SecretRedactor.mayHoldAuthorizationCredential(text) {
                skipped += 1
                // With nothing known and no JWT, only the expression could change the text.
                let reference = text.replacing(#/((?i:authorization)["']?\s*[:=]\s*["']?(?i:bearer|basic|dpop|token)?\s*)(?!\[redacted\])[^\s"',]{4,}+/#) { _ in "changed" }
                #expect(reference == text, "the expression would have matched \(text.debugDescription)")
            } else {
                checked += 1
            }
            #expect(redactor.redact(text) == redactor.redact(text))
            #expect(SecretRedactor.percentEncoded(text) == text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")))
        }
        #expect(skipped > 500 && checked > 200, "both ways exercised: \(skipped) skipped, \(checked) checked")
        #expect(SecretRedactor.mayHoldAuthorizationCredential("Authorization: Bearer abcdef"))
        #expect(!SecretRedactor.mayHoldAuthorizationCredential("authorization server: https://as.example"))
        #expect(SecretRedactor.shared.redact("AUTHORIZATION = 'token s3cr3tvalue'").contains("s3cr3tvalue") == false)
    }
}
