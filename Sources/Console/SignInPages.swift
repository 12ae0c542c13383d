import Storage
import WebCommon

/// The HTML of the sign-in steps: e-mail and password, the second factor (enrolment
/// or a code), a new password. Every field has its label; errors are announced.
enum SignInPages {
    static func password(token: String, email: String = "", error: String? = nil) -> HTML {
        Layout.page(title: "Sign in", body: """
            <div class="narrow"><h1>Sign in</h1>\(errorNote(error))
            <form id="sign-in" method="post" action="/sign-in">
            <input type="hidden" name="form_token" value="\(token)">
            <label for="email">E-mail address</label>
            <input type="email" id="email" name="email" autocomplete="username" required value="\(email)">
            <label for="password">Password</label>
            <input type="password" id="password" name="password" autocomplete="current-password" required>
            <p><button type="submit">Continue</button></p></form></div>
            """)
    }

    static func code(session: ConsoleSession, error: String? = nil) -> HTML {
        Layout.page(title: "Second factor", body: """
            <div class="narrow"><h1>Enter your code</h1>\(errorNote(error))
            <p>Open the authenticator app you enrolled for \(session.email) and enter the 6-digit code it shows now.</p>
            \(codeForm(session: session))</div>
            """)
    }

    static func enrolment(session: ConsoleSession, key: String, uri: String, error: String? = nil) -> HTML {
        Layout.page(title: "Set up your second factor", body: """
            <div class="narrow"><h1>Set up your second factor</h1>\(errorNote(error))
            <p>Every sign-in asks for a code from an authenticator app (time-based one-time passwords, RFC 6238).
            Add this account to your app with the key below, or with the <code>otpauth</code> address, then enter the code it shows.</p>
            <p>Key: <code class="secret" id="totp-secret">\(key)</code></p>
            <p>Address: <code id="totp-uri">\(uri)</code></p>
            <p class="hint">Keep the key private: anyone who has it can make your codes.</p>
            \(codeForm(session: session))</div>
            """)
    }

    static func newPassword(session: ConsoleSession, error: String? = nil) -> HTML {
        Layout.page(title: "Choose a password", body: """
            <div class="narrow"><h1>Choose your password</h1>\(errorNote(error))
            <p>You signed in with a one-time password. Choose your own: at least 12 characters; a few unrelated words work well.</p>
            <form id="new-password-form" method="post" action="/sign-in/new-password">
            <input type="hidden" name="form_token" value="\(session.formToken)">
            <input type="text" name="username" value="\(session.email)" autocomplete="username" hidden>
            <label for="new-password">New password</label>
            <input type="password" id="new-password" name="password" autocomplete="new-password" required minlength="12">
            <label for="confirm-password">The same password again</label>
            <input type="password" id="confirm-password" name="confirm" autocomplete="new-password" required minlength="12">
            <p><button type="submit">Save and continue</button></p></form></div>
            """)
    }

    static func locked(token: String) -> HTML {
        password(token: token, error: "Too many failed sign-ins. Wait 15 minutes, then try again.")
    }

    private static func codeForm(session: ConsoleSession) -> HTML {
        """
        <form id="second-factor" method="post" action="/sign-in/second-factor">
        <input type="hidden" name="form_token" value="\(session.formToken)">
        <label for="code">6-digit code</label>
        <input type="text" id="code" name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required>
        <p><button type="submit">Verify</button></p></form>
        """
    }

    private static func errorNote(_ error: String?) -> HTML {
        error.map { "<p class=\"error\" role=\"alert\">\($0)</p>" } ?? ""
    }
}
