// swift-tools-version:6.1
import PackageDescription

/// Concrete generic types (a model's `KeyedEncodingContainer`, say) got through
/// their metadata accessors instead of by mangled name. The runtime checks a
/// mangled name's generic requirements by searching every conformance record
/// of every loaded library, once per type in each process: a recorded
/// script's writer thread spent a third of its time there. Not on Numerics and
/// Tables, which other packages may depend on (unsafe flags would refuse them).
let directTypeMetadata: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])]

let package = Package(
    name: "mlx",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "mlx", targets: ["mlx"]),
        .library(name: "Numerics", targets: ["Numerics"]),
        .library(name: "Tables", targets: ["Tables"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // The model server. No traits: their swift-configuration support and full-Foundation
        // form coding are unused here, and leaving them out keeps a cold build shorter.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        // Already in Hummingbird's graph; named for ServiceGroup (signal-driven graceful
        // shutdown) and Logger.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // Also already in Hummingbird's graph; named for the connection handlers in Serving/HTTP/Connections.swift
        // (NIO's HTTP/1 request head, which has the version Hummingbird's request drops).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Not used: HummingbirdTesting's HTTP client brings swift-numerics into the graph, whose
        // `Numerics` target clashes with ours; SwiftPM resolves a clash only by a module alias on
        // a product dependency, which ServingTests declares below.
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // System libraries: module map and shim header only.
        .systemLibrary(
            name: "CBLAS",
            path: "Sources/CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .systemLibrary(
            name: "CCrypto",
            path: "Sources/CCrypto",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CEditLine",
            path: "Sources/CEditLine",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),

        // Memory-bound loops that need instructions Swift does not expose
        // (non-temporal stores), and constant tables the parse loop indexes;
        // C with a portable fallback.
        .target(name: "CKernels"),

        // Layers, lowest first. Imports point down only.
        .target(
            name: "Numerics",
            dependencies: ["CBLAS", "CKernels"],
            linkerSettings: [.linkedLibrary("m")]
        ),
        .target(name: "Tables", dependencies: ["Numerics", "CCrypto", "CKernels"]),
        .target(name: "Learning", dependencies: ["Numerics", "Tables"], swiftSettings: directTypeMetadata),
        .target(name: "Language", dependencies: ["Numerics", "Tables", "Learning", "CKernels"], swiftSettings: directTypeMetadata),
        .target(name: "Runs", dependencies: ["Numerics", "Tables", "Learning", "Language", "CSQLite", "CKernels", "CCrypto"], swiftSettings: directTypeMetadata),
        .target(name: "Console", dependencies: ["Numerics", "Tables", "Language", "Runs", "CEditLine"], swiftSettings: directTypeMetadata),
        .target(
            name: "Serving",
            dependencies: [
                "Numerics",
                "Tables",
                "Learning",
                "Runs",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: directTypeMetadata
        ),
        .executableTarget(
            name: "mlx",
            dependencies: [
                "Numerics",
                "Tables",
                "Language",
                "Console",
                "Runs",
                "Serving",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: directTypeMetadata
        ),

        // Pieces the side-by-side benchmarks share: the Python worker, options, inputs.
        .target(name: "BenchmarkSupport", path: "Benchmarks/Support"),
        .executableTarget(
            name: "mlx-bench",
            dependencies: ["Numerics", "BenchmarkSupport"],
            path: "Benchmarks/NumericsBenchmark"
        ),

        .executableTarget(
            name: "mlx-load-bench",
            dependencies: ["Tables", "Numerics", "BenchmarkSupport"],
            path: "Benchmarks/LoadBenchmark"
        ),

        .executableTarget(
            name: "mlx-learn-bench",
            dependencies: ["Learning", "Numerics", "BenchmarkSupport"],
            path: "Benchmarks/LearningBenchmark"
        ),

        .executableTarget(
            name: "mlx-runs-bench",
            dependencies: ["Runs", "Language", "Tables", "BenchmarkSupport"],
            path: "Benchmarks/RunsBenchmark"
        ),

        // Helpers more than one test target uses.
        .target(name: "TestSupport", dependencies: ["Tables"], path: "Tests/TestSupport"),
        .testTarget(name: "TablesTests", dependencies: ["Tables"], exclude: ["References"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "Runs", "Learning", "Tables", "TestSupport"], exclude: ["Scripts"]),
        .testTarget(name: "RunsTests", dependencies: ["Runs", "TestSupport"]),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Runs", "Console", "Language", "Learning", "Tables", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Numerics", package: "swift-numerics", moduleAliases: ["Numerics": "SwiftNumerics"]),
            ]
        ),
        .testTarget(name: "LanguageTests", dependencies: ["Language"]),
        .testTarget(name: "LearningTests", dependencies: ["Learning"], exclude: ["References"]),
        .testTarget(
            name: "NumericsTests",
            dependencies: ["Numerics"],
            exclude: ["References"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
