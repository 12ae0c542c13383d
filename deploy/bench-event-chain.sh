#!/usr/bin/env bash
# What the event chain (migration 020) costs an import: imports N hires into a tenant
# with the chain's linking trigger on, then into a second one with it off.
#   deploy/bench-event-chain.sh SOCKET_DIR PORT SUPERUSER_PASSWORD [N]
# against a running cluster whose superuser is `postgres` (e.g. the one make test starts).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd); source $root/deploy/lib.sh
sock=$1; port=$2; password=$3
n=${4:-20000}
attest=${ATTEST_BINARY:-$root/.build/debug/attest}
work=$(mktemp -d); chmod 755 $work
psql_super $sock $port postgres -c "DROP DATABASE IF EXISTS chainperf WITH (FORCE)" >/dev/null
psql_super $sock $port postgres -c "CREATE DATABASE chainperf" >/dev/null
bootstrap_roles $sock $port chainperf $password
url() { echo "postgres://$1:$password@127.0.0.1:$port/chainperf?sslmode=disable"; }
ATTEST_DATABASE_URL=$(url attest_owner) $attest migrate >/dev/null 2>&1
export ATTEST_DATABASE_URL=$(url attest_operator)
python3 $root/deploy/bench-records.py $work $n
for t in with without; do
  $attest tenant add b-$t --name "Bench $t" --time-zone America/Chicago --agreement-date 2024-06-01 >/dev/null
  $attest import people $work/people.csv --tenant b-$t >/dev/null
  $attest import trainings $work/trainings.csv --tenant b-$t >/dev/null
done
/usr/bin/time -f "import of $n hires, events linked: %e s" $attest import hires $work/hires.csv --tenant b-with >/dev/null
psql_super $sock $port chainperf -c "ALTER TABLE attest.events DISABLE TRIGGER events_link" >/dev/null
/usr/bin/time -o $work/time -f "import of $n hires, linking disabled: %e s" $attest import hires $work/hires.csv --tenant b-without >/dev/null 2>$work/without.err || true
tail -1 $work/time
psql_super $sock $port chainperf -c "ALTER TABLE attest.events ENABLE TRIGGER events_link" >/dev/null
psql_super $sock $port postgres -c "DROP DATABASE chainperf WITH (FORCE)" >/dev/null
rm -rf "$work"
