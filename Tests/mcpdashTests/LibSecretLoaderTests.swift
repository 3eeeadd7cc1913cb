import Foundation
import Testing

/// The libsecret loader (Sources/CLibSecretLoader): its declarations agree with libsecret's and
/// GLib's own headers, libsecret is not linked into mcpdash, and it is loaded on first use.
@Suite("the libsecret loader")
struct LibSecretLoaderTests {
    /// Prints every constant, size and field offset mcpdash relies on, under either header.
    static func printer(including header: String) -> String {
        """
        #include \(header)
        #include <stddef.h>
        #include <stdio.h>
        int main(void) {
            printf("SECRET_SCHEMA_NONE %d\\n", (int)SECRET_SCHEMA_NONE);
            printf("SECRET_SCHEMA_ATTRIBUTE_STRING %d\\n", (int)SECRET_SCHEMA_ATTRIBUTE_STRING);
            printf("SECRET_SERVICE_OPEN_SESSION %d\\n", (int)SECRET_SERVICE_OPEN_SESSION);
            printf("SECRET_COLLECTION_NONE %d\\n", (int)SECRET_COLLECTION_NONE);
            printf("SECRET_SEARCH_ALL %d\\n", (int)SECRET_SEARCH_ALL);
            printf("GError %zu domain %zu code %zu message %zu\\n", sizeof(GError), offsetof(GError, domain),
                   offsetof(GError, code), offsetof(GError, message));
            printf("GList %zu data %zu next %zu prev %zu\\n", sizeof(GList), offsetof(GList, data), offsetof(GList, next),
                   offsetof(GList, prev));
            printf("gboolean %zu guint %zu GQuark %zu gssize %zu\\n", sizeof(gboolean), sizeof(guint), sizeof(GQuark), sizeof(gssize));
            printf("gssize signed %d\\n", (gssize)-1 < 0);
            printf("gsize %zu gint %zu unsigned %d\\n", sizeof(gsize), sizeof(gint), (gsize)-1 > 0);
            printf("G_DBUS_CALL_FLAGS_NO_AUTO_START %d\\n", (int)G_DBUS_CALL_FLAGS_NO_AUTO_START);
            printf("G_BUS_TYPE_SESSION %d\\n", (int)G_BUS_TYPE_SESSION);
            return 0;
        }
        """
    }

    @Test("the loader's declarations have libsecret's and GLib's constants, sizes and layouts")
    func declarationsAgree() throws {
        let flags = try CProgram.run("/usr/bin/pkg-config", ["--cflags", "libsecret-1"])
        try #require(flags.status == 0, "pkg-config must find libsecret-1's headers (the libsecret-1-dev package): \(flags.output)")
        let real = try CProgram(Self.printer(including: "<libsecret/secret.h>"),
                                flags: flags.output.split(whereSeparator: \.isWhitespace).map(String.init))
        defer { real.remove() }
        let include = CLIRunner.repositoryRoot + "/Sources/CLibSecretLoader/include"
        let ours = try CProgram(Self.printer(including: "\"CLibSecretLoader.h\""), flags: ["-I", include])
        defer { ours.remove() }
        let expected = try real.run(), declared = try ours.run()
        #expect(expected.status == 0 && declared.status == 0)
        #expect(declared.output == expected.output)
        #expect(expected.output.contains("SECRET_SERVICE_OPEN_SESSION 2"), "the printer printed: \(expected.output)")
    }

    @Test("mcpdash is not linked with libsecret or GLib; --version never loads them, and a keyring read does")
    func loadedOnFirstUse() throws {
        let binary = CLIRunner.repositoryRoot + "/.build/debug/mcpdash"
        let linked = try CProgram.run("/usr/bin/readelf", ["-d", binary])
        #expect(linked.status == 0)
        for library in ["libsecret", "libglib", "libgio", "libgobject"] {
            #expect(!linked.output.contains(library), "\(library) is needed at start-up: \(linked.output)")
        }
        // LD_DEBUG=files names every library the dynamic loader opens, dlopen included.
        let version = try CProgram.run("/usr/bin/env", ["LD_DEBUG=files", binary, "--version"])
        #expect(version.output.contains("mcpdash "), "\(version.output)")
        #expect(!version.output.contains("libsecret-1.so.0"), "--version loaded libsecret")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("libsecret-lazy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let config = scratch + "/servers.json"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        try #"{"mcpServers": {"lazy": {"url": "http://127.0.0.1:9/mcp", "auth": {"method": "bearer", "token": "keyring:"}}}}"#
            .write(toFile: config, atomically: true, encoding: .utf8)
        let read = try CProgram.run("/usr/bin/env", ["LD_DEBUG=files", "XDG_STATE_HOME=" + scratch, binary, "token", "lazy-\(UUID().uuidString)",
                                                     "--config", config])
        let token = try CProgram.run("/usr/bin/env", ["LD_DEBUG=files", "XDG_STATE_HOME=" + scratch, binary, "token", "lazy", "--config", config])
        #expect(!read.output.contains("libsecret-1.so.0"), "an unknown server needs no keyring")
        #expect(token.output.contains("libsecret-1.so.0"), "reading the token opened libsecret: \(token.output.suffix(400))")
        // Without any way to a session bus, the keyring is reported unreachable without loading libsecret.
        let runtime = scratch + "/runtime"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        let headless = try CProgram.run("/usr/bin/env", ["-u", "DBUS_SESSION_BUS_ADDRESS", "-u", "DISPLAY", "XDG_RUNTIME_DIR=" + runtime, "LD_DEBUG=files",
                                                         "XDG_STATE_HOME=" + scratch, binary, "token", "lazy", "--config", config])
        #expect(headless.status != 0 && headless.output.contains("no session bus"), "\(headless.output.suffix(400))")
        #expect(!headless.output.contains("libsecret-1.so.0"), "libsecret was loaded with no session bus to reach")
    }
}
