import Foundation
import Mailer
import Testing

/// The SMTP client against a real SMTP server (aiosmtpd) on loopback.
@Suite("SMTP against a real server")
struct SMTPTransportTests {
    @Test("STARTTLS with certificate verification and AUTH")
    func startTLSWithAuth() async throws {
        try await SMTPTestServer.with(.init(tls: "starttls", auth: "attest:s3cret pass")) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .startTLS, credentials: Fixture.user))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            await transport.close()
            #expect(outcome.isAccepted, "\(outcome)")
            #expect(outcome.reply?.code == 250)
            let events = try server.events()
            #expect(events.count == 1)
            #expect(events.first?.tls == true)
            #expect(events.first?.auth == "attest")
            #expect(events.first?.mail_options.contains { $0.hasPrefix("SIZE=") } == true)
        }
    }

    @Test("implicit TLS with verification, to a host name and to an IP address (no SNI)", arguments: ["localhost", "127.0.0.1"])
    func implicitTLS(host: String) async throws {
        try await SMTPTestServer.with(.init(tls: "implicit", auth: "attest:s3cret pass")) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .implicitTLS, host: host, credentials: Fixture.user))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            await transport.close()
            #expect(outcome.isAccepted, "\(outcome)")
            #expect(try server.events().first?.tls == true)
        }
    }

    @Test("a certificate not signed by a trusted CA is refused")
    func untrustedCertificate() async throws {
        try await SMTPTestServer.with(.init(tls: "implicit")) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .implicitTLS, trustTestCA: false))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(outcome.isTransient, "\(outcome)")
            #expect(outcome.failure?.smtpError?.code == .tls)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test("a server without STARTTLS is refused, nothing is sent in clear text")
    func noStartTLSOffered() async throws {
        try await SMTPTestServer.with(.init(tls: "none")) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .startTLS))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(outcome.failure?.smtpError?.code == .startTLSNotOffered, "\(outcome)")
            #expect(outcome.failure?.stage == .connection)
            #expect(try server.messages().isEmpty)
        }
    }

    @Test("clear text works only when configured explicitly")
    func clearTextWhenExplicit() async throws {
        try await SMTPTestServer.with(.init(tls: "none")) { server in
            let transport = try MailTransportFactory.make(url: "smtp://localhost:\(server.port)?tls=none", logger: Fixture.logger)
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            await transport.close()
            #expect(outcome.isAccepted, "\(outcome)")
            #expect(try server.events().first?.tls == false)
        }
    }

    @Test("wrong credentials: AUTH fails permanently with the server's 535")
    func authFailure() async throws {
        try await SMTPTestServer.with(.init(tls: "starttls", auth: "attest:s3cret pass")) { server in
            let wrong = SMTPConfiguration.Credentials(username: "attest", password: "wrong")
            let transport = try Fixture.transport(Fixture.configuration(server, security: .startTLS, credentials: wrong))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(outcome.isPermanent, "\(outcome)")
            #expect(outcome.failure?.code == 535)
            #expect(outcome.failure?.stage == .connection)
            #expect(!"\(outcome)".contains("wrong"))
        }
    }

    @Test("PIPELINING on and off, several messages per connection, a cap per connection", arguments: [true, false])
    func pipelining(enabled: Bool) async throws {
        try await SMTPTestServer.with(.init(pipelining: enabled)) { server in
            var configuration = try Fixture.configuration(server, security: .none)
            configuration.maximumMessagesPerConnection = 2
            let transport = try Fixture.transport(configuration)
            for index in 0..<5 {
                let outcome = await transport.send(try Fixture.message(to: ["ann\(index)@client.test", "bob@client.test"]))
                #expect(outcome.isAccepted, "\(outcome)")
            }
            await transport.close()
            let events = try server.events()
            #expect(events.count == 5)
            #expect(events.allSatisfy { $0.rcpt_tos.count == 2 })
        }
    }

    @Test("per-recipient 451 and 550: the others still get the message", arguments: [true, false])
    func perRecipientFailures(pipelining: Bool) async throws {
        try await SMTPTestServer.with(.init(pipelining: pipelining)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test", "code451@client.test", "code550@client.test"]))
            let refused = try #require(outcome.receipt?.refusedRecipients, "\(outcome)")
            #expect(refused.map(\.recipient) == ["code451@client.test", "code550@client.test"])
            #expect(refused.map(\.reply.code) == [451, 550])
            #expect(refused.map(\.isPermanent) == [false, true])
            #expect(refused[1].reply.enhancedCode == EnhancedStatusCode(statusClass: 5, subject: 1, detail: 1))

            let permanent = await transport.send(try Fixture.message(to: ["code550@client.test"]))
            #expect(permanent.isPermanent, "\(permanent)")
            #expect(permanent.failure?.stage == .recipients)
            #expect(permanent.failure?.recipients.first?.reply.code == 550)

            let transient = await transport.send(try Fixture.message(to: ["code451@client.test"]))
            #expect(transient.isTransient, "\(transient)")
            #expect(transient.failure?.code == 451)
            #expect(transient.failure?.enhancedCode?.description == "4.3.0")

            let after = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(after.isAccepted, "RSET left the connection usable: \(after)")
            await transport.close()
            #expect(try server.events().count == 2)
        }
    }

    @Test("a rejection of the final dot: 554 permanent, 451 transient, connection reused")
    func finalDotRejected() async throws {
        try await SMTPTestServer.with(.init(pipelining: true)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none))
            let permanent = await transport.send(try Fixture.message(to: ["data554@client.test"]))
            #expect(permanent.isPermanent, "\(permanent)")
            #expect(permanent.failure?.stage == .message)
            let transient = await transport.send(try Fixture.message(to: ["data451@client.test"]))
            #expect(transient.isTransient, "\(transient)")
            let accepted = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(accepted.isAccepted, "\(accepted)")
            await transport.close()
        }
    }

    @Test("421 at the greeting is a transient failure carrying the reply")
    func greeting421() async throws {
        try await SMTPTestServer.with(.init(greeting: 421)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(outcome.isTransient, "\(outcome)")
            #expect(outcome.failure?.code == 421)
            #expect(outcome.failure?.stage == .connection)
        }
    }

    @Test("421 in mid-session: transient, the connection is dropped, the next send reconnects", arguments: [true, false])
    func midSession421(pipelining: Bool) async throws {
        try await SMTPTestServer.with(.init(pipelining: pipelining)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none))
            #expect(await transport.send(try Fixture.message(to: ["ann@client.test"])).isAccepted)
            let outcome = await transport.send(try Fixture.message(to: ["code421@client.test"]))
            #expect(outcome.isTransient, "\(outcome)")
            #expect(outcome.failure?.code == 421)
            let after = await transport.send(try Fixture.message(to: ["bob@client.test"]))
            #expect(after.isAccepted, "\(after)")
            await transport.close()
            #expect(try server.events().count == 2)
        }
    }

    @Test("a server that never greets: the timeout fires and the outcome is transient")
    func hangingGreeting() async throws {
        try await SMTPTestServer.with(.init(hangGreeting: true)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none, timeouts: .all(.milliseconds(500))))
            let outcome = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(outcome.isTransient, "\(outcome)")
            #expect(outcome.failure?.smtpError?.code == .timeout)
        }
    }

    @Test("a server that hangs after the final dot: the outcome is unknown")
    func hangingAfterData() async throws {
        try await SMTPTestServer.with(.init()) { server in
            var timeouts = SMTPTimeouts.rfc5321
            timeouts.dataTermination = .milliseconds(700)
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none, timeouts: timeouts))
            let outcome = await transport.send(try Fixture.message(to: ["hang@client.test"]))
            #expect(outcome.isUnknown, "\(outcome)")
            #expect(outcome.failure?.smtpError?.code == .timeout)
            let after = await transport.send(try Fixture.message(to: ["ann@client.test"]))
            #expect(after.isAccepted, "a new connection replaces the timed-out one: \(after)")
            await transport.close()
        }
    }

    @Test("each reply has its own timeout: a long one after a short one is not cut short")
    func timeoutPerReply() async throws {
        try await SMTPTestServer.with(.init(pipelining: true)) { server in
            var timeouts = SMTPTimeouts.all(.milliseconds(300))
            timeouts.dataTermination = .seconds(20)
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none, timeouts: timeouts))
            // The final reply comes 1 s after the dot: later than DATA's 300 ms, which ran
            // first, and well within its own 20 s.
            let outcome = await transport.send(try Fixture.message(to: ["slow1000@client.test"]))
            #expect(outcome.isAccepted, "\(outcome)")
            await transport.close()
        }
    }

    @Test("replies split byte by byte, multi-line EHLO included")
    func splitReplies() async throws {
        try await SMTPTestServer.with(.init(pipelining: true, splitReplies: true)) { server in
            let transport = try Fixture.transport(Fixture.configuration(server, security: .none))
            for _ in 0..<2 {
                let outcome = await transport.send(try Fixture.message(to: ["ann@client.test", "code550@client.test"]))
                #expect(outcome.receipt?.refusedRecipients.count == 1, "\(outcome)")
            }
            await transport.close()
            #expect(try server.events().count == 2)
        }
    }
}
