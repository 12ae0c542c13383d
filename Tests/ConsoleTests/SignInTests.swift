import Console
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PostgresNIO
import Storage
import TestSupport
import Testing

/// Sign-in with password and TOTP, sessions, cookies, lockout and cross-site posts,
/// against a real PostgreSQL through the console's own router.
@Suite struct SignInTests {
    @Test func anAccountEnrollsItsSecondFactorReplacesItsPasswordAndLandsOnTheOverview() async throws {
        try await ConsoleFixture.with(temporaryPasswords: true) { fixture in
            try await fixture.withClient { client in
                var browser = ConsoleBrowser(client)
                let overview = try await browser.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                #expect(overview.status == .ok)
                #expect(overview.body.contains("id=\"overview\"") && overview.body.contains("href=\"/tenants/alpha\"")
                        && overview.body.contains("href=\"/tenants/bravo\""))
                let session = try #require(browser.setCookies.last { $0.hasPrefix("\(SessionCookie.name)=") && !$0.contains("Max-Age=0") })
                #expect(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Path=/"))
                #expect(!session.contains("Secure"), "a plain-HTTP cookie cannot be Secure: \(session)")
                // Every step issued a new session id: the one seen before the code is worthless now.
                let ids = browser.setCookies.filter { $0.hasPrefix("\(SessionCookie.name)=") }.map { $0.split(separator: ";")[0] }
                #expect(Set(ids).count == ids.count && ids.count == 3, "\(ids)")
            }
            let accounts = try await OperatorAccountRepository(database: fixture.operators).list()
            let admin = try #require(accounts.first { $0.email == ConsoleFixture.adminEmail })
            #expect(admin.hasSecondFactor && !admin.passwordIsTemporary)
            let actions = try await fixture.operators.withTransaction { connection in
                try await AccountEventLog.recent(accountID: admin.id, limit: 10, connection: connection, logger: TestDatabase.logger).map(\.action)
            }
            #expect(actions.contains("second_factor_enrolled") && actions.contains("signed_in") && actions.contains("password_changed"))
        }
    }

    @Test func anOldSessionIDIsRefusedAfterSignIn() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var browser = ConsoleBrowser(client)
                let form = try await browser.get("/sign-in")
                _ = try await browser.post("/sign-in", ["email": ConsoleFixture.managerEmail, "password": ConsoleFixture.oneTimePassword,
                                                        "form_token": try #require(form.formToken)])
                let fixated = try #require(browser.cookies[SessionCookie.name])
                _ = try await browser.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                #expect(browser.cookies[SessionCookie.name] != fixated)
                var attacker = ConsoleBrowser(client)
                attacker.cookies[SessionCookie.name] = fixated
                let page = try await attacker.get("/")
                #expect(page.status == .seeOther && page.location == "/sign-in")
            }
        }
    }

    @Test func anUnknownAccountGetsTheSameAnswerAsAWrongPassword() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var browser = ConsoleBrowser(client)
                let token = try #require(try await browser.get("/sign-in").formToken)
                let wrong = try await browser.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": "not-the-password", "form_token": token])
                let unknown = try await browser.post("/sign-in", ["email": "nobody@agency.example", "password": "not-the-password", "form_token": token])
                #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
                #expect(wrong.body.replacingOccurrences(of: ConsoleFixture.adminEmail, with: "E")
                        == unknown.body.replacingOccurrences(of: "nobody@agency.example", with: "E"))
                #expect(browser.cookies[SessionCookie.name] == nil)
            }
        }
    }

    @Test func repeatedFailuresLockTheAccountOutEvenWithTheRightPassword() async throws {
        try await ConsoleFixture.with { fixture in
            // Low limits: every failure costs a bcrypt check, and the tests share two cores.
            let settings = ConsoleSettings(lockout: LockoutPolicy(accountFailures: 2, sourceFailures: 10))
            try await fixture.withClient(settings: settings) { client in
                var browser = ConsoleBrowser(client)
                let token = try #require(try await browser.get("/sign-in").formToken)
                for _ in 0..<2 {
                    let page = try await browser.post("/sign-in", ["email": ConsoleFixture.managerEmail, "password": "guess", "form_token": token])
                    #expect(page.status == .unauthorized)
                }
                let locked = try await browser.post("/sign-in", ["email": ConsoleFixture.managerEmail, "password": ConsoleFixture.oneTimePassword,
                                                                 "form_token": token])
                #expect(locked.status == .tooManyRequests && locked.headers[.retryAfter] != nil)
                #expect(browser.cookies[SessionCookie.name] == nil)
                // An unknown account is locked the same way.
                for _ in 0..<2 {
                    _ = try await browser.post("/sign-in", ["email": "ghost@agency.example", "password": "guess", "form_token": token])
                }
                let ghost = try await browser.post("/sign-in", ["email": "ghost@agency.example", "password": "guess", "form_token": token])
                #expect(ghost.status == .tooManyRequests)
                #expect(ghost.body == locked.body)
                // The admin, from the same source, is not locked (the source limit is higher).
                let admin = try await browser.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": ConsoleFixture.oneTimePassword,
                                                                "form_token": token])
                #expect(admin.status == .seeOther)
            }
            let actions = try await fixture.operators.withTransaction { connection in
                try await AccountEventLog.recent(accountID: nil, limit: 50, connection: connection, logger: TestDatabase.logger)
            }
            #expect(actions.filter { $0.action == "locked_out" }.count == 2)
            #expect(actions.filter { $0.action == "sign_in_failed" && $0.actor == "unknown-account" }.count == 2)
            #expect(!actions.contains { $0.actor.contains("ghost") || $0.details.contains("ghost") }, "an unknown e-mail reached the trail")
        }
    }

    @Test func theSourceIsLockedOutAcrossAccounts() async throws {
        try await ConsoleFixture.with { fixture in
            let settings = ConsoleSettings(lockout: LockoutPolicy(accountFailures: 5, sourceFailures: 2))
            try await fixture.withClient(settings: settings) { client in
                var browser = ConsoleBrowser(client)
                let token = try #require(try await browser.get("/sign-in").formToken)
                for index in 0..<2 {
                    _ = try await browser.post("/sign-in", ["email": "user\(index)@agency.example", "password": "guess", "form_token": token])
                }
                let admin = try await browser.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": ConsoleFixture.oneTimePassword,
                                                                "form_token": token])
                #expect(admin.status == .tooManyRequests)
            }
        }
    }

    @Test func aCodeIsNotAcceptedTwice() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var first = ConsoleBrowser(client)
                _ = try await first.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let secret = try #require(first.secret)
                var second = ConsoleBrowser(client)
                second.secret = secret
                let form = try await second.get("/sign-in")
                _ = try await second.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": ConsoleFixture.oneTimePassword,
                                                       "form_token": try #require(form.formToken)])
                let codePage = try await second.get("/sign-in/second-factor")
                #expect(!codePage.body.contains("totp-secret"), "an enrolled account was shown a new key")
                let used = try #require(first.codeEnteredAt)
                let replay = try await second.post("/sign-in/second-factor", ["code": SecondFactor(secret: secret).currentCode(at: used),
                                                                              "form_token": try #require(codePage.formToken)])
                #expect(replay.status == .unauthorized, "the code used at enrolment was accepted again")
                let next = try await second.post("/sign-in/second-factor", ["code": SecondFactor(secret: secret).currentCode(at: max(Date(), used + 30)),
                                                                            "form_token": try #require(codePage.formToken)])
                #expect(next.status == .seeOther && next.location == "/")
            }
        }
    }

    /// The replay guard itself, without the clock: a step is accepted once, an earlier
    /// one never after it.
    @Test func theStoreAcceptsEachTimeStepOnce() async throws {
        try await ConsoleFixture.with { fixture in
            let account = try #require(try await OperatorAccountRepository(database: fixture.operators).list().first)
            let store = ConsoleSessionStore(database: fixture.console, idleTimeout: .seconds(60), absoluteTimeout: .seconds(600))
            let secret = SecondFactor.generate().secret
            #expect(try await store.acceptCode(step: 1_000, accountID: account.id, enrolling: secret))
            #expect(try await !store.acceptCode(step: 1_000, accountID: account.id, enrolling: nil))
            #expect(try await !store.acceptCode(step: 999, accountID: account.id, enrolling: nil))
            #expect(try await store.acceptCode(step: 1_001, accountID: account.id, enrolling: nil))
            #expect(try await store.credentials(email: account.email)?.totpSecret == secret)
        }
    }

    @Test func postsFromAnotherSiteOrWithoutTheTokenAreRefused() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var browser = ConsoleBrowser(client)
                let overview = try await browser.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                let token = try #require(overview.formToken)
                let crossSite = try await browser.post("/sign-out", ["form_token": token], headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
                let otherOrigin = try await browser.post("/sign-out", ["form_token": token], headers: [.origin: "https://evil.example"])
                let noToken = try await browser.post("/sign-out", [:])
                let wrongToken = try await browser.post("/sign-out", ["form_token": String(token.reversed())])
                for page in [crossSite, otherOrigin, noToken, wrongToken] { #expect(page.status == .forbidden) }
                #expect(try await browser.get("/").status == .ok, "a refused sign-out ended the session")
                var stranger = ConsoleBrowser(client)
                let forged = try await stranger.post("/sign-in", ["email": ConsoleFixture.adminEmail, "password": ConsoleFixture.newPassword,
                                                                  "form_token": "x"])
                #expect(forged.status == .forbidden, "a sign-in post without the sign-in cookie was read")
                let signOut = try await browser.post("/sign-out", ["form_token": token])
                #expect(signOut.status == .seeOther && signOut.location == "/sign-in")
                #expect(try await browser.get("/").location == "/sign-in")
            }
        }
    }

    @Test func aSessionEndsAfterItsIdleTime() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient(settings: ConsoleSettings(idleTimeout: .seconds(10))) { client in
                var browser = ConsoleBrowser(client)
                _ = try await browser.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                #expect(try await browser.get("/").status == .ok)
                try await Task.sleep(for: .seconds(12))
                let expired = try await browser.get("/")
                #expect(expired.status == .seeOther && expired.location == "/sign-in")
            }
        }
    }

    @Test func disablingAnAccountEndsItsSessionsAtOnce() async throws {
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient { client in
                var browser = ConsoleBrowser(client)
                _ = try await browser.signIn(email: ConsoleFixture.managerEmail, password: ConsoleFixture.oneTimePassword)
                _ = try await OperatorAccountRepository(database: fixture.operators).disable(email: ConsoleFixture.managerEmail, actor: "test")
                #expect(try await browser.get("/").location == "/sign-in")
                var again = ConsoleBrowser(client)
                let token = try #require(try await again.get("/sign-in").formToken)
                let refused = try await again.post("/sign-in", ["email": ConsoleFixture.managerEmail, "password": ConsoleFixture.newPassword,
                                                                "form_token": token])
                #expect(refused.status == .unauthorized)
            }
        }
    }

    @Test func noPasswordCodeOrSecretReachesTheLog() async throws {
        let recorder = LogRecorder()
        var logger = Logger(label: "console-test") { _ in recorder }
        logger.logLevel = .trace
        try await ConsoleFixture.with { fixture in
            try await fixture.withClient(logger: logger) { client in
                var browser = ConsoleBrowser(client)
                _ = try await browser.signIn(email: ConsoleFixture.adminEmail, password: ConsoleFixture.oneTimePassword)
                var other = ConsoleBrowser(client)
                let token = try #require(try await other.get("/sign-in").formToken)
                _ = try await other.post("/sign-in", ["email": "x@agency.example", "password": "Wrong-Pass-77", "form_token": token])
                let secret = String(decoding: try #require(browser.secret), as: UTF8.self)
                let text = recorder.text
                #expect(text.contains("console sign-in"), "nothing was logged: the test would prove nothing")
                for needle in [ConsoleFixture.oneTimePassword, ConsoleFixture.newPassword, "Wrong-Pass-77", secret,
                               try #require(browser.cookies[SessionCookie.name])] {
                    #expect(!text.contains(needle), "the log holds a secret")
                }
            }
        }
    }
}

/// Keeps every log line (message and metadata) in memory.
final class LogRecorder: LogHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        lock.withLock { lines.append("\(event.level) \(event.message) \(metadata.merging(event.metadata ?? [:]) { $1 })") }
    }

    var text: String { lock.withLock { lines.joined(separator: "\n") } }
}
