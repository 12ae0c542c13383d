import Foundation
import Storage
import WebCommon

/// Decodes the bytes as the public tip form's POST body, exactly as
/// `TipFormController.admit` does (UTF-8, then `FormFields`), then reads the fields the
/// form's handlers read: the token, the language, the tip text and contact (trimmed,
/// counted) and the receipt code of a status look-up.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let body = UnsafeBufferPointer(start: data, count: size)
    guard let text = String(validating: body, as: UTF8.self), let form = FormFields(body: text) else { return 0 }
    _ = form["csrf"]?.utf8.count
    _ = form["lang"]?.lowercased()
    let tipText = form["text"] ?? ""
    let contact = (form["contact"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    _ = tipText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
    _ = tipText.count + contact.count
    if let code = TipReceiptCode(typed: form["code"] ?? "") {
        precondition(code.characters.count == 20, "a receipt code of \(code.characters.count) characters")
        let grouped = code.grouped
        precondition(TipReceiptCode(typed: grouped) == code, "a grouped code does not read back")
    }
    return 0
}
