#!/usr/bin/env bash
# Issue 16's benchmark: the first scheduling pass of TENANTS tenants x 1,000 hires with
# reminder routing (this tree) against BASE_COMMIT (before routing, e.g. 17f8373), in
# the same window on the same database: seeded once by the base build, copied, the copy
# migrated by this build; each build then runs `attest serve --all-tenants` on its copy
# (first pass ever, idle CPU, then restarted). Release builds: this tree's in
# BENCH_SCRATCH (default .build-release), the base's in BASE_SCRATCH (default
# .build-bench-base, kept; the same folder as BENCH_SCRATCH reuses its dependencies and
# rebuilds only Attest's modules). SETTLE and IDLE: seconds (default 60 each).
#   deploy/bench-routing.sh BASE_COMMIT [TENANTS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
base=$1 tenants=${2:-1000}
ensure_postgres
swift build -c release --scratch-path "${BENCH_SCRATCH:-.build-release}" --product attest >&2
work=$(mktemp -d "${TMPDIR:-/tmp}/attest-bench-routing.XXXXXX"); chmod 755 "$work"
# Copied out: a base build in the same folder replaces it.
cp "$(swift build -c release --scratch-path "${BENCH_SCRATCH:-.build-release}" --show-bin-path)/attest" "$work/attest-routed"
new="$work/attest-routed"
base_scratch=$(realpath -m "${BASE_SCRATCH:-.build-bench-base}")
git worktree add --detach "$work/base" "$base" >/dev/null
(cd "$work/base" && swift build -c release --scratch-path "$base_scratch" --product attest >&2)
cp "$(cd "$work/base" && swift build -c release --scratch-path "$base_scratch" --show-bin-path)/attest" "$work/attest-base"
old="$work/attest-base"
data="$work/pg" sock="$work/sock"; pg_prepare_dir "$data"; pg_prepare_dir "$sock"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pg_stop "$data"; git -C "$root" worktree remove --force "$work/base"; rm -rf "$work"' EXIT
port=$(free_port); password=bench
pg_init "$data"; pg_start "$data" "$port" "$sock" "$sock/postgres.log"
psql_super "$sock" "$port" postgres -c "CREATE DATABASE seed" >/dev/null
bootstrap_roles "$sock" "$port" seed "$password"
# Seeded by the base build (bench-lib.sh's bench_seed_tenants, on database `seed`).
database=seed attest=$old
ATTEST_DATABASE_URL=$(url attest_owner) "$old" migrate >/dev/null
bench_seed_tenants "$tenants" 1000
for copy in base routed; do psql_super "$sock" "$port" postgres -c "CREATE DATABASE $copy TEMPLATE seed" >/dev/null; done
ATTEST_DATABASE_URL=$(database=routed url attest_owner) "$new" migrate >/dev/null
cpu() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / hz }' "/proc/$1/stat"; }
measure() {
    local label=$1 binary=$2 db=$3 log="$work/$1.log" start passed c0 c1
    : > "$log"; start=$(date +%s.%N)
    ATTEST_DATABASE_URL=$(database=$db url attest_daemon) ATTEST_HTTP_BIND=127.0.0.1:0 ATTEST_SMTP_URL="maildir:$work/mail-$label" \
        ATTEST_MAIL_FROM="Attest <attest@agency.example>" "$binary" serve --all-tenants > "$log" 2>&1 & local pid=$!; pids+=("$pid")
    until [[ $(grep '"scheduler pass"' "$log" | grep -o '"tenant":"[^"]*"' | sort -u | wc -l) -ge $tenants ]]; do
        kill -0 "$pid" || { tail -5 "$log"; exit 1; }; sleep 0.5
    done
    passed=$(date +%s.%N)
    sleep "${SETTLE:-60}"; c0=$(cpu "$pid"); sleep "${IDLE:-60}"; c1=$(cpu "$pid")
    python3 -c "import sys; s, p, c0, c1, idle = map(float, sys.argv[1:6]); print(f'{sys.argv[6]}: first full pass {p - s:.1f} s, idle CPU {(c1 - c0) / idle * 100:.2f}% of one core')" \
        "$start" "$passed" "$c0" "$c1" "${IDLE:-60}" "$label"
    kill -TERM "$pid"; wait "$pid" || true
}
measure base-first-pass "$old" base
measure routed-first-pass "$new" routed
measure base-restarted "$old" base
measure routed-restarted "$new" routed
