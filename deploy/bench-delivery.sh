#!/usr/bin/env bash
# Benchmark of issue 6 (the daemon), in one run against a throwaway PostgreSQL:
#  1. pgbench runs the dispatcher's claim and mark-sent statements (the same SQL as
#     Storage/Delivery/DeliveryQueue.swift, batches of the dispatcher's size) as a
#     custom script over N synthetic due deliveries: the database's own ceiling.
#  2. `attest serve` (release build) delivers N due deliveries, made by its own
#     scheduler, to postfix's smtp-sink on loopback.
# Prints both rates in deliveries per second and their ratio.
#   deploy/bench-delivery.sh [N] [SMTP_CONNECTIONS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
cd "$root"
count=${1:-20000}
connections=${2:-4}
batch=$(sed -n 's/.*static let batchSize = \([0-9]*\).*/\1/p' Sources/Daemon/Delivery/Dispatcher.swift)
clients=4

if [[ ! -x /usr/sbin/smtp-sink ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
bench_setup
export ATTEST_DATABASE_URL=$(url attest_operator)
for slug in bench pgbench; do
    "$attest" tenant add "$slug" --name "Bench $slug" --time-zone America/Chicago --agreement-date 2024-06-01 \
        --daemon-role attest_daemon >/dev/null
done
bench=$(sql "SELECT id FROM attest.tenants WHERE slug = 'bench'")
pgb=$(sql "SELECT id FROM attest.tenants WHERE slug = 'pgbench'")

# 1. pgbench: N synthetic due deliveries, claimed and marked sent in the dispatcher's batches.
sql "INSERT INTO attest.deliveries (tenant_id, key, recipient, message_id, next_attempt_at)
     SELECT '$pgb', 'k' || i, 'r' || i || '@bench.example', 'm' || i || '@attest', now() - interval '1 minute'
     FROM generate_series(1, 2 * $count) AS i"
sql "VACUUM ANALYZE attest.deliveries"
# The dispatcher's transactions: claim a batch (and read its reminders), then record
# the batch's outcomes in one fenced statement (DeliveryQueue.claim / finish).
cat > "$work/dispatch.sql" <<SQL
BEGIN;
SELECT set_config('attest.tenant_id', '$pgb', true);
WITH claimable AS MATERIALIZED (
    SELECT ctid FROM attest.deliveries
    WHERE tenant_id = '$pgb' AND state = 'pending' AND next_attempt_at <= now()
    ORDER BY next_attempt_at LIMIT $batch FOR UPDATE SKIP LOCKED),
claimed AS (
    UPDATE attest.deliveries AS d
    SET state = 'sending', attempt = d.attempt + 1, claimed_by = 'pgbench-' || :client_id, locked_until = now() + interval '300 seconds'
    WHERE d.tenant_id = '$pgb' AND d.ctid = ANY(ARRAY(SELECT ctid FROM claimable))
    RETURNING d.id, d.key, d.recipient, d.message_id, d.attempt, d.created_at)
SELECT array_agg(id)::text AS ids, array_agg(attempt)::text AS attempts FROM claimed \\gset
COMMIT;
BEGIN;
SELECT set_config('attest.tenant_id', '$pgb', true);
WITH outcome AS (
    SELECT * FROM unnest(:ids::uuid[], :attempts::int[]) AS o(id, attempt)
), finished AS (
    UPDATE attest.deliveries AS d
    SET state = 'sent', last_code = 250, last_reply = '250 2.0.0 Ok', locked_until = NULL, sent_at = now()
    FROM outcome AS o
    WHERE d.tenant_id = '$pgb' AND d.id = o.id AND d.attempt = o.attempt AND d.state = 'sending'
    RETURNING d.id, d.state)
SELECT count(*) FROM finished;
COMMIT;
SQL
# Once with one client (one dispatcher, as one tenant's daemon runs it), once with four.
pgbench_rate() {
    PGPASSWORD=$password pgbench -n -h 127.0.0.1 -p "$port" -U attest_daemon -c "$1" -j "$1" \
        -t $(( count / batch / $1 )) -M prepared -f "$work/dispatch.sql" attest > "$work/pgbench-$1.out"
    python3 -c "import sys; print(float(sys.argv[1]) * int(sys.argv[2]))" \
        "$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench-$1.out")" "$batch"
}
pgbench_one=$(pgbench_rate 1)
pgbench_four=$(pgbench_rate "$clients")
claimed=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$pgb' AND state = 'sent'")

# 2. attest serve: N contacts of one tenant, each reminded of one hire starting today.
sql "INSERT INTO attest.tenant_contacts (tenant_id, name, email, role)
     SELECT '$bench', 'Contact ' || i, 'c' || i || '@bench.example', 'compliance' FROM generate_series(1, $count) AS i"
today=$(TZ=America/Chicago date +%F)
printf 'employee_id,start_date\nE-1,%s\n' "$today" > "$work/hires.csv"
"$attest" import hires "$work/hires.csv" --tenant bench >/dev/null
export ATTEST_DATABASE_URL=$(url attest_daemon) ATTEST_HTTP_BIND=127.0.0.1:0 ATTEST_LOG_LEVEL=${ATTEST_LOG_LEVEL:-warning}
# Schedule first (no transport: reminders and deliveries are made, nothing is sent).
"$attest" serve --tenant bench > "$work/schedule.log" 2>&1 & pids+=($!)
until [[ $(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench'") -ge $count ]]; do sleep 0.2; done
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
sink_port=$(free_port)
/usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$sink_port" 1024 > "$work/sink.log" 2>&1 & pids+=($!)
sleep 0.5
export ATTEST_SMTP_URL="smtp://127.0.0.1:$sink_port?tls=none&connections=$connections&max-messages=1000"
export ATTEST_MAIL_FROM="Attest <attest@agency.example>"
start=$(date +%s.%N)
"$attest" serve --tenant bench > "$work/serve.log" 2>&1 & pids+=($!)
until [[ $(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state IN ('pending', 'sending')") -eq 0 ]]; do sleep 0.1; done
end=$(date +%s.%N)
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
sent=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state = 'sent'")
other=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state <> 'sent'")
span=$(sql "SELECT extract(epoch FROM max(sent_at) - min(sent_at)) FROM attest.deliveries WHERE tenant_id = '$bench'")

python3 - "$pgbench_one" "$pgbench_four" "$batch" "$clients" "$claimed" "$start" "$end" "$sent" "$other" "$connections" "$span" <<'PY'
import sys
one, four, batch, clients, claimed = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
start, end, sent, other, connections, span = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10]), float(sys.argv[11])
whole, sending = sent / (end - start), sent / span
print(f"pgbench claim + mark-sent, batches of {batch} ({claimed} deliveries in all):")
print(f"  1 client:  {one:,.0f} deliveries/s")
print(f"  {clients} clients: {four:,.0f} deliveries/s")
print(f"attest serve to smtp-sink over {connections} SMTP connections: {sent} sent, {other} not sent")
print(f"  from start-up to the last: {end - start:.1f} s, {whole:,.0f} deliveries/s")
print(f"  first to last send:        {span:.1f} s, {sending:,.0f} deliveries/s")
print(f"ratio attest (first to last send) / pgbench: {sending / one:.2f} of 1 client, {sending / four:.2f} of {clients} clients")
PY
