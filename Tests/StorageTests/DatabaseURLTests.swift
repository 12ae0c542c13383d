import Storage
import Testing

@Suite struct DatabaseURLTests {
    @Test func parsesAFullURLAndHidesThePassword() throws {
        let url = try DatabaseURL(parsing: "postgres://attest_daemon:s3cr%40t@db.example:6432/attest?sslmode=verify-full")
        #expect(url.host == "db.example")
        #expect(url.port == 6432)
        #expect(url.username == "attest_daemon")
        #expect(url.password == "s3cr@t")
        #expect(url.database == "attest")
        #expect(url.tlsMode == .verifyFull)
        #expect(!url.description.contains("s3cr"))
    }

    @Test(arguments: [
        "mysql://u@h/db", "postgres://h/db", "postgres://u@h", "postgres://u@h/db?sslmode=maybe",
        "postgres://u@h/db?foo=bar", "not a url", "postgres://u@h:99999/db",
    ])
    func refusesMalformedURLs(text: String) {
        let error = #expect(throws: StorageError.self) { try DatabaseURL(parsing: text) }
        #expect(error?.message.hasPrefix("ATTEST_DATABASE_URL: ") == true)
    }

    @Test func neverEchoesThePasswordOfABadURL() {
        let error = #expect(throws: StorageError.self) { try DatabaseURL(parsing: "postgres://u:hunter2@h/db?sslmode=nope") }
        #expect(error?.message.contains("hunter2") == false)
    }
}
