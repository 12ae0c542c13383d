# What the benchmark scripts share (sourced after deploy/lib.sh): a release build of
# `attest` and a throwaway PostgreSQL with the roles and the schema, stopped (with any
# process whose pid is in `pids`) when the script exits. KEEP=1 keeps the work folder.
# Sets: attest, work, sock, port, password; defines url ROLE and sql STATEMENT.
bench_setup() {
    ensure_postgres
    swift build -c release --product attest >&2
    attest="$(swift build -c release --show-bin-path)/attest"
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
url() { echo "postgres://$1:$password@127.0.0.1:$port/attest?sslmode=disable"; }
sql() { psql_super "$sock" "$port" attest -tAq -c "$1"; }
