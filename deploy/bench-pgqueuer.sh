#!/usr/bin/env bash
# Issue 19's comparator on its own: drains N no-op PgQueuer jobs (default 20,000) with 4
# dequeuers of batch 10 (deploy/bench-pgqueuer.py) on a throwaway PostgreSQL, PgQueuer
# from PyPI in a venv outside the repository (deploy/bench-pgqueuer-lib.sh). Prints
# "pgqueuer: N jobs drained in S s: R jobs/s". KEEP=1 keeps the work folder.
#   deploy/bench-pgqueuer.sh [N]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/deploy/bench-pgqueuer-lib.sh"
count=${1:-20000}

ensure_postgres
pgqueuer_venv >/dev/null
work=$(mktemp -d "${TMPDIR:-/tmp}/attest-bench-pgqueuer.XXXXXX"); chmod 755 "$work"
data="$work/pg"; sock="$work/sock"
trap 'pg_stop "$data"; [[ -n "${KEEP:-}" ]] || rm -rf "$work"' EXIT
pg_prepare_dir "$data"; pg_prepare_dir "$sock"
port=$(free_port); password=bench
pg_init "$data"; pg_start "$data" "$port" "$sock" "$sock/postgres.log"
psql_super "$sock" "$port" postgres -v password="$password" >/dev/null <<'SQL'
CREATE ROLE pgqueuer LOGIN PASSWORD :'password';
CREATE DATABASE pgqueuer OWNER pgqueuer;
SQL
bench_pgqueuer "postgres://pgqueuer:$password@127.0.0.1:$port/pgqueuer?sslmode=disable" "$count"
