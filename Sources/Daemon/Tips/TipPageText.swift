import Storage

/// Every sentence of the tip pages, in English and Spanish.
struct TipPageText: Sendable {
    let language: TipLanguage

    private func t(_ en: String, _ es: String) -> String { language == .es ? es : en }

    var formTitle: String { t("Report a concern", "Informar una inquietud") }
    var formIntro: String {
        t("Use this form to report, in confidence, the employment of a person who may not be authorized to work. You do not have to give your name.",
          "Use este formulario para informar, de forma confidencial, el empleo de una persona que quizás no esté autorizada para trabajar. No tiene que dar su nombre.")
    }
    var textLabel: String { t("What did you see or hear?", "¿Qué vio u oyó?") }
    var textHint: String {
        t("Up to \(EventRecordsRepository.tipTextLimit) characters. Please do not include Social Security numbers.",
          "Hasta \(EventRecordsRepository.tipTextLimit) caracteres. Por favor no incluya números de Seguro Social.")
    }
    var contactLabel: String { t("How can we reach you? (optional)", "¿Cómo podemos contactarle? (opcional)") }
    var contactHint: String {
        t("Leave this empty to stay anonymous.", "Déjelo vacío para permanecer en el anonimato.")
    }
    var submit: String { t("Send the report", "Enviar el informe") }
    var stored: String {
        t("Your report is stored encrypted. We do not record your IP address or your browser.",
          "Su informe se guarda cifrado. No registramos su dirección IP ni su navegador.")
    }
    var statusLink: String { t("Already sent a report? Check its status", "¿Ya envió un informe? Consulte su estado") }
    var otherLanguage: String { t("Español", "English") }

    var receiptTitle: String { t("Report received", "Informe recibido") }
    var receiptIntro: String {
        t("Thank you. Write down this receipt code: it is the only way to check the status of your report and read our answer. We cannot show it again.",
          "Gracias. Anote este código de recibo: es la única forma de consultar el estado de su informe y leer nuestra respuesta. No podemos mostrarlo de nuevo.")
    }
    var receiptCode: String { t("Receipt code", "Código de recibo") }

    var statusTitle: String { t("Status of a report", "Estado de un informe") }
    var codeLabel: String { t("Receipt code", "Código de recibo") }
    var codeHint: String { t("20 letters and digits, for example ABCDE-FGHIJ-KLMNO-PQRST.", "20 letras y números, por ejemplo ABCDE-FGHIJ-KLMNO-PQRST.") }
    var check: String { t("Check the status", "Consultar el estado") }
    var noMatch: String {
        t("No report matches this code. Check the code and try again.",
          "Ningún informe corresponde a este código. Revise el código e inténtelo de nuevo.")
    }
    var received: String { t("Received on", "Recibido el") }
    var statusLabel: String { t("Status", "Estado") }
    var answerLabel: String { t("Our answer", "Nuestra respuesta") }
    var noAnswer: String { t("There is no answer yet.", "Todavía no hay respuesta.") }
    var newReport: String { t("Send a new report", "Enviar un nuevo informe") }

    func status(_ status: TipRecord.Status) -> String {
        switch status {
        case .received: t("Received, waiting to be reviewed", "Recibido, pendiente de revisión")
        case .acknowledged: t("Acknowledged, under review", "Confirmado, en revisión")
        case .investigating: t("Being investigated", "En investigación")
        case .responded: t("Answered", "Respondido")
        case .closed: t("Closed", "Cerrado")
        }
    }

    var errorTitle: String { t("The report was not sent", "El informe no se envió") }
    var emptyText: String { t("Please describe what you want to report.", "Por favor describa lo que quiere informar.") }
    func tooLongText(_ count: Int) -> String {
        t("Your text has \(count) characters; the limit is \(EventRecordsRepository.tipTextLimit). Please shorten it.",
          "Su texto tiene \(count) caracteres; el límite es \(EventRecordsRepository.tipTextLimit). Por favor acórtelo.")
    }
    var tooLongContact: String {
        t("The contact has more than \(EventRecordsRepository.tipContactLimit) characters.",
          "El contacto tiene más de \(EventRecordsRepository.tipContactLimit) caracteres.")
    }
    var badForm: String { t("The form could not be read. Please try again.", "No se pudo leer el formulario. Por favor inténtelo de nuevo.") }
    var tooLarge: String { t("The report is too large. Please shorten it.", "El informe es demasiado grande. Por favor acórtelo.") }
    var forbidden: String {
        t("This form has expired or was sent from another site. Please open the form again and resend.",
          "Este formulario caducó o se envió desde otro sitio. Por favor abra el formulario de nuevo y vuelva a enviarlo.")
    }
    var tooMany: String {
        t("Too many attempts. Please wait a few minutes and try again.",
          "Demasiados intentos. Por favor espere unos minutos e inténtelo de nuevo.")
    }
    var unavailable: String {
        t("The report line is not available right now. Please try again later or contact the company by another way.",
          "La línea de informes no está disponible en este momento. Inténtelo más tarde o comuníquese con la empresa por otro medio.")
    }
    var failed: String { t("Something went wrong. Please try again later.", "Algo salió mal. Por favor inténtelo más tarde.") }
    var notFound: String { t("There is no report form here.", "No hay ningún formulario de informes aquí.") }
}
