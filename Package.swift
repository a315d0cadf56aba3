// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Amulet",
    products: [
        .executable(name: "amulet", targets: ["amulet"]),
        .library(name: "AmuletTensor", targets: ["AmuletTensor"]),
        .library(name: "AmuletLearn", targets: ["AmuletLearn"]),
        .library(name: "AmuletData", targets: ["AmuletData"]),
        .library(name: "AmuletRisks", targets: ["AmuletRisks"]),
        .library(name: "AmuletLang", targets: ["AmuletLang"]),
        .library(name: "AmuletNotebook", targets: ["AmuletNotebook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        // MARK: - C libraries
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CEditLine", path: "Sources/CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CImageCodecs", path: "Sources/CImageCodecs", pkgConfig: "libpng",
            providers: [.apt(["libpng-dev", "libjpeg62-turbo-dev"])]),

        // MARK: - Engine (never imports AmuletLang)
        .target(name: "AmuletTensor", dependencies: ["CBLAS"]),
        .target(name: "AmuletLearn", dependencies: ["AmuletTensor"]),
        .target(name: "AmuletData", dependencies: ["AmuletTensor", "CZlib", "CImageCodecs"]),
        .target(name: "AmuletRisks", dependencies: ["AmuletTensor", "AmuletLearn", "AmuletData"]),

        // MARK: - Language, notebook and the program
        .target(name: "AmuletNotebook", dependencies: ["AmuletTensor", "AmuletRisks"]),
        .target(
            name: "AmuletLang",
            dependencies: [
                "AmuletTensor", "AmuletLearn", "AmuletData", "AmuletRisks", "AmuletNotebook",
            ]),
        .executableTarget(
            name: "amulet",
            dependencies: [
                "AmuletLang", "AmuletNotebook", "AmuletTensor", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // MARK: - Benchmarks
        .target(
            name: "AmuletBenchmarks",
            dependencies: [
                "AmuletTensor", "AmuletLearn", "AmuletData", "AmuletRisks", "AmuletLang",
            ]),
        .executableTarget(name: "amulet-bench", dependencies: ["AmuletBenchmarks"]),

        // MARK: - Tests: one target per module
        .target(
            name: "AmuletTestSupport",
            dependencies: [
                "AmuletTensor", .product(name: "Numerics", package: "swift-numerics"),
            ]),
        .testTarget(
            name: "AmuletTensorTests", dependencies: ["AmuletTensor", "AmuletTestSupport"]),
        .testTarget(
            name: "AmuletLearnTests",
            dependencies: ["AmuletLearn", "AmuletData", "AmuletTestSupport"]),
        .testTarget(
            name: "AmuletDataTests",
            dependencies: ["AmuletData", "AmuletLearn", "AmuletTestSupport"]),
        .testTarget(
            name: "AmuletLangTests",
            dependencies: [
                "AmuletLang", "AmuletRisks", "AmuletData", "AmuletLearn", "AmuletNotebook",
                "AmuletTestSupport",
            ]),
        .testTarget(
            name: "AmuletNotebookTests",
            dependencies: ["AmuletNotebook", "AmuletRisks", "AmuletTestSupport"]),
        .testTarget(
            name: "AmuletRisksTests",
            dependencies: ["AmuletRisks", "AmuletLearn", "AmuletData", "AmuletTestSupport"]),
        .testTarget(
            name: "AmuletEndToEndTests", dependencies: ["AmuletLang", "AmuletTestSupport"]),
    ]
)
