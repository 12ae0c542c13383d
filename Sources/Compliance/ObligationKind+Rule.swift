extension ObligationKind {
    /// The rule's name, for operators.
    public var ruleName: String {
        switch self {
        case .i9Section1: "Form I-9 Section 1 completed by the employee"
        case .i9Section2: "Form I-9 Section 2 completed by the employer"
        case .i9ReceiptDocument: "Document shown for a receipt (receipt rule)"
        case .i9SecondaryReview: "Secondary review of the verification"
        case .i9Reverification: "Reverification (Supplement B)"
        case .i9RetentionEnd: "End of Form I-9 retention"
        case .eVerifyCaseCreation: "E-Verify case created"
        case .eVerifyTNCEmployerAction: "E-Verify TNC: employer refers or closes the case"
        case .eVerifyTNCEmployeeContact: "E-Verify TNC: employee contacts SSA or DHS"
        case .eVerifyCaseClosure: "E-Verify case closed"
        case .auditAnnual: "Annual internal I-9 audit"
        case .trainingProgramUpdate: "Yearly update of the hiring-process training program"
        case .trainingRenewal: "Renewal of a person's I-9 training"
        case .reportAnnual: "Annual report to ICE"
        case .policyReview: "Review of the anti-discrimination and hiring policy"
        case .networkCommunication: "IMAGE guidelines communicated to a hiring-network company"
        case .noMatchAcknowledge: "SSA no-match letter acknowledged"
        case .noMatchResolve: "SSA no-match letter resolved and documented"
        case .tipAcknowledge: "Tip acknowledged"
        case .tipInvestigate: "Investigation of the tip started"
        case .tipRespond: "Tip responded to per protocol"
        case .selfReportCorrect: "Self-reported violation corrected"
        case .selfReportReport: "Self-reported violation reported"
        }
    }

    /// The public source of the rule, and whether the product chose a default.
    public var source: String {
        switch self {
        case .i9Section1: "USCIS M-274 §3; uscis.gov/i-9-central"
        case .i9Section2: "USCIS M-274 §4; E-Verify FAQ on 1–2 day hires (business day: tenant setting countStartDay)"
        case .i9ReceiptDocument: "8 CFR 274a.2(b)(1)(vi); USCIS M-274 §4.3"
        case .i9SecondaryReview: "ICE IMAGE best practices (timing: tenant setting, default 2 business days)"
        case .i9Reverification: "USCIS M-274 §5.1, §6, §7.1; 8 CFR 274a.13(d); Form I-9 Supplement B instructions"
        case .i9RetentionEnd: "USCIS M-274 §10.0"
        case .eVerifyCaseCreation: "uscis.gov/e-verify three-day rule; e-verify.gov outage notices"
        case .eVerifyTNCEmployerAction: "USCIS I-9 Central reminder on TNC actions (10 federal working days)"
        case .eVerifyTNCEmployeeContact: "e-verify.gov how to correct a TNC (8 federal working days)"
        case .eVerifyCaseClosure: "e-verify.gov (every case must be closed; timing: tenant setting)"
        case .auditAnnual: "ICE IMAGE requirements (annual internal I-9 audit; date: tenant setting)"
        case .trainingProgramUpdate: "ICE IMAGE best practices (training program updated annually)"
        case .trainingRenewal: "ICE IMAGE best practices (only trained individuals conduct the I-9 process)"
        case .reportAnnual: "ICE IMAGE best practices (no public due date: IMAGE agreement anniversary by default)"
        case .policyReview: "ICE IMAGE best practices (safeguards against discrimination; cadence: tenant setting)"
        case .networkCommunication: "ICE IMAGE best practices (communicate guidelines to the hiring network)"
        case .noMatchAcknowledge: "ICE IMAGE best practices; windows are tenant settings (2007 safe harbor rescinded)"
        case .noMatchResolve: "ICE IMAGE best practices; windows are tenant settings (2007 safe harbor rescinded)"
        case .tipAcknowledge: "ICE IMAGE best practices (tip protocol; window: tenant setting)"
        case .tipInvestigate: "ICE IMAGE best practices (tip protocol; window: tenant setting)"
        case .tipRespond: "ICE IMAGE best practices (tip protocol; window: tenant setting)"
        case .selfReportCorrect: "ICE IMAGE best practices (self-reporting procedure; window: tenant setting)"
        case .selfReportReport: "ICE IMAGE best practices (self-reporting procedure; window: tenant setting)"
        }
    }
}
