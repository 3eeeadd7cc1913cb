// swift-tools-version: 6.1
import PackageDescription

/// Where the linker finds the stand-in for libcurl (see Sources/CCurlLoader), the executable's
/// export list, and the layout of its hot code (hot.order and hot-unnamed.ld, written by
/// scripts/hot-order; lld applies them to the release build's function sections, see
/// docs/decisions.md, "Hot code together").
let linkStandIns = Context.packageDirectory + "/link"

let package = Package(
    name: "mcpdash",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mcpdash", targets: ["mcpdash"]),
        .library(name: "MCPDashCore", targets: ["MCPDashCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // C shims: nothing but a modulemap and a header each.
        .systemLibrary(
            name: "CNCurses",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncurses-dev"])]
        ),
        // libcurl's functions for FoundationNetworking, loaded only if URLSession is ever used.
        .target(name: "CCurlLoader"),
        // The pure core: configuration, secrets protocol, state, operations. No screen, no C.
        .target(
            name: "MCPDashCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Metrics", package: "swift-metrics"),
            ]
        ),
        // The Prometheus exposition of the agent's metrics: a registry and its /metrics listener.
        .target(
            name: "MCPDashMetrics",
            dependencies: [
                "MCPDashCore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // libsecret's functions, loaded with dlopen when the keyring is first used.
        .target(name: "CLibSecretLoader"),
        // add_key(2) and keyctl(2), which glibc does not wrap, for the token cache.
        .target(name: "CKeyctl"),
        // mallopt(M_ARENA_MAX), for the dashboard's memory; imported by DashboardRequest alone.
        .target(name: "CMallocArenas"),
        // The secret store on libsecret and the token cache in the kernel keyring; the only
        // importer of CLibSecretLoader and of CKeyctl.
        .target(name: "MCPDashKeyring", dependencies: ["MCPDashCore", "CLibSecretLoader", "CKeyctl"]),
        // The pure TUI: state, reduce, render into a cell buffer. No terminal, no C.
        .target(name: "MCPDashUI", dependencies: ["MCPDashCore", .product(name: "MCP", package: "swift-sdk")]),
        // The ncurses backend; the only importer of CNCurses.
        .target(name: "MCPDashTerminal", dependencies: ["MCPDashUI", "CNCurses"]),
        .executableTarget(
            name: "mcpdash",
            dependencies: [
                "MCPDashCore", "MCPDashKeyring", "MCPDashUI", "MCPDashTerminal", "MCPDashMetrics", "CCurlLoader", "CMallocArenas",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            linkerSettings: [.unsafeFlags(["-L", linkStandIns, "-Xlinker", "--version-script=" + linkStandIns + "/mcpdash.exports", "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--symbol-ordering-file=" + linkStandIns + "/hot.order", "-Xlinker", "--no-warn-symbol-ordering",
                                          "-Xlinker", "-T", "-Xlinker", linkStandIns + "/hot-unnamed.ld"])]
        ),
        .testTarget(
            name: "MCPDashCoreTests",
            dependencies: ["MCPDashCore", .product(name: "MetricsTestKit", package: "swift-metrics"),
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "MCPDashKeyringTests", dependencies: ["MCPDashCore", "MCPDashKeyring", "CKeyctl"]),
        .testTarget(name: "MCPDashUITests", dependencies: ["MCPDashUI", "MCPDashCore"]),
        .testTarget(name: "MCPDashTerminalTests", dependencies: ["MCPDashTerminal"]),
        .testTarget(name: "MCPDashMetricsTests", dependencies: ["MCPDashMetrics", "MCPDashCore",
                                                               .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        .testTarget(
            name: "mcpdashTests",
            dependencies: ["mcpdash", "MCPDashCore", .product(name: "Subprocess", package: "swift-subprocess"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "JWTKit", package: "jwt-kit"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
