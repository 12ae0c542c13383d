#!/usr/bin/env bash
# Benchmark of issue 6 (hosting): idle CPU and resident memory of `attest serve`
# hosting one tenant, then TENANTS tenants of HIRES hires each (default 1,000 x 1,000),
# and how long its first full scheduling pass over all of them takes. Uses a throwaway
# PostgreSQL like the tests and the release build.
#   deploy/bench-tenants.sh [TENANTS] [HIRES]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
tenants=${1:-1000}
hires=${2:-1000}

bench_setup

bench_seed_tenants "$tenants" "$hires"

export ATTEST_DATABASE_URL=$(url attest_daemon) ATTEST_HTTP_BIND=127.0.0.1:0 ATTEST_LOG_LEVEL=info ATTEST_SMTP_URL="maildir:$work/mail" \
    ATTEST_MAIL_FROM="Attest <attest@agency.example>"
# Resident memory (kB) and CPU seconds (user + system) of a process.
rss() { awk '/VmRSS/ { print $2 }' "/proc/$1/status"; }
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
# Runs `attest serve ARGS…`, waits for one scheduler pass per tenant (the first pass of a
# tenant plans every open obligation; later ones only what changed), then measures idling.
measure() {
    local label=$1 expect=$2; shift 2
    local start; start=$(date +%s.%N)
    "$attest" serve "$@" > "$work/serve.log" 2>&1 & local pid=$!; pids+=("$pid")
    until [[ $(grep '"scheduler pass"' "$work/serve.log" | grep -o '"tenant":"[^"]*"' | sort -u | wc -l) -ge $expect ]]; do
        kill -0 "$pid" || { tail -5 "$work/serve.log"; exit 1; }; sleep 0.5
    done
    local passed; passed=$(date +%s.%N)
    local rss_pass; rss_pass=$(rss "$pid")
    sleep "${SETTLE:-30}"  # let the deliveries of the first pass go out before idling
    local c0; c0=$(cpu "$pid"); sleep "${IDLE:-60}"; local c1; c1=$(cpu "$pid")
    python3 -c "import sys; s, p, r0, r1, c0, c1, idle = map(float, sys.argv[1:8]); print(f'{sys.argv[8]}: first full pass {p - s:.1f} s after start, resident {r0/1024:.0f} MB after the pass and {r1/1024:.0f} MB idle, idle CPU {(c1 - c0) / idle * 100:.2f}% of one core')" \
        "$start" "$passed" "$rss_pass" "$(rss "$pid")" "$c0" "$c1" "${IDLE:-60}" "$label"
    kill -TERM "$pid"; wait "$pid" || true
    echo "  tenant cycles failed: $(grep -c '"tenant cycle failed' "$work/serve.log" || true)"
}
measure "1 tenant" 1 --tenant t1
measure "$tenants tenants" "$tenants" --all-tenants
# Restarted: every obligation's planning is stored, so a pass reads only what changed.
measure "$tenants tenants, restarted" "$tenants" --all-tenants
