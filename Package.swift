// swift-tools-version:6.0
import PackageDescription

// Release builds skip the run-time exclusivity checks (4 % of an ingest's instructions went to them);
// debug builds and the tests keep them, so a violation still traps there.
let release: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
/// Where Debian's libxml2-dev puts the headers the CLibXML2 shim includes.
let libxml2Headers: [SwiftSetting] = [.unsafeFlags(["-Xcc", "-I/usr/include/libxml2"])]

let package = Package(
    name: "kb",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kb", targets: ["kb"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        // libxml2 is opened with dlopen on first use (see its shim), so only its headers are needed here: with
        // pkgConfig the binary would link it and every kb process would load it and ICU at start.
        .systemLibrary(name: "CLibXML2", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        .target(name: "CTextSearch"),
        // Foundation's own ICU, whose regular expressions NSRegularExpression runs: linked for its C functions.
        .target(name: "CICURegex", linkerSettings: [.linkedLibrary("_FoundationICU")]),
        .target(name: "CSQLiteConfig", dependencies: ["CSQLite"]),
        .target(
            name: "Ingest",
            dependencies: ["CLibXML2", "CStemmer", "CTextSearch", "CICURegex", .product(name: "Yams", package: "Yams"), .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: release + libxml2Headers
        ),
        .target(
            name: "SearchIndex",
            dependencies: ["Ingest", "CSQLite", "CSQLiteConfig"],
            swiftSettings: release
        ),
        .executableTarget(
            name: "kb",
            dependencies: ["Ingest", "SearchIndex", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            swiftSettings: release
        ),
        .testTarget(name: "IngestTests", dependencies: ["Ingest"], swiftSettings: libxml2Headers),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "Ingest"], swiftSettings: libxml2Headers),
        .testTarget(name: "KBTests", dependencies: ["kb"], swiftSettings: libxml2Headers),
    ]
)
