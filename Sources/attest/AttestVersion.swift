/// The release this binary is (`attest --version`, and the name of `make dist`'s tarball).
/// Raised by hand when a release is cut.
enum AttestVersion {
    static let current = "0.10.0"
}
