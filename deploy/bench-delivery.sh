#!/usr/bin/env bash
# Benchmark of issue 6 (the daemon), in one run against a throwaway PostgreSQL:
#  1. `attest serve` without a transport schedules, for two tenants alike, one hire
#     starting today for N compliance contacts: N due deliveries each (a digest of the
#     hire's obligations), made by the daemon's own scheduler.
#  2. pgbench runs the dispatcher's statements (Storage/Delivery/DeliveryQueue.swift:
#     claim, the re-check of the batch's reminders and obligations, and the fenced
#     mark-sent) as a custom script, in the dispatcher's batches, over the first
#     tenant's deliveries: the database's own ceiling.
#  3. `attest serve` (release build) delivers the second tenant's N deliveries to
#     postfix's smtp-sink on loopback.
#  4. PgQueuer 1.6 (PyPI, in a venv outside the repository) drains 20,000 no-op jobs
#     (PGQUEUER_JOBS) with 4 dequeuers and batches of 10 on the same cluster
#     (deploy/bench-pgqueuer-lib.sh): the generic Postgres queue issue 19 compares with.
#  5. A third tenant's first scheduling pass (N deliveries) is timed beside the others.
# Prints the rates in deliveries (jobs) per second and their ratios. DISPATCHERS=N runs
# the daemon with ATTEST_DISPATCHERS=N (claim/send/record loops for the tenant).
#   deploy/bench-delivery.sh [N] [SMTP_CONNECTIONS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-lib.sh"
source "$root/deploy/bench-pgqueuer-lib.sh"
cd "$root"
count=${1:-20000}
connections=${2:-4}
batch=$(sed -n 's/.*static let maximumBatchSize = \([0-9]*\).*/\1/p' Sources/Daemon/Delivery/MailSetup.swift)
clients=4

if [[ ! -x /usr/sbin/smtp-sink ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
fi
bench_setup
export ATTEST_DATABASE_URL=$(url attest_operator)
for slug in bench pgbench late; do
    "$attest" tenant add "$slug" --name "Bench $slug" --time-zone America/Chicago --agreement-date 2024-06-01 \
        --daemon-role attest_daemon >/dev/null
done
bench=$(sql "SELECT id FROM attest.tenants WHERE slug = 'bench'")
pgb=$(sql "SELECT id FROM attest.tenants WHERE slug = 'pgbench'")
late=$(sql "SELECT id FROM attest.tenants WHERE slug = 'late'")

# 1. Both tenants: N contacts each, reminded of one hire starting today.
today=$(TZ=America/Chicago date +%F)
printf 'employee_id,start_date\nE-1,%s\n' "$today" > "$work/hires.csv"
for tenant in "$bench" "$pgb" "$late"; do
    sql "INSERT INTO attest.tenant_contacts (tenant_id, name, email, role)
         SELECT '$tenant', 'Contact ' || i, 'c' || i || '@bench.example', 'compliance' FROM generate_series(1, $count) AS i"
done
for slug in bench pgbench; do "$attest" import hires "$work/hires.csv" --tenant "$slug" >/dev/null; done
export ATTEST_DATABASE_URL=$(url attest_daemon) ATTEST_HTTP_BIND=127.0.0.1:0 ATTEST_LOG_LEVEL=${ATTEST_LOG_LEVEL:-info}
# Schedule (no transport: reminders and deliveries are made, nothing is sent).
"$attest" serve --tenant bench --tenant pgbench > "$work/schedule.log" 2>&1 & pids+=($!)
until [[ $(sql "SELECT count(*) FROM attest.deliveries") -ge $(( 2 * count )) ]]; do sleep 0.2; done
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
sql "VACUUM ANALYZE"
items=$(sql "SELECT round(avg(n), 1) FROM (SELECT count(*) AS n FROM attest.reminders WHERE tenant_id = '$bench' GROUP BY delivery_id) AS d")

# 2. pgbench: the dispatcher's two transactions, with pgbench variables for their parameters.
# Transaction 1 is DeliveryQueue.claim and DeliveryQueue.items (its reminders query feeds
# the obligations query; pgbench keeps values only through \gset, hence the aggregates).
# Transaction 2 is DeliveryQueue.finish with every outcome "250 sent".
cat > "$work/dispatch.sql" <<SQL
BEGIN;
SELECT set_config('attest.tenant_id', '$pgb', true);
WITH claimed AS (
    WITH claimable AS MATERIALIZED (
        SELECT ctid FROM attest.deliveries
        WHERE tenant_id = '$pgb' AND state = 'pending' AND next_attempt_at <= now()
        ORDER BY next_attempt_at
        LIMIT $batch
        FOR UPDATE SKIP LOCKED)
    UPDATE attest.deliveries AS d
    SET state = 'sending', attempt = d.attempt + 1, claimed_by = 'pgbench-' || :client_id,
        locked_until = now() + interval '300 seconds'
    WHERE d.tenant_id = '$pgb' AND d.ctid = ANY(ARRAY(SELECT ctid FROM claimable))
    RETURNING d.id, d.key, d.recipient, d.message_id, d.attempt, d.created_at)
SELECT array_agg(id)::text AS ids, array_agg(attempt)::text AS attempts FROM claimed \\gset
SELECT array_agg(DISTINCT obligation_id)::text AS obligations FROM (
    SELECT delivery_id, id, obligation_id, to_char(due_on, 'YYYY-MM-DD'), stage FROM attest.reminders
    WHERE tenant_id = '$pgb' AND delivery_id = ANY(:ids::uuid[]) AND state = 'queued') AS queued \\gset
SELECT id, kind, subject_kind || '/' || subject_id, to_char(due_on, 'YYYY-MM-DD') FROM attest.obligations
WHERE tenant_id = '$pgb' AND id = ANY(:obligations::uuid[]) AND state = 'open';
COMMIT;
BEGIN;
SELECT set_config('attest.tenant_id', '$pgb', true);
WITH outcome AS (
    SELECT * FROM unnest(:ids::uuid[], :attempts::int[],
                         array_fill('sent'::text, ARRAY[cardinality(:ids::uuid[])]),
                         array_fill(250, ARRAY[cardinality(:ids::uuid[])]),
                         array_fill('250 2.0.0 Ok: queued as 1234'::text, ARRAY[cardinality(:ids::uuid[])]),
                         array_fill('0001-01-01 00:00:00+00'::timestamptz, ARRAY[cardinality(:ids::uuid[])]),
                         array_fill(false, ARRAY[cardinality(:ids::uuid[])]))
        AS o(id, attempt, state, code, reply, retry_at, unknown)
), finished AS (
    UPDATE attest.deliveries AS d
    SET state = CASE WHEN o.unknown AND d.unknown_count >= 1 THEN 'unknown' ELSE o.state END,
        last_code = NULLIF(o.code, 0), last_reply = o.reply,
        next_attempt_at = CASE WHEN o.retry_at > '1970-01-01' THEN o.retry_at ELSE d.next_attempt_at END,
        locked_until = NULL,
        unknown_count = d.unknown_count + CASE WHEN o.unknown THEN 1 ELSE 0 END,
        sent_at = CASE WHEN o.state = 'sent' THEN now() ELSE d.sent_at END
    FROM outcome AS o
    WHERE d.tenant_id = '$pgb' AND d.id = o.id AND d.attempt = o.attempt AND d.state = 'sending'
    RETURNING d.id
)
SELECT id FROM finished;
COMMIT;
SQL
# Once with one client (one dispatcher, as one tenant's daemon runs it), once with four;
# the deliveries are made due again in between. In the extended protocol with unnamed
# statements, as postgres-nio sends the daemon's: each execution is planned for its
# values. (`-M prepared` let PostgreSQL switch to a generic plan after five runs, which
# the daemon never uses: its rate moved between 8,600 and 17,000/s from run to run.)
pgbench_rate() {
    PGPASSWORD=$password pgbench -n -h 127.0.0.1 -p "$port" -U attest_daemon -c "$1" -j "$1" \
        -t $(( count / batch / $1 )) -M extended -f "$work/dispatch.sql" attest > "$work/pgbench-$1.out"
    python3 -c "import sys; print(float(sys.argv[1]) * int(sys.argv[2]))" \
        "$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$work/pgbench-$1.out")" "$batch"
}
reset_pgbench_tenant() {
    sql "UPDATE attest.deliveries SET state = 'pending', attempt = 0, locked_until = NULL, sent_at = NULL,
             claimed_by = NULL, last_code = NULL, last_reply = NULL WHERE tenant_id = '$pgb';
         UPDATE attest.reminders SET state = 'queued' WHERE tenant_id = '$pgb'"
    sql "VACUUM ANALYZE attest.deliveries"
    sql "VACUUM ANALYZE attest.reminders"
}
pgbench_one=$(pgbench_rate 1)
claimed=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$pgb' AND state = 'sent'")
reset_pgbench_tenant
pgbench_four=$(pgbench_rate "$clients")

# 3. attest serve delivers the other tenant's deliveries.
sink_port=$(free_port)
/usr/sbin/smtp-sink -u nobody -c "127.0.0.1:$sink_port" 1024 > "$work/sink.log" 2>&1 & pids+=($!)
sleep 0.5
export ATTEST_SMTP_URL="smtp://127.0.0.1:$sink_port?tls=none&connections=$connections&max-messages=1000"
export ATTEST_MAIL_FROM="Attest <attest@agency.example>" ATTEST_DISPATCHERS=${DISPATCHERS:-1}
start=$(date +%s.%N)
"$attest" serve --tenant bench > "$work/serve.log" 2>&1 & pids+=($!)
# CPU used while sending, per process group: the daemon, PostgreSQL, smtp-sink.
cpu_snapshot() { echo "$(cpu_seconds "${pids[-1]}") $(cpu_seconds $(postgres_pids)) $(cpu_seconds "${pids[-2]}")"; }
cpu_before=$(cpu_snapshot)
until [[ $(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state IN ('pending', 'sending')") -eq 0 ]]; do sleep 0.5; done
end=$(date +%s.%N)
cpu_after=$(cpu_snapshot)
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
sent=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state = 'sent'")
other=$(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$bench' AND state <> 'sent'")
span=$(sql "SELECT extract(epoch FROM max(sent_at) - min(sent_at)) FROM attest.deliveries WHERE tenant_id = '$bench'")

# 4. PgQueuer on the same cluster, in a database of its own.
psql_super "$sock" "$port" postgres -c "CREATE ROLE pgqueuer LOGIN PASSWORD '$password'" -c "CREATE DATABASE pgqueuer OWNER pgqueuer" >/dev/null
pgqueuer_line=$(bench_pgqueuer "postgres://pgqueuer:$password@127.0.0.1:$port/pgqueuer?sslmode=disable" "${PGQUEUER_JOBS:-20000}" 4 10)
echo "$pgqueuer_line"
pgqueuer_rate=$(sed -n 's/.*: \([0-9.]*\) jobs\/s$/\1/p' <<< "$pgqueuer_line")

# 5. A third tenant's first pass, timed, beside the two tenants' reminders (statistics
# that know nothing of the rows the pass inserts, as on a real agency's busy morning).
# Last: its 100,000 reminders would push the measurements above out of shared_buffers.
ATTEST_DATABASE_URL=$(url attest_operator) "$attest" import hires "$work/hires.csv" --tenant late >/dev/null
schedule_start=$(date +%s.%N)
env -u ATTEST_SMTP_URL "$attest" serve --tenant late > "$work/schedule-late.log" 2>&1 & pids+=($!)
until [[ $(sql "SELECT count(*) FROM attest.deliveries WHERE tenant_id = '$late'") -ge $count ]]; do sleep 0.1; done
schedule_end=$(date +%s.%N)
kill -TERM "${pids[-1]}"; wait "${pids[-1]}" || true
late_reminders=$(sql "SELECT count(*) || ' reminders in ' || count(DISTINCT delivery_id) FROM attest.reminders WHERE tenant_id = '$late'")
python3 - "$pgbench_one" "$pgbench_four" "$batch" "$clients" "$claimed" "$start" "$end" "$sent" "$other" "$connections" "$span" "$items" \
    "$pgqueuer_rate" "$ATTEST_DISPATCHERS" "$cpu_before" "$cpu_after" "$(nproc)" "$schedule_start" "$schedule_end" "$late_reminders" <<'PY'
import sys
one, four, batch, clients, claimed = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
start, end, sent, other, connections, span = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), int(sys.argv[9]), int(sys.argv[10]), float(sys.argv[11])
whole, sending = sent / (end - start), sent / span
print(f"deliveries of {sys.argv[12]} reminders on average (a digest of the hire's obligations)")
scheduled = float(sys.argv[19]) - float(sys.argv[18])
print(f"scheduling: a third tenant's first pass made {sys.argv[20]} deliveries in {scheduled:.1f} s "
      f"(start-up included), beside the other two's reminders")
print(f"pgbench, the dispatcher's statements, batches of {batch} ({claimed} deliveries claimed and marked sent by 1 client):")
print(f"  1 client:  {one:,.0f} deliveries/s")
print(f"  {clients} clients: {four:,.0f} deliveries/s")
print(f"attest serve ({sys.argv[14]} dispatcher loops) to smtp-sink over {connections} SMTP connections: {sent} sent, {other} not sent")
print(f"  from start-up to the last: {end - start:.1f} s, {whole:,.0f} deliveries/s")
print(f"  first to last send:        {span:.1f} s, {sending:,.0f} deliveries/s")
print(f"ratio attest (first to last send) / pgbench: {sending / one:.2f} of 1 client, {sending / four:.2f} of {clients} clients")
pgqueuer = float(sys.argv[13])
print(f"ratio attest (first to last send) / PgQueuer drain ({pgqueuer:,.0f} jobs/s): {sending / pgqueuer:.2f}")
used = [after - before for before, after in zip(map(float, sys.argv[15].split()), map(float, sys.argv[16].split()))]
cores = int(sys.argv[17])
print("CPU per delivery while sending: " + ", ".join(f"{name} {seconds / sent * 1e6:.0f} µs" for name, seconds in zip(["attest", "postgres", "smtp-sink"], used))
      + f"; all three on {cores} cores could not pass {cores * sent / sum(used):,.0f} deliveries/s")
PY
