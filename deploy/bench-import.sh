#!/usr/bin/env bash
# Benchmark of issue 4 (records): imports N hires (default 100,000) with their I-9 and
# E-Verify fields and obligations through `attest import`, beside a plain COPY of the
# same rows into a bare table in the same run, then times `attest agenda` on that
# tenant and shows the plan of its query. Uses a throwaway PostgreSQL like the tests.
#   deploy/bench-import.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
count=${1:-100000}

bench_setup
bench_tenant_with_people "$count"

now() { date +%s.%N; }
t0=$(now)
"$attest" import hires "$work/hires.csv" --tenant bench
t1=$(now)
cp "$work/hires.csv" "$sock/hires.csv"
psql_super "$sock" "$port" attest -c "CREATE TABLE bench_hires (employee_id text, start_date date, citizenship text, s1 date, s2 date, preparer text, reviewer text, reviewed date, case_number text, created date, closed date)"
t2=$(now)
psql_super "$sock" "$port" attest -c "\\copy bench_hires FROM '$sock/hires.csv' WITH (FORMAT csv, HEADER true)"
t3=$(now)
"$attest" agenda --tenant bench --days 14 --json > "$work/agenda.json"
t4=$(now)
for i in 1 2 3; do
    a=$(now); "$attest" agenda --tenant bench --days 14 --json > /dev/null; b=$(now)
    python3 -c "print(f'attest agenda, run {$i}: {($b - $a) * 1000:.0f} ms')"
done
a=$(now); "$attest" tenant show bench > /dev/null; b=$(now)
python3 -c "print(f'for comparison, attest tenant show (start-up, connect, one query): {($b - $a) * 1000:.0f} ms')"
obligations=$(psql_super "$sock" "$port" attest -tA -c "SELECT count(*) FROM attest.obligations")
tenant=$(psql_super "$sock" "$port" attest -tA -c "SELECT id FROM attest.tenants WHERE slug = 'bench'")
python3 - "$count" "$t0" "$t1" "$t2" "$t3" "$t4" "$obligations" "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$work/agenda.json")" <<'PY'
import sys
n = int(sys.argv[1]); t0, t1, t2, t3, t4 = map(float, sys.argv[2:7]); obligations, agenda = sys.argv[7], sys.argv[8]
imp, copy, ag = t1 - t0, t3 - t2, t4 - t3
print(f"attest import hires: {n} rows, {obligations} obligations, {imp:.2f} s, {n/imp:,.0f} rows/s")
print(f"plain COPY:          {n} rows, {copy:.2f} s, {n/copy:,.0f} rows/s")
print(f"ratio COPY/import:   {imp/copy:.1f}x")
print(f"attest agenda (14 days, {agenda} items, whole command incl. start-up): {ag*1000:.0f} ms")
PY
psql_super "$sock" "$port" attest -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
  SELECT kind, subject_kind || '/' || subject_id, to_char(due_on, 'YYYY-MM-DD'), cycle, source_key, created_at
  FROM attest.obligations
  WHERE tenant_id = '$tenant' AND state = 'open' AND due_on <= current_date + 13
  ORDER BY due_on, kind, subject_id LIMIT 10000"
