#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The directory of tip private keys (`ATTEST_TIP_KEY_DIR`): one file per key, named
/// `<key id>.key`, holding the key in base64. Only the machines that open tips hold
/// it (the operators' command line, the console); the daemon that takes tips does not.
public struct TipKeyDirectory: Sendable {
    /// The directory's path.
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// The file of key `keyID`.
    public func file(for keyID: String) -> String {
        (path.hasSuffix("/") ? path : path + "/") + keyID + ".key"
    }

    /// Writes a new key's file, created with `O_CREAT|O_EXCL` and mode 0600 from the
    /// start (an existing file is never overwritten), and flushed to disk; makes the
    /// directory (mode 0700) when it is missing. Returns the file's path.
    public func create(_ key: TipPrivateKey) throws(TipKeyError) -> String {
        if mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw TipKeyError("cannot make the key directory \(path): \(Self.reason())")
        }
        let file = file(for: key.keyID)
        let descriptor = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw TipKeyError(errno == EEXIST ? "\(file) exists: a key file is never overwritten" : "cannot create \(file): \(Self.reason())")
        }
        defer { close(descriptor) }
        let contents = key.fileContents
        let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == contents.count, fsync(descriptor) == 0 else {
            unlink(file)
            throw TipKeyError("cannot write \(file): \(Self.reason())")
        }
        return file
    }

    /// Key `keyID`, read from its file. A file its group or others may read or write is
    /// refused, naming the file; so is one that holds another key than its name says.
    public func load(keyID: String) throws(TipKeyError) -> TipPrivateKey {
        guard TipKeyID.isWellFormed(keyID) else { throw TipKeyError("\"\(keyID)\" is not a tip key id") }
        let file = file(for: keyID)
        guard FileManager.default.fileExists(atPath: file) else {
            throw TipKeyError("no file for tip key \(keyID): \(file) is missing (a tip sealed before per-tenant keys opens with ATTEST_TIP_KEY_FILE)")
        }
        let text = try PrivateFile.read(file)
        let key: TipPrivateKey
        do {
            key = try TipPrivateKey(fileText: text)
        } catch {
            throw TipKeyError("\(file): \(error.description)")
        }
        guard key.keyID == keyID else { throw TipKeyError("\(file) holds key \(key.keyID), not \(keyID)") }
        return key
    }

    /// Whether the directory holds a file for key `keyID`.
    public func holds(keyID: String) -> Bool {
        TipKeyID.isWellFormed(keyID) && FileManager.default.fileExists(atPath: file(for: keyID))
    }

    /// Removes the file of a key that was never put to use (a rotation that failed).
    public func discard(keyID: String) {
        guard TipKeyID.isWellFormed(keyID) else { return }
        unlink(file(for: keyID))
    }

    private static func reason() -> String {
        String(cString: strerror(errno))
    }
}

/// Reads files that hold secrets, refusing those that are not private to their owner.
public enum PrivateFile {
    /// The UTF-8 text of `path`. Refused, naming the file, when it is not a regular
    /// file or when its group or others may read or write it.
    public static func read(_ path: String) throws(TipKeyError) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw TipKeyError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else { throw TipKeyError("\(path) is not a regular file") }
        let mode = status.st_mode & 0o777
        guard mode & 0o077 == 0 else {
            throw TipKeyError("\(path) can be read or written by its group or others (mode \(String(mode, radix: 8))): a key file must be private to its owner (chmod 600 \(path))")
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw TipKeyError("cannot read \(path)") }
        return String(decoding: data, as: UTF8.self)
    }
}
