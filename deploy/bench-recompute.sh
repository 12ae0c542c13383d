#!/usr/bin/env bash
# Benchmark of a tenant recompute (issue 6): imports N hires (default 20,000) with the
# mix of bench-import.sh, then times `attest settings FILE` three times, alternating two
# settings so that each run is a real change; each run re-derives every obligation of the
# tenant (TenantRecompute) in one transaction. Uses a throwaway PostgreSQL like the tests.
#   deploy/bench-recompute.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
count=${1:-20000}

bench_setup
bench_tenant_with_people "$count"
"$attest" import hires "$work/hires.csv" --tenant bench >/dev/null
echo '{"countStartDay": true}' > "$work/start-day.json"
echo '{}' > "$work/defaults.json"

now() { date +%s.%N; }
for i in 1 2 3; do
    file=$([[ $((i % 2)) == 1 ]] && echo start-day || echo defaults)
    a=$(now); out=$("$attest" settings "$work/$file.json" --tenant bench); b=$(now)
    python3 -c "print(f'attest settings $file.json, run $i ($count hires): {($b - $a):.2f} s')"
    echo "  $out"
done
obligations=$(sql "SELECT count(*) FROM attest.obligations")
echo "obligations of the tenant: $obligations"
