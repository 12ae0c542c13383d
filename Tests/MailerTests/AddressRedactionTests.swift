import Mailer
import Testing

@Suite("Addresses hidden in logged replies")
struct AddressRedactionTests {
    @Test("the local part goes, the domain stays", arguments: [
        ("550 5.1.1 <jane.doe@alpha.example>: Recipient address rejected", "550 5.1.1 <…@alpha.example>: Recipient address rejected"),
        ("250 2.1.5 Ok jane+tag@alpha.example, bob@beta.example", "250 2.1.5 Ok …@alpha.example, …@beta.example"),
        ("452 4.2.2 mailbox full: \"x y\"@z.example", "452 4.2.2 mailbox full: \"x y\"@z.example"),
        ("421 4.3.2 Service shutting down", "421 4.3.2 Service shutting down"),
        ("user@ alone and @domain.example and a@@b", "user@ alone and @domain.example and a@@b"),
        ("550 <é@ü.example>", "550 <…@ü.example>"),
    ])
    func redacted(reply: String, expected: String) {
        #expect(AddressRedaction.redacted(reply) == expected)
    }
}
