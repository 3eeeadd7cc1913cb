import Foundation
import Testing

/// The libcurl loader of the static release build (Sources/CCurlLoader), compiled with the C
/// compiler into a program that is not linked with libcurl and calls it the way
/// FoundationNetworking does: libcurl must load on the first call and each kind of argument
/// (long, pointer, 64-bit, the getinfo pointer) must reach the real function intact.
@Suite("the libcurl loader")
struct CurlLoaderTests {
    static let driver = #"""
        #include <stdio.h>
        #include <string.h>
        #include "CCurlLoader.h"
        void *curl_easy_init(void);
        void curl_easy_cleanup(void *);
        int curl_easy_setopt(void *, int, ...);
        int curl_easy_getinfo(void *, int, ...);
        const char *curl_easy_strerror(int);
        char *curl_version(void);
        void *curl_slist_append(void *, const char *);
        void curl_slist_free_all(void *);
        int main(int argc, char **argv) {
            printf("loaded before: %d\n", mcpdash_curl_loaded());
            printf("version: %s\n", curl_version());
            printf("loaded after: %d\n", mcpdash_curl_loaded());
            void *easy = curl_easy_init();
            int url = curl_easy_setopt(easy, 10002 /* CURLOPT_URL */, argv[1]);
            int timeout = curl_easy_setopt(easy, 13 /* CURLOPT_TIMEOUT, a long */, 7L);
            int size = curl_easy_setopt(easy, 30115 /* CURLOPT_INFILESIZE_LARGE, 64 bits */, (long long)1 << 40);
            int bad = curl_easy_setopt(easy, 9999 /* no such long option */, 1L);
            char *effective = NULL;
            int info = curl_easy_getinfo(easy, 0x100001 /* CURLINFO_EFFECTIVE_URL */, &effective);
            printf("setopt: %d %d %d; unknown option: %s\n", url, timeout, size, bad ? "refused" : "accepted");
            printf("getinfo: %d %s\n", info, effective ? effective : "(null)");
            printf("strerror: %s\n", curl_easy_strerror(0));
            void *list = curl_slist_append(NULL, "Accept: text/plain");
            curl_slist_free_all(list);
            curl_easy_cleanup(easy);
            return 0;
        }
        """#

    @Test("a program using the loader and not libcurl loads libcurl on the first call and forwards every argument kind")
    func forwards() throws {
        let loader = CLIRunner.repositoryRoot + "/Sources/CCurlLoader"
        let program = try CProgram(Self.driver, flags: ["-I", loader + "/include", loader + "/CurlLoader.c", "-ldl", "-lpthread"])
        defer { program.remove() }
        let linked = try CProgram.run("/usr/bin/readelf", ["-d", program.executable])
        #expect(!linked.output.contains("libcurl"), "the program is not linked with libcurl: \(linked.output)")

        let url = "http://127.0.0.1:9/mcp?probe=1"
        let result = try program.run([url])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("loaded before: 0\n"), "\(result.output)")
        #expect(result.output.contains("version: libcurl/"), "\(result.output)")
        #expect(result.output.contains("loaded after: 1\n"), "\(result.output)")
        #expect(result.output.contains("setopt: 0 0 0; unknown option: refused\n"), "\(result.output)")
        #expect(result.output.contains("getinfo: 0 \(url)\n"), "the URL set through the loader reads back through it: \(result.output)")
        #expect(result.output.contains("strerror: No error\n"), "\(result.output)")
    }
}
