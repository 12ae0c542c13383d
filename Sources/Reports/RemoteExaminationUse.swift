/// Remote examination of documents (DHS alternative procedure, 88 FR 47749) by site:
/// an employer that offers it at a site offers it to every employee hired for that
/// site alike (it may not choose by citizenship or national origin), so a site where
/// some hires were examined remotely and others in person is flagged for review.
struct RemoteExaminationUse {
    let hires: [HireFacts]

    /// How many hires were examined remotely.
    var remoteCount: Int { hires.filter(\.remoteExamination).count }

    /// One message per site with both remote and in-person examinations, by site.
    var flags: [(site: String, detail: String)] {
        let bySite = Dictionary(grouping: hires) { $0.site ?? "" }
        return bySite.keys.sorted().compactMap { site in
            let group = bySite[site] ?? []
            let remote = group.filter(\.remoteExamination).count
            guard remote > 0, remote < group.count else { return nil }
            let name = site.isEmpty ? "hires with no site recorded" : "site \(site)"
            return (site, "At \(name), \(remote) of \(group.count) hires had their documents examined remotely and the others in person: "
                    + "the DHS alternative procedure is offered to every employee of a site alike, never by citizenship or national origin; "
                    + "review why. A prompt, not a verdict.")
        }
    }
}
