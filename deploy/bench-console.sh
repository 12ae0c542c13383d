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

bench_console_admin
python3 "$root/deploy/bench-console.py" "$console_address" bench@agency.example "$console_password" / "$requests" 4
