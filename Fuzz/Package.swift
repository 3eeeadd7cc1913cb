// swift-tools-version: 6.1
// The libFuzzer targets of mcpdash's parsers, in a package of their own so that only they are
// built with libFuzzer coverage and AddressSanitizer. Built and run by `scripts/fuzz`.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its directory, whatever the clone is called.
let mcpdash = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "mcpdash-fuzz",
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    ],
    targets: [
        .systemLibrary(name: "CLibFuzzer"),
        .executableTarget(
            name: "mcpdash-fuzz",
            dependencies: ["CLibFuzzer", .product(name: "MCPDashCore", package: mcpdash), .product(name: "MCP", package: "swift-sdk")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
