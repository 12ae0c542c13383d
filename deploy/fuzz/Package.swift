// swift-tools-version: 6.1

// libFuzzer harnesses for the parsers that read outside input (issue 15, item 15).
// Built and run by deploy/fuzz.sh; not part of the main package's build or tests.

import PackageDescription

/// The fuzz targets themselves are compiled and linked with libFuzzer; the rest of the
/// build gets AddressSanitizer and coverage from the command line (see deploy/fuzz.sh),
/// so that the main package's build tool (EmbedSQLTool) still links without libFuzzer.
let fuzzer: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]
let fuzzerLink: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]

let package = Package(
    name: "attest-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "attest", path: "../.."),
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for the targets' main.swift.
        .target(name: "FuzzerDriver"),
        // CSV import: CSVTable's parser, then the row accessors the importers use.
        .executableTarget(
            name: "fuzz-csv",
            dependencies: ["FuzzerDriver", .product(name: "Storage", package: "attest")],
            swiftSettings: fuzzer,
            linkerSettings: fuzzerLink
        ),
        // The SMTP client's reply parser (multi-line replies, enhanced codes), and the
        // redaction applied before a reply is logged.
        .executableTarget(
            name: "fuzz-smtp-reply",
            dependencies: ["FuzzerDriver", .product(name: "Mailer", package: "attest")],
            swiftSettings: fuzzer,
            linkerSettings: fuzzerLink
        ),
        // The public tip form's application/x-www-form-urlencoded body, and the fields
        // the form reads from it.
        .executableTarget(
            name: "fuzz-tip-form",
            dependencies: [
                "FuzzerDriver",
                .product(name: "WebCommon", package: "attest"),
                .product(name: "Storage", package: "attest"),
            ],
            swiftSettings: fuzzer,
            linkerSettings: fuzzerLink
        ),
        // Mail templates (a tenant's override files): swift-mustache's parser and the
        // compiled renderer's, rendered by both and compared.
        .executableTarget(
            name: "fuzz-template",
            dependencies: ["FuzzerDriver", .product(name: "Mailer", package: "attest")],
            swiftSettings: fuzzer,
            linkerSettings: fuzzerLink
        ),
    ]
)
