import Testing
@testable import Daemon
@Test func placeholder() { #expect(true) }
