# What the benchmark scripts share (sourced after deploy/lib.sh): a release build of
# `attest` and a throwaway PostgreSQL with the roles and the schema, stopped (with any
# process whose pid is in `pids`) when the script exits. KEEP=1 keeps the work folder.
# Sets: attest, work, sock, port, password; defines url ROLE and sql STATEMENT, both on the
# database $database (default attest).
bench_setup() {
    ensure_postgres
    # BENCH_SCRATCH names another build folder (e.g. .build-release) so that a release
    # build does not hold the debug one's lock.
    local scratch=(); [[ -z "${BENCH_SCRATCH:-}" ]] || scratch=(--scratch-path "$BENCH_SCRATCH")
    swift build -c release "${scratch[@]}" --product attest >&2
    attest="$(swift build -c release "${scratch[@]}" --show-bin-path)/attest"
    work=$(mktemp -d "${TMPDIR:-/tmp}/attest-bench.XXXXXX"); chmod 755 "$work"
    data="$work/pg"; sock="$work/sock"
    pg_prepare_dir "$data"; pg_prepare_dir "$sock"
    pids=()
    trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; pg_stop "$data"; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT
    port=$(free_port); password=bench
    pg_init "$data"; pg_start "$data" "$port" "$sock" "$sock/postgres.log"
    psql_super "$sock" "$port" postgres -c "CREATE DATABASE attest" >/dev/null
    bootstrap_roles "$sock" "$port" attest "$password"
    ATTEST_DATABASE_URL=$(url attest_owner) "$attest" migrate >/dev/null
}
# CPU seconds (user + system) the processes PIDS have used so far (gone ones count 0).
cpu_seconds() {
    local ticks=0 pid
    for pid in "$@"; do
        ticks=$(( ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
    done
    python3 -c "print($ticks / $(getconf CLK_TCK))"
}
# The bench cluster's postmaster and its children (backends, walwriter, autovacuum …).
postgres_pids() { local postmaster; postmaster=$(head -1 "$data/postmaster.pid"); echo "$postmaster" $(pgrep -P "$postmaster"); }
url() { echo "postgres://$1:$password@127.0.0.1:$port/${database:-attest}?sslmode=disable"; }
sql() { psql_super "$sock" "$port" "${database:-attest}" -tAq -c "$1"; }
# Adds tenant `bench` with the records of bench-records.py for N hires written to $work,
# and imports its people and trainings (the hires are left to the caller, which may time them).
bench_tenant_with_people() {
    export ATTEST_DATABASE_URL=$(url attest_operator)
    "$attest" tenant add bench --name "Bench Co" --time-zone America/Chicago --agreement-date 2024-06-01 >/dev/null
    python3 "$root/deploy/bench-records.py" "$work" "$1"
    "$attest" import people "$work/people.csv" --tenant bench >/dev/null
    "$attest" import trainings "$work/trainings.csv" --tenant bench >/dev/null
}

# Seeds tenants t1…tN with the same records each (people, trainings and HIRES hires, the
# mix of bench-import.sh), two tenants at a time through `attest tenant add` and
# `attest import`, as an operator would. With SEED=clone only t1 is seeded that way and
# t2…tN are copies of it made in SQL (deploy/bench-clone-tenants.sql), for 10,000 tenants.
bench_seed_tenants() {
    local tenants=$1 hires=$2 t0 how; t0=$(date +%s)
    python3 "$root/deploy/bench-records.py" "$work" "$hires"
    if [[ "${SEED:-cli}" == clone ]]; then
        bench_seed_through_cli 1
        psql_super "$sock" "$port" "${database:-attest}" -q -v count="$tenants" < "$root/deploy/bench-clone-tenants.sql"
        how="t1 x $hires hires and cloned it to $tenants tenants"
    else
        bench_seed_through_cli "$tenants"
        how="$tenants tenants x $hires hires"
    fi
    echo "seeded $how in $(( $(date +%s) - t0 )) s:" \
        "$(sql "SELECT count(*) FROM attest.hires") hires, $(sql "SELECT count(*) FROM attest.obligations WHERE state = 'open'") open obligations"
    sql "VACUUM ANALYZE"
}
# Adds tenants t1…tN with the records in $work, two at a time, through the command line.
bench_seed_through_cli() {
    export ATTEST_DATABASE_URL=$(url attest_operator) work attest
    seed() {
        local slug="t$1"
        "$attest" tenant add "$slug" --name "Tenant $1" --time-zone America/Chicago --agreement-date 2024-06-01 \
            --contact "Compliance <c$1@tenant.example>" --daemon-role attest_daemon >/dev/null
        for kind in people trainings hires; do "$attest" import "$kind" "$work/$kind.csv" --tenant "$slug" >/dev/null; done
    }
    export -f seed
    seq 1 "$1" | xargs -P 2 -I{} bash -c 'seed {}'
}

# Adds admin bench@agency.example and starts `attest console` on a free port. Sets
# console_address and console_password (the account's one-time password).
bench_console_admin() {
    local line
    line=$(ATTEST_DATABASE_URL=$(url attest_operator) "$attest" operator add bench@agency.example --name "Bench Admin" --role admin \
        | grep '^one-time password: ')
    console_password=${line#one-time password: }
    ATTEST_DATABASE_URL=$(url attest_console) ATTEST_CONSOLE_BIND=127.0.0.1:0 ATTEST_LOG_FORMAT=json \
        "$attest" console > "$work/console.log" 2>&1 & pids+=("$!")
    until grep -q '"console listening"' "$work/console.log"; do sleep 0.2; done
    console_address=$(grep -o '"http.address":"[^"]*"' "$work/console.log" | head -1 | cut -d'"' -f4)
}
