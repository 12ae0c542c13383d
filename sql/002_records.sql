-- 002: the records of the IMAGE practices, the obligations derived from them, and the
-- append-only event trail. Every table: tenant_id first in every key, forced RLS.
-- No full Social Security number is stored anywhere.

-- Per-tenant compliance settings (Compliance.ComplianceSettings as JSON; defaults when absent).
CREATE TABLE attest.tenant_settings (
    tenant_id  uuid        NOT NULL REFERENCES attest.tenants (id),
    settings   jsonb       NOT NULL DEFAULT '{}',
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id),
    CONSTRAINT tenant_settings_is_object CHECK (jsonb_typeof(settings) = 'object')
);

-- Days the tenant does not operate besides federal holidays.
CREATE TABLE attest.tenant_closures (
    tenant_id uuid NOT NULL REFERENCES attest.tenants (id),
    day       date NOT NULL,
    note      text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, day)
);

-- Federal closures by executive order and E-Verify outages: one calendar for everyone.
CREATE TABLE attest.calendar_days (
    day         date NOT NULL,
    kind        text NOT NULL,
    catch_up_on date,
    note        text NOT NULL DEFAULT '',
    PRIMARY KEY (day, kind),
    CONSTRAINT calendar_days_kind_known CHECK (kind IN ('federal_closure', 'everify_outage')),
    CONSTRAINT calendar_days_catch_up_after CHECK (catch_up_on IS NULL OR catch_up_on > day)
);

CREATE TABLE attest.people (
    tenant_id   uuid        NOT NULL REFERENCES attest.tenants (id),
    external_id text        NOT NULL,
    name        text        NOT NULL,
    email       text,
    roles       text[]      NOT NULL DEFAULT '{}',
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, external_id),
    CONSTRAINT people_external_id_format CHECK (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT people_roles_known CHECK (roles <@ ARRAY['i9_preparer', 'i9_reviewer', 'auditor', 'contact', 'hr', 'operator']::text[])
);

CREATE TABLE attest.curriculum_versions (
    tenant_id    uuid NOT NULL REFERENCES attest.tenants (id),
    version      text NOT NULL,
    published_on date NOT NULL,
    PRIMARY KEY (tenant_id, version)
);

CREATE TABLE attest.trainings (
    tenant_id    uuid NOT NULL,
    person_id    text NOT NULL,
    completed_on date NOT NULL,
    curriculum   text,
    PRIMARY KEY (tenant_id, person_id, completed_on),
    FOREIGN KEY (tenant_id, person_id) REFERENCES attest.people (tenant_id, external_id),
    FOREIGN KEY (tenant_id, curriculum) REFERENCES attest.curriculum_versions (tenant_id, version)
);

CREATE TABLE attest.hires (
    tenant_id                  uuid        NOT NULL REFERENCES attest.tenants (id),
    external_id                text        NOT NULL,
    start_date                 date        NOT NULL,
    job_business_days          integer,
    termination_date           date,
    citizenship                text,
    work_authorization_expires date,
    document_list              text,
    document_expires           date,
    receipt_shown              boolean     NOT NULL DEFAULT false,
    everify_required           boolean     NOT NULL DEFAULT true,
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, external_id),
    CONSTRAINT hires_external_id_format CHECK (external_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT hires_job_days_positive CHECK (job_business_days IS NULL OR job_business_days > 0),
    CONSTRAINT hires_termination_after_start CHECK (termination_date IS NULL OR termination_date >= start_date),
    CONSTRAINT hires_citizenship_known CHECK (citizenship IN ('citizen', 'national', 'permanent_resident', 'alien_authorized')),
    CONSTRAINT hires_document_list_known CHECK (document_list IN ('a', 'b', 'c')),
    CONSTRAINT hires_document_expiry_needs_list CHECK (document_expires IS NULL OR document_list IS NOT NULL)
);

-- Form I-9 of a hire: who prepared Section 2 and who reviewed it, and when.
CREATE TABLE attest.i9_records (
    tenant_id                     uuid NOT NULL,
    hire_id                       text NOT NULL,
    section1_completed_on         date,
    section2_completed_on         date,
    preparer_id                   text,
    reviewer_id                   text,
    reviewed_on                   date,
    receipt_document_received_on  date,
    PRIMARY KEY (tenant_id, hire_id),
    FOREIGN KEY (tenant_id, hire_id) REFERENCES attest.hires (tenant_id, external_id),
    FOREIGN KEY (tenant_id, preparer_id) REFERENCES attest.people (tenant_id, external_id),
    FOREIGN KEY (tenant_id, reviewer_id) REFERENCES attest.people (tenant_id, external_id),
    CONSTRAINT i9_reviewer_is_not_preparer CHECK (reviewer_id IS NULL OR reviewer_id IS DISTINCT FROM preparer_id),
    CONSTRAINT i9_preparer_with_section2 CHECK ((section2_completed_on IS NULL) = (preparer_id IS NULL)),
    CONSTRAINT i9_reviewer_with_review CHECK ((reviewed_on IS NULL) = (reviewer_id IS NULL)),
    CONSTRAINT i9_review_after_section2 CHECK (reviewed_on IS NULL OR (section2_completed_on IS NOT NULL AND reviewed_on >= section2_completed_on))
);

CREATE TABLE attest.everify_cases (
    tenant_id       uuid NOT NULL,
    case_number     text NOT NULL,
    hire_id         text NOT NULL,
    created_on      date NOT NULL,
    status          text NOT NULL DEFAULT 'open',
    tnc_issued_on   date,
    referred_on     date,
    final_result_on date,
    closed_on       date,
    closure_reason  text,
    late_reason     text,
    PRIMARY KEY (tenant_id, case_number),
    FOREIGN KEY (tenant_id, hire_id) REFERENCES attest.hires (tenant_id, external_id),
    CONSTRAINT everify_case_number_format CHECK (case_number ~ '^[A-Za-z0-9-]{1,32}$'),
    CONSTRAINT everify_status_known CHECK (status IN ('open', 'tnc', 'referred', 'employment_authorized', 'final_nonconfirmation', 'closed')),
    CONSTRAINT everify_late_reason_known CHECK (late_reason IS NULL OR late_reason IN ('everify_outage', 'ssn_awaited', 'other')),
    CONSTRAINT everify_dates_in_order CHECK (
        (tnc_issued_on IS NULL OR tnc_issued_on >= created_on)
        AND (referred_on IS NULL OR (tnc_issued_on IS NOT NULL AND referred_on >= tnc_issued_on))
        AND (closed_on IS NULL OR closed_on >= created_on))
);
CREATE INDEX everify_cases_hire_idx ON attest.everify_cases (tenant_id, hire_id);

CREATE TABLE attest.audits (
    tenant_id     uuid NOT NULL REFERENCES attest.tenants (id),
    year          integer NOT NULL,
    period_start  date NOT NULL,
    period_end    date NOT NULL,
    auditor_id    text,
    external_firm text,
    scheduled_on  date,
    completed_on  date,
    findings      text,
    PRIMARY KEY (tenant_id, year),
    FOREIGN KEY (tenant_id, auditor_id) REFERENCES attest.people (tenant_id, external_id),
    CONSTRAINT audits_one_auditor CHECK ((auditor_id IS NULL) <> (external_firm IS NULL)),
    CONSTRAINT audits_period_in_order CHECK (period_end >= period_start)
);

CREATE TABLE attest.nomatch_letters (
    tenant_id       uuid NOT NULL REFERENCES attest.tenants (id),
    letter_id       text NOT NULL,
    received_on     date NOT NULL,
    hire_id         text,
    source          text NOT NULL DEFAULT 'ssa',
    steps           text NOT NULL DEFAULT '',
    acknowledged_on date,
    resolved_on     date,
    resolution      text,
    evidence_ref    text,
    PRIMARY KEY (tenant_id, letter_id),
    FOREIGN KEY (tenant_id, hire_id) REFERENCES attest.hires (tenant_id, external_id),
    CONSTRAINT nomatch_letter_id_format CHECK (letter_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    CONSTRAINT nomatch_dates_in_order CHECK (
        (acknowledged_on IS NULL OR acknowledged_on >= received_on)
        AND (resolved_on IS NULL OR resolved_on >= received_on)),
    CONSTRAINT nomatch_resolution_documented CHECK (
        resolved_on IS NULL OR (coalesce(resolution, '') <> '' AND coalesce(evidence_ref, '') <> ''))
);

CREATE TABLE attest.policies (
    tenant_id        uuid NOT NULL REFERENCES attest.tenants (id),
    policy_id        text NOT NULL,
    kind             text NOT NULL,
    title            text NOT NULL,
    last_reviewed_on date NOT NULL,
    PRIMARY KEY (tenant_id, policy_id),
    CONSTRAINT policies_kind_known CHECK (kind IN ('anti_discrimination', 'hiring', 'self_reporting', 'tip_protocol'))
);

CREATE TABLE attest.annual_reports (
    tenant_id    uuid NOT NULL REFERENCES attest.tenants (id),
    year         integer NOT NULL,
    submitted_on date NOT NULL,
    reference    text NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, year)
);

-- What someone must do by a date: derived by the Compliance rules, reconciled here.
CREATE TABLE attest.obligations (
    tenant_id    uuid        NOT NULL REFERENCES attest.tenants (id),
    id           uuid        NOT NULL DEFAULT gen_random_uuid(),
    source_key   text        NOT NULL,
    kind         text        NOT NULL,
    subject_kind text        NOT NULL,
    subject_id   text        NOT NULL,
    cycle        text        NOT NULL,
    due_on       date        NOT NULL,
    state        text        NOT NULL DEFAULT 'open',
    completed_on date,
    evidence     text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, id),
    CONSTRAINT obligations_source_key UNIQUE (tenant_id, source_key),
    CONSTRAINT obligations_state_known CHECK (state IN ('open', 'done', 'waived', 'cancelled')),
    CONSTRAINT obligations_done_has_evidence CHECK (state <> 'done' OR (completed_on IS NOT NULL AND evidence IS NOT NULL))
);
CREATE INDEX obligations_subject_idx ON attest.obligations (tenant_id, subject_kind, subject_id);
CREATE INDEX obligations_open_due_idx ON attest.obligations (tenant_id, due_on) WHERE state = 'open';

-- Every change: who, what, when, which subject. Append-only.
CREATE TABLE attest.events (
    tenant_id    uuid        NOT NULL REFERENCES attest.tenants (id),
    id           bigint      GENERATED ALWAYS AS IDENTITY,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    actor        text        NOT NULL,
    action       text        NOT NULL,
    subject_kind text        NOT NULL,
    subject_id   text        NOT NULL,
    details      jsonb       NOT NULL DEFAULT '{}',
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX events_subject_idx ON attest.events (tenant_id, subject_kind, subject_id);

CREATE FUNCTION attest.refuse_event_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
    RAISE EXCEPTION 'attest.events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON attest.events
    FOR EACH ROW EXECUTE FUNCTION attest.refuse_event_change();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON attest.events
    FOR EACH STATEMENT EXECUTE FUNCTION attest.refuse_event_change();

SELECT attest.isolate_tenant_table(t) FROM unnest(ARRAY[
    'attest.tenant_settings', 'attest.tenant_closures', 'attest.people', 'attest.curriculum_versions',
    'attest.trainings', 'attest.hires', 'attest.i9_records', 'attest.everify_cases', 'attest.audits',
    'attest.nomatch_letters', 'attest.policies', 'attest.annual_reports', 'attest.obligations',
    'attest.events']::regclass[]) AS t;

-- The shared calendar: everyone reads it, operators keep it.
ALTER TABLE attest.calendar_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE attest.calendar_days FORCE ROW LEVEL SECURITY;
CREATE POLICY everyone_reads ON attest.calendar_days FOR SELECT TO attest_app, attest_operator USING (true);
CREATE POLICY operator_scope ON attest.calendar_days TO attest_operator USING (true) WITH CHECK (true);
GRANT SELECT ON attest.calendar_days TO attest_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON attest.calendar_days TO attest_operator;

GRANT SELECT, INSERT, UPDATE ON
    attest.tenant_settings, attest.tenant_closures, attest.people, attest.curriculum_versions,
    attest.trainings, attest.hires, attest.i9_records, attest.everify_cases, attest.audits,
    attest.nomatch_letters, attest.policies, attest.annual_reports, attest.obligations
    TO attest_app, attest_operator;
GRANT DELETE ON attest.tenant_closures TO attest_app, attest_operator;
GRANT SELECT, INSERT ON attest.events TO attest_app, attest_operator;
