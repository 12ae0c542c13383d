#!/usr/bin/env bash
# Fuzzes the daemon's JSON API with schemathesis against docs/openapi.json (issue 15, item 14).
#
#   deploy/testing/api/schemathesis-run.sh BASE_URL TOKEN [MAX_EXAMPLES]
#
# BASE_URL is the daemon's address (http://127.0.0.1:PORT; the document's paths carry
# /api/v1), TOKEN an API token of tenant `alpha`, the only tenant exercised (every `slug` is
# `alpha`). Install schemathesis first with deploy/testing/api/install-fuzz-deps.sh.
# Bounded and reproducible: a fixed seed, the fuzzing phase with at most MAX_EXAMPLES
# (default 10) valid and invalid cases per operation (about 450 requests, 1.5 minutes
# against a debug build that spends ~0.25 s of CPU on each tenant request; 25 takes about
# 5 minutes on 2 busy cores), no stateful phase (the document has no links), a 300 s
# timeout, and no requests but to BASE_URL. ATTEST_FUZZ_PHASES=coverage,fuzzing adds the
# coverage phase's boundary values of valid requests (about 400 requests more). Two
# workers: the order of requests, hence of the records they meet, may vary between runs.
# Fuzzing writes records: run it against a throwaway database. Exits non-zero on any
# failure, after printing the failures (with a curl line each) and the summary.
#
# Checks (every one but negative_data_rejection):
# - not_a_server_error: no 5xx, for valid and invalid requests alike.
# - positive_data_acceptance, sharpened by attest_valid_request_accepted below: a request
#   the document calls valid gets no 4xx but 401/403 (auth), 404 (an id nothing is
#   recorded under), 409 and 429. 400 and 422 are failures, except where the document
#   cannot state the rule: a 422 `rule_violation` about stored records or the order of
#   dates (a preparer who is not a trained person, a TNC before its case …; not an id or
#   length rule, which the document states), scheduleAudit's `to` before `from`, the
#   order of the settings' windows, new settings a stored record breaks (a preparer's
#   training no longer current under a shorter validity), and a 400 for a `cursor` the
#   API never issued.
# - response conformance (status codes, content types, headers, bodies against the
#   document), missing or ignored auth, unsupported methods, Allow headers.
# negative_data_rejection is left out: the document may be stricter than the server
# (lengths in code points where the server counts characters, e-mail addresses in
# ASCII), which is safe for clients but would be reported as "invalid data accepted".
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 BASE_URL TOKEN [MAX_EXAMPLES]" >&2
    exit 2
fi
base_url=${1%/}
token=$2
max_examples=${3:-10}
[[ $max_examples =~ ^[1-9][0-9]*$ ]] || { echo "MAX_EXAMPLES must be a positive whole number" >&2; exit 2; }
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
venv=${ATTEST_TEST_VENV:-/opt/attest-test-venv}
[ -x "$venv/bin/schemathesis" ] || { echo "schemathesis is not installed in $venv: run $here/install-fuzz-deps.sh" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/attest-schemathesis.XXXXXX")
trap 'rm -rf "$work"' EXIT

cat > "$work/schemathesis.toml" <<TOML
seed = 20261204
workers = 2
request-timeout = 10
hooks = "$work/attest_checks.py"

[generation]
max-examples = $max_examples
database = "none"

# Coverage (only with ATTEST_FUZZ_PHASES=coverage,fuzzing): the document's boundary
# values (lengths, ranges, enums) of valid requests only; the fuzzing phase sends invalid
# data too.
[phases.coverage.generation]
mode = "positive"

[phases.stateful]
enabled = false

[parameters]
"path.slug" = "alpha"

# 400 and 422 are judged by attest_valid_request_accepted (the hooks file).
[checks.positive_data_acceptance]
expected-statuses = ["2xx", "3xx", "400", "401", "403", "404", "409", "422", "429", "5xx"]
TOML

cat > "$work/attest_checks.py" <<'PY'
import re

import schemathesis
from schemathesis.specs.openapi.checks import is_unexpected_http_status_case

# Record-rule messages that are about a value's own form: the document states these, so
# a schema-valid request must never get them.
FORM_RULES = re.compile(r"is not an id|is not a version name|is not an E-Verify case number|characters|is outside")
# Rules between fields of one body that JSON Schema cannot state: (operationId, field, message part).
CROSS_FIELD = [("scheduleAudit", "to", "must not be before from"), ("replaceSettings", "settings", "must not be shorter than")]
# New settings are applied to the stored records: a record the new windows make break a
# rule (a preparer whose training no longer counts as current) refuses the change.
STORED_RECORD = re.compile(r"^[a-z_0-9]+: (hire|person|tip|letter|self-report|audit|company) [^:]+: ")


def _tolerated(case, status, error):
    code, field, message = error.get("code"), error.get("field"), error.get("message") or ""
    if status == 400:
        return code == "invalid_parameter" and field == "cursor"
    if status != 422:
        return False
    if code == "rule_violation" and case.operation.definition.raw.get("operationId") != "replaceSettings":
        return not FORM_RULES.search(message)
    operation = case.operation.definition.raw.get("operationId")
    if operation == "replaceSettings" and code == "rule_violation" and STORED_RECORD.search(message):
        return True
    return any(operation == o and field == f and part in message for o, f, part in CROSS_FIELD)


@schemathesis.check
def attest_valid_request_accepted(ctx, response, case):
    """A request the document calls valid is not refused as malformed (400, 422)."""
    if response.status_code not in (400, 422) or is_unexpected_http_status_case(case):
        return None
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    try:
        error = response.json()["error"]
    except Exception:
        error = {}
    if _tolerated(case, response.status_code, error):
        return None
    raise AssertionError(f"Schema-valid request refused: {response.status_code} {error.get('code')} "
                         f"field {error.get('field')!r}: {error.get('message')}")
PY

cd "$work"
# Only BASE_URL is contacted: no proxies, no remote references (the document has none).
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='*' no_proxy='*' SCHEMATHESIS_HOOKS=
status=0
timeout 300 nice -n 10 "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$repo/docs/openapi.json" \
    --url "$base_url" --header "Authorization: Bearer $token" --checks all --exclude-checks negative_data_rejection --phases "${ATTEST_FUZZ_PHASES:-fuzzing}" \
    --no-color > "$work/output.txt" 2>&1 || status=$?
# The failures in full, then the summary.
if [ "$status" -ne 0 ]; then
    sed -n '/^=* FAILURES =*$/,/^=* SUMMARY =*$/p' "$work/output.txt" | head -n 400
    grep -E '^(Error|ERROR)' "$work/output.txt" | head -n 20 || true
fi
sed -n '/^=* SUMMARY =*$/,$p' "$work/output.txt"
if [ "$status" -ne 0 ] && ! grep -q '^=* SUMMARY' "$work/output.txt"; then
    tail -n 40 "$work/output.txt"
fi
exit "$status"
