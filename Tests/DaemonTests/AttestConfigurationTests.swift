import Daemon
import Foundation
import Logging
import Storage
import Testing

@Suite struct AttestConfigurationTests {
    @Test func defaultsWithoutAnySetting() async throws {
        let configuration = try await AttestConfiguration.load(environment: [:])
        #expect(configuration.databaseURL == nil)
        #expect(configuration.httpHost == "127.0.0.1")
        #expect(configuration.httpPort == 8080)
        #expect(configuration.logLevel == .info)
        #expect(configuration.logFormat == .auto)
        #expect(configuration.databasePoolSize == 4)
        #expect(throws: ConfigurationError.self) { try configuration.requireDatabaseURL() }
    }

    @Test func readsEveryKeyFromTheEnvironment() async throws {
        let configuration = try await AttestConfiguration.load(environment: [
            "ATTEST_DATABASE_URL": "postgres://attest_daemon:pw@db:5433/attest",
            "ATTEST_HTTP_BIND": "0.0.0.0:9090",
            "ATTEST_LOG_LEVEL": "debug",
            "ATTEST_LOG_FORMAT": "json",
            "ATTEST_DATABASE_POOL_SIZE": "3",
            "ATTEST_SHUTDOWN_TIMEOUT": "5",
            "ATTEST_DISPATCHERS": "4",
            "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
            "PATH": "/usr/bin",
        ])
        #expect(configuration.databaseURL?.host == "db")
        #expect(configuration.databaseURL?.port == 5433)
        #expect(configuration.httpHost == "0.0.0.0")
        #expect(configuration.httpPort == 9090)
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .json)
        #expect(configuration.databasePoolSize == 3)
        #expect(configuration.shutdownTimeout == .seconds(5))
        #expect(configuration.dispatchers == 4)
        #expect(configuration.mailFrom == "Attest <attest@agency.example>")
    }

    @Test(arguments: [
        ("ATTEST_DATABSE_URL", "postgres://u@h/db"),
        ("ATTEST_HTTP_BIND", "8080"),
        ("ATTEST_HTTP_BIND", "localhost:http"),
        ("ATTEST_LOG_LEVEL", "verbose"),
        ("ATTEST_LOG_FORMAT", "xml"),
        ("ATTEST_DATABASE_POOL_SIZE", "0"),
        ("ATTEST_DATABASE_POOL_SIZE", "four"),
        ("ATTEST_SHUTDOWN_TIMEOUT", "-1"),
        ("ATTEST_DISPATCHERS", "0"),
        ("ATTEST_DISPATCHERS", "17"),
        ("ATTEST_DATABASE_URL", "mysql://u:pw@h/db"),
    ])
    func refusesUnknownAndMalformedKeysNamingThem(key: String, value: String) async {
        let error = await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: [key: value])
        }
        #expect(error?.key == key)
        #expect(error?.description.hasPrefix(key + ": ") == true)
    }

    @Test func neverPrintsTheDatabasePassword() async {
        let error = await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: ["ATTEST_DATABASE_URL": "postgres://u:hunter2@h/db?sslmode=bogus"])
        }
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func readsAJSONFileAndTheEnvironmentWins() async throws {
        let file = try temporaryFile(#"{"http": {"bind": "127.0.0.1:7000"}, "log": {"level": "warning", "format": "text"}}"#)
        let configuration = try await AttestConfiguration.load(environment: [
            "ATTEST_CONFIG_FILE": file, "ATTEST_LOG_LEVEL": "error",
        ])
        #expect(configuration.httpPort == 7000)
        #expect(configuration.logFormat == .text)
        #expect(configuration.logLevel == .error)
    }

    @Test func refusesUnknownKeysInTheFile() async throws {
        let file = try temporaryFile(#"{"http": {"bnd": "127.0.0.1:7000"}}"#)
        let error = await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: ["ATTEST_CONFIG_FILE": file])
        }
        #expect(error?.key.hasSuffix("http.bnd") == true)
    }

    @Test func refusesAMissingOrBrokenFile() async throws {
        await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: ["ATTEST_CONFIG_FILE": "/nonexistent/attest.json"])
        }
        let broken = try temporaryFile("{not json")
        await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: ["ATTEST_CONFIG_FILE": broken])
        }
    }

    @Test func readsPerTenantMailSettingsFromTheEnvironment() async throws {
        let configuration = try await AttestConfiguration.load(environment: [
            "ATTEST_TENANT_ACME_FOODS_SMTP_URL": "smtp://u:pw@relay.acme.example:587",
            "ATTEST_TENANT_ACME_FOODS_SMTP_CA_FILE": "/etc/attest/acme-ca.pem",
            "ATTEST_TENANT_ACME_FOODS_MAIL_FROM": "Acme <hr@acme.example>",
            "ATTEST_TENANT_BETA_MAIL_FROM": "beta@beta.example",
            "ATTEST_MAIL_FROM": "Attest <attest@agency.example>",
        ])
        #expect(configuration.tenantMail["acme-foods"] == TenantMailSettings(
            smtpURL: "smtp://u:pw@relay.acme.example:587", smtpCAFile: "/etc/attest/acme-ca.pem", mailFrom: "Acme <hr@acme.example>"))
        #expect(configuration.tenantMail["beta"] == TenantMailSettings(mailFrom: "beta@beta.example"))
        #expect(configuration.tenantMail.count == 2)
        #expect(configuration.mailFrom == "Attest <attest@agency.example>", "the process-wide sender stays as it is")
    }

    @Test func readsPerTenantMailSettingsFromTheFileAndTheEnvironmentWins() async throws {
        let file = try temporaryFile(#"""
            {"tenant": {"acme-foods": {"smtp": {"url": "maildir:/tmp/acme"}, "mail": {"from": "hr@acme.example"}},
                        "beta": {"mail": {"from": "beta@beta.example"}}},
             "tenants": {"discovery": {"seconds": "5"}}}
            """#)
        let configuration = try await AttestConfiguration.load(environment: [
            "ATTEST_CONFIG_FILE": file, "ATTEST_TENANT_ACME_FOODS_MAIL_FROM": "Acme <alerts@acme.example>",
        ])
        #expect(configuration.tenantMail["acme-foods"] == TenantMailSettings(smtpURL: "maildir:/tmp/acme", mailFrom: "Acme <alerts@acme.example>"))
        #expect(configuration.tenantMail["beta"] == TenantMailSettings(mailFrom: "beta@beta.example"))
        #expect(configuration.tenantDiscoveryInterval == .seconds(5), "the `tenants` section is not a tenant")
    }

    @Test(arguments: [
        "ATTEST_TENANT_ACME_SMTP_ULR",        // typo in the key
        "ATTEST_TENANT_SMTP_URL",             // no slug
        "ATTEST_TENANT_9ACME_SMTP_URL",       // not a slug: starts with a digit
        "ATTEST_TENANT_ACME__SMTP_URL",       // not a slug: ends with a hyphen
        "ATTEST_TENANT_acme_SMTP_URL",        // lower case: never looked up
        "ATTEST_TENANT_DISCOVERY_SECONDS",    // ATTEST_TENANTS_… misspelt
    ])
    func refusesMalformedPerTenantKeysNamingThem(key: String) async {
        let error = await #expect(throws: ConfigurationError.self) {
            try await AttestConfiguration.load(environment: [key: "x"])
        }
        #expect(error?.key == key)
        #expect(error?.description.hasPrefix(key + ": ") == true)
    }

    @Test func refusesMalformedPerTenantKeysInTheFile() async throws {
        for (json, key) in [(#"{"tenant": {"acme": {"smtp": {"ulr": "x"}}}}"#, "tenant.acme.smtp.ulr"),
                            (#"{"tenant": {"Acme": {"smtp": {"url": "x"}}}}"#, "tenant.Acme.smtp.url"),
                            (#"{"tenant": {"acme": {"log": {"level": "x"}}}}"#, "tenant.acme.log.level")] {
            let file = try temporaryFile(json)
            let error = await #expect(throws: ConfigurationError.self) {
                try await AttestConfiguration.load(environment: ["ATTEST_CONFIG_FILE": file])
            }
            #expect(error?.key == "\(file): \(key)")
            #expect(error?.problem.contains("per-tenant") == true)
        }
    }

    @Test func perTenantKeyNamesMapHyphensToUnderscores() {
        #expect(ConfigurationKey.smtpURL.forTenant("acme-foods").environmentName == "ATTEST_TENANT_ACME_FOODS_SMTP_URL")
        #expect(ConfigurationKey.smtpCAFile.forTenant("acme-foods").components == ["tenant", "acme-foods", "smtp", "ca", "file"])
        #expect(ConfigurationKey.smtpURL.forTenant("acme-foods").isSecret)
    }

    private func temporaryFile(_ contents: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("attest-\(UUID().uuidString).json").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
