#!/usr/bin/env bash
# Benchmark of the console's CSV upload (issue 14): a tenant with its people and
# trainings, then HIRES hires (default 100,000, the mix of bench-import.sh) uploaded
# through a running `attest console` (release build) as a browser does: the streamed
# check, then the import, each timed from a second process
# (deploy/bench-console-upload.py): first bytes, longest silence between chunks, total.
#   deploy/bench-console-upload.sh [HIRES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
hires=${1:-100000}

bench_setup
bench_tenant_with_people "$hires"
bench_console_admin
python3 "$root/deploy/bench-console-upload.py" "$console_address" bench@agency.example "$console_password" bench "$work/hires.csv"
echo "hires stored: $(sql "SELECT count(*) FROM attest.hires")"
