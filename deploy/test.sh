#!/usr/bin/env bash
# The whole test suite (`make test`): installs what is missing, starts a throwaway
# PostgreSQL 15 on a free loopback port, builds, runs `swift test`, stops the server,
# and exits non-zero on any failure. Tests that need an SMTP server start their own
# (aiosmtpd from Debian's python3-aiosmtpd) from the test code.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
cd "$root"

ensure_postgres
"$root/deploy/testing/smtp/install-test-deps.sh"
"$root/deploy/testing/browser/install-browser-deps.sh"
"$root/deploy/testing/prometheus/install-promtool.sh"
"$root/deploy/testing/api/install-fuzz-deps.sh"
"$root/deploy/testing/calendar/install-calendar-deps.sh"
"$root/deploy/testing/pgbouncer/install-pgbouncer.sh" >/dev/null

work=$(mktemp -d "${TMPDIR:-/tmp}/attest-test.XXXXXX")
chmod 755 "$work"
data="$work/pg"; sock="$work/sock"
pg_prepare_dir "$data"; pg_prepare_dir "$sock"
cleanup() { pg_stop "$data"; rm -rf "$work"; }
trap cleanup EXIT

port=$(free_port)
password=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
log "starting PostgreSQL on 127.0.0.1:$port"
pg_init "$data"
# The tests run concurrently, each with its own database, pools and daemon processes.
PG_MAX_CONNECTIONS=1000 pg_start "$data" "$port" "$sock" "$sock/postgres.log"
bootstrap_roles "$sock" "$port" postgres "$password"

log "building"
swift build --build-tests "$@" 2>&1 | tee "$work/build.log"
"$root/deploy/testing/build-warnings.sh" "$work/build.log"
bin=$(swift build --show-bin-path "$@")

export ATTEST_TEST_PG_PORT="$port"
export ATTEST_TEST_PG_SOCKET="$sock"
export ATTEST_TEST_ROLE_PASSWORD="$password"
export ATTEST_TEST_BINARY="$bin/attest"
export ATTEST_TEST_REPOSITORY="$root"
# Three test processes, one after the other, because Swift's cooperative thread pool
# has one thread per core (two here): the rules' property tests and message encoders
# are CPU-bound without suspending, and beside the database and daemon tests they
# would hold both threads and starve those tests' time limits. The console's tests
# (bcrypt sign-ins, a console process, Chromium) run last for the same reason.
# Swift Testing starts every test of a process at once unless told otherwise; two
# hundred tests each creating a database and starting daemons at once on two cores
# time each other out, so at most 8 run at a time (which is also faster, 181 s
# against 204 s for the storage and daemon tests here).
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-8}
pure='^(ComplianceTests|MailerTests|ReportsTests)\.'
status=0
log "running the rules', mail and report tests"
swift test --skip-build --filter "$pure" "$@" || status=$?
log "running the storage and daemon tests"
swift test --skip-build --skip "$pure" --skip '^ConsoleTests\.' "$@" || status=$?
log "running the console's tests"
swift test --skip-build --filter '^ConsoleTests\.' "$@" || status=$?
exit "$status"
