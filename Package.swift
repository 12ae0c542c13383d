// swift-tools-version: 6.1

import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "attest",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "attest", targets: ["attest"]),
        .executable(name: "attest-bench", targets: ["attest-bench"]),
        .library(name: "Compliance", targets: ["Compliance"]),
        .library(name: "Mailer", targets: ["Mailer"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "Daemon", targets: ["Daemon"]),
        .library(name: "WebCommon", targets: ["WebCommon"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // Pure domain: calendars, rules, obligations, reminder plans. No I/O.
        .target(
            name: "Compliance",
            swiftSettings: swiftSettings
        ),
        // The one HTML escaper (by Unicode scalars) of pages, e-mails and reports.
        .target(
            name: "MarkupEscaping",
            swiftSettings: swiftSettings
        ),
        // SMTP client, MIME builder, templates. Knows nothing of tenants or Postgres.
        .target(
            name: "Mailer",
            dependencies: [
                "Compliance",
                "MarkupEscaping",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: swiftSettings
        ),
        // The annual IMAGE report: its model and renderers (HTML, Markdown, CSV, JSON). No I/O.
        .target(
            name: "Reports",
            dependencies: ["Compliance", "MarkupEscaping"],
            swiftSettings: swiftSettings
        ),
        // PostgreSQL through postgres-nio: migrator, repositories, tenant scoping.
        .target(
            name: "Storage",
            dependencies: [
                "Compliance",
                "Reports",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings,
            plugins: ["EmbedSQL"]
        ),
        // The services: HTTP, per-tenant services, configuration, logging, wiring.
        .target(
            name: "Daemon",
            dependencies: [
                "Storage",
                "WebCommon",
                "Compliance",
                "Mailer",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // HTTP pieces the daemon's public pages and the console share: form decoding,
        // security headers, request-origin checks. Knows nothing of tenants or Postgres.
        .target(
            name: "WebCommon",
            dependencies: [
                "MarkupEscaping",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        // The operators' web console (`attest console`): accounts, sessions, pages.
        .target(
            name: "Console",
            dependencies: [
                "Storage",
                "Compliance",
                "Reports",
                "Mailer",
                "WebCommon",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // The executable: argument parsing only.
        .executableTarget(
            name: "attest",
            dependencies: [
                "Daemon",
                "Console",
                "Storage",
                "Compliance",
                "Mailer",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks (run with `swift run -c release attest-bench …`).
        .executableTarget(
            name: "attest-bench",
            dependencies: [
                "Compliance",
                "Mailer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        // Build tool: embeds sql/*.sql into the Storage module.
        .executableTarget(name: "EmbedSQLTool"),
        .plugin(name: "EmbedSQL", capability: .buildTool(), dependencies: ["EmbedSQLTool"]),

        .testTarget(
            name: "ComplianceTests",
            dependencies: [
                "Compliance",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Compliance"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MailerTests",
            dependencies: [
                "Mailer",
                "MarkupEscaping",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["smtp_test_server.py", "parse_maildir.py"],
            swiftSettings: swiftSettings
        ),
        // Shared by the Storage and Daemon tests: throwaway databases, roles, processes.
        .target(
            name: "TestSupport",
            dependencies: [
                "Storage",
                "Compliance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: [
                "Storage",
                "Reports",
                "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConsoleTests",
            dependencies: [
                "Console",
                "Daemon",
                "Mailer",
                "Storage",
                "Compliance",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DaemonTests",
            dependencies: [
                "Daemon",
                "Storage",
                "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            exclude: ["Browser"],
            swiftSettings: swiftSettings
        ),
    ]
)
