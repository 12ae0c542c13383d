/// How long to wait for each SMTP reply (RFC 5321 §4.5.3.2). After a timeout the
/// connection is closed and never reused.
public struct SMTPTimeouts: Sendable, Equatable {
    /// Opening the TCP connection.
    public var connect: Duration
    /// The 220 greeting (RFC: 5 minutes).
    public var greeting: Duration
    /// EHLO, STARTTLS, AUTH, RSET, NOOP and QUIT (RFC 5321 gives no figure; 5 minutes).
    public var command: Duration
    /// MAIL FROM (RFC: 5 minutes).
    public var mail: Duration
    /// Each RCPT TO (RFC: 5 minutes).
    public var recipient: Duration
    /// DATA to its 354 reply (RFC: 2 minutes).
    public var dataInitiation: Duration
    /// Writing the message body (RFC: 3 minutes per data block).
    public var dataBlock: Duration
    /// The final `.` to its reply (RFC: 10 minutes).
    public var dataTermination: Duration

    /// The values RFC 5321 §4.5.3.2 sets.
    public static let rfc5321 = SMTPTimeouts(
        connect: .seconds(30), greeting: .seconds(300), command: .seconds(300), mail: .seconds(300),
        recipient: .seconds(300), dataInitiation: .seconds(120), dataBlock: .seconds(180),
        dataTermination: .seconds(600)
    )

    /// Creates a set of timeouts.
    public init(
        connect: Duration, greeting: Duration, command: Duration, mail: Duration, recipient: Duration,
        dataInitiation: Duration, dataBlock: Duration, dataTermination: Duration
    ) {
        self.connect = connect
        self.greeting = greeting
        self.command = command
        self.mail = mail
        self.recipient = recipient
        self.dataInitiation = dataInitiation
        self.dataBlock = dataBlock
        self.dataTermination = dataTermination
    }

    /// Every timeout set to `duration` (for tests and impatient tools).
    public static func all(_ duration: Duration) -> SMTPTimeouts {
        SMTPTimeouts(
            connect: duration, greeting: duration, command: duration, mail: duration, recipient: duration,
            dataInitiation: duration, dataBlock: duration, dataTermination: duration
        )
    }
}
