-- 004: tips and their protocol, self-reported violations, and the companies of the
-- hiring network with the IMAGE communications sent to them.

CREATE TABLE attest.tips (
    tenant_id       uuid NOT NULL REFERENCES attest.tenants (id),
    tip_id          text NOT NULL,
    received_on     date NOT NULL,
    channel         text NOT NULL,
    anonymous       boolean NOT NULL DEFAULT true,
    status          text NOT NULL DEFAULT 'received',
    acknowledged_on date,
    responded_on    date,
    closed_on       date,
    protocol_steps  text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, tip_id),
    CONSTRAINT tips_id_format CHECK (tip_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT tips_channel_known CHECK (channel IN ('web', 'phone', 'email', 'mail', 'in_person', 'other')),
    CONSTRAINT tips_status_known CHECK (status IN ('received', 'acknowledged', 'investigating', 'responded', 'closed')),
    CONSTRAINT tips_dates_in_order CHECK (
        (acknowledged_on IS NULL OR acknowledged_on >= received_on)
        AND (responded_on IS NULL OR responded_on >= received_on)
        AND (closed_on IS NULL OR closed_on >= received_on))
);

CREATE TABLE attest.self_reports (
    tenant_id          uuid NOT NULL REFERENCES attest.tenants (id),
    report_id          text NOT NULL,
    discovered_on      date NOT NULL,
    source             text NOT NULL,
    source_ref         text,
    description        text NOT NULL,
    corrective_action  text,
    follow_up_on       date,
    corrected_on       date,
    reported_to_ice_on date,
    PRIMARY KEY (tenant_id, report_id),
    CONSTRAINT self_reports_id_format CHECK (report_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT self_reports_source_known CHECK (source IN ('audit', 'tip', 'nomatch', 'everify', 'other')),
    CONSTRAINT self_reports_dates_in_order CHECK (
        (follow_up_on IS NULL OR follow_up_on >= discovered_on)
        AND (corrected_on IS NULL OR corrected_on >= discovered_on)
        AND (reported_to_ice_on IS NULL OR reported_to_ice_on >= discovered_on)),
    CONSTRAINT self_reports_correction_described CHECK (corrected_on IS NULL OR coalesce(corrective_action, '') <> '')
);

CREATE TABLE attest.network_companies (
    tenant_id     uuid NOT NULL REFERENCES attest.tenants (id),
    company_id    text NOT NULL,
    name          text NOT NULL,
    contact_name  text,
    contact_email text,
    joined_on     date NOT NULL,
    PRIMARY KEY (tenant_id, company_id),
    CONSTRAINT network_companies_id_format CHECK (company_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$')
);

CREATE TABLE attest.network_communications (
    tenant_id  uuid NOT NULL,
    company_id text NOT NULL,
    sent_on    date NOT NULL,
    channel    text NOT NULL DEFAULT 'email',
    reference  text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, company_id, sent_on),
    FOREIGN KEY (tenant_id, company_id) REFERENCES attest.network_companies (tenant_id, company_id)
);

SELECT attest.isolate_tenant_table(t) FROM unnest(ARRAY[
    'attest.tips', 'attest.self_reports', 'attest.network_companies', 'attest.network_communications']::regclass[]) AS t;
GRANT SELECT, INSERT, UPDATE ON attest.tips, attest.self_reports, attest.network_companies, attest.network_communications
    TO attest_app, attest_operator;
