#!/usr/bin/env bash
# Benchmark of the console's overview (issue 13): TENANTS tenants of HIRES hires each
# (default 1,000 x 1,000) seeded as bench-tenants.sh does, every tenant's daemon pass
# stamped, an admin signed in, then GET / timed from a second process
# (deploy/bench-console.py): 100 requests on one connection, then 100 over 4.
# Uses a throwaway PostgreSQL like the tests and the release build.
#   deploy/bench-console.sh [TENANTS] [HIRES] [REQUESTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
tenants=${1:-1000}
hires=${2:-1000}
requests=${3:-100}

bench_setup
bench_seed_tenants "$tenants" "$hires"
# A daemon's pass stamps its tenant; stamp them all as if each daemon had just passed.
sql "UPDATE attest.scheduler_passes SET passed_at = now()"

password_line=$(ATTEST_DATABASE_URL=$(url attest_operator) "$attest" operator add bench@agency.example --name "Bench Admin" --role admin \
    | grep '^one-time password: ')
ATTEST_DATABASE_URL=$(url attest_console) ATTEST_CONSOLE_BIND=127.0.0.1:0 ATTEST_LOG_FORMAT=json \
    "$attest" console > "$work/console.log" 2>&1 & pids+=("$!")
until grep -q '"console listening"' "$work/console.log"; do sleep 0.2; done
address=$(grep -o '"http.address":"[^"]*"' "$work/console.log" | head -1 | cut -d'"' -f4)
python3 "$root/deploy/bench-console.py" "$address" bench@agency.example "${password_line#one-time password: }" / "$requests" 4
