import Foundation
import Logging
import NIOCore
import NIOSSL

/// Opens a connection that is ready for mail: greeting, EHLO (or HELO), STARTTLS when
/// required, EHLO again, AUTH when credentials are configured.
enum SMTPHandshake {
    static func open(configuration: SMTPConfiguration, tlsContext: NIOSSLContext?, group: any EventLoopGroup, logger: Logger) async throws(SMTPError) -> SMTPConnection {
        let connection = try await SMTPConnection.connect(configuration: configuration, tlsContext: tlsContext, group: group, logger: logger)
        do throws(SMTPError) {
            try await greet(connection)
            try await hello(connection)
            if configuration.security == .startTLS {
                guard let tlsContext else { throw SMTPError(.tls("no TLS context was configured")) }
                try await startTLS(connection, context: tlsContext)
            }
            if let credentials = configuration.credentials {
                try await authenticate(connection, credentials)
            }
            return connection
        } catch {
            connection.close()
            throw error
        }
    }

    private static func greet(_ connection: SMTPConnection) async throws(SMTPError) {
        let reply = try await connection.send("the greeting", nil, timeout: connection.configuration.timeouts.greeting)
        guard reply.code == 220 else { throw SMTPError(.rejected("the connection", reply)) }
    }

    /// EHLO, falling back to HELO on 500 or 502 (then no extensions at all).
    private static func hello(_ connection: SMTPConnection) async throws(SMTPError) {
        let name = connection.configuration.clientName
        let timeout = connection.configuration.timeouts.command
        let reply = try await connection.send("EHLO", "EHLO \(name)", timeout: timeout)
        if reply.code == 250 {
            connection.setCapabilities(SMTPCapabilities(ehloReply: reply))
            return
        }
        guard reply.code == 500 || reply.code == 502 else { throw SMTPError(.rejected("EHLO", reply)) }
        let helo = try await connection.send("HELO", "HELO \(name)", timeout: timeout)
        guard helo.code == 250 else { throw SMTPError(.rejected("HELO", helo)) }
        connection.setCapabilities(.basic)
    }

    /// STARTTLS is required here: not offered, refused or failed means stop.
    private static func startTLS(_ connection: SMTPConnection, context: NIOSSLContext) async throws(SMTPError) {
        guard connection.capabilities.startTLS else { throw SMTPError(.startTLSNotOffered) }
        let reply = try await connection.send("STARTTLS", "STARTTLS", timeout: connection.configuration.timeouts.command)
        guard reply.code == 220 else { throw SMTPError(.rejected("STARTTLS", reply)) }
        try await connection.startTLS(context: context)
        try await hello(connection)
    }

    /// AUTH PLAIN with an initial response, else AUTH LOGIN; only over TLS.
    private static func authenticate(_ connection: SMTPConnection, _ credentials: SMTPConfiguration.Credentials) async throws(SMTPError) {
        guard connection.isTLS else { throw SMTPError(.authenticationNotOffered) }
        let mechanisms = connection.capabilities.authMechanisms
        let timeout = connection.configuration.timeouts.command
        if mechanisms.contains("PLAIN") {
            let token = base64("\0\(credentials.username)\0\(credentials.password)")
            let reply = try await connection.send("AUTH", "AUTH PLAIN \(token)", timeout: timeout)
            guard reply.code == 235 else { throw SMTPError(.rejected("AUTH PLAIN", reply)) }
        } else if mechanisms.contains("LOGIN") {
            try await expect(334, connection.send("AUTH", "AUTH LOGIN", timeout: timeout))
            try await expect(334, connection.send("AUTH", base64(credentials.username), timeout: timeout))
            try await expect(235, connection.send("AUTH", base64(credentials.password), timeout: timeout))
        } else {
            throw SMTPError(.authenticationNotOffered)
        }
    }

    private static func expect(_ code: Int, _ reply: SMTPReply) throws(SMTPError) {
        guard reply.code == code else { throw SMTPError(.rejected("AUTH LOGIN", reply)) }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }
}
