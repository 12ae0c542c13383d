#!/usr/bin/env bash
# Runs Attest locally (`make run`). With ATTEST_DATABASE_URL set it just serves
# every tenant that URL's role may act for. Without it, it installs PostgreSQL 15
# when missing, creates and starts a cluster under .local/, creates the roles and the
# database, migrates, loads the demo tenant, and runs the daemon in the foreground.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
cd "$root"

log "building attest"
swift build --product attest >&2
attest="$(swift build --show-bin-path)/attest"

if [ -n "${ATTEST_DATABASE_URL:-}" ]; then
    exec "$attest" serve --all-tenants
fi

ensure_postgres
local_dir="$root/.local"
mkdir -p "$local_dir"
data="${PGDATA_ROOT:-$local_dir}/pg"; sock="$local_dir/sock"
chmod 755 "$local_dir"
pg_prepare_dir "$data"; pg_prepare_dir "$sock"
[ -f "$local_dir/password" ] || python3 -c 'import secrets; print(secrets.token_hex(16))' > "$local_dir/password"
chmod 600 "$local_dir/password"
password=$(cat "$local_dir/password")
[ -f "$local_dir/port" ] || echo 55432 > "$local_dir/port"
port=$(cat "$local_dir/port")

if [ ! -f "$data/PG_VERSION" ]; then
    log "creating a PostgreSQL cluster in $data"
    pg_init "$data"
fi
if ! as_pg "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$port"
    pg_start "$data" "$port" "$sock" "$sock/postgres.log"
fi
trap 'log "stopping PostgreSQL"; pg_stop "$data"' EXIT

psql_super "$sock" "$port" postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = 'attest'" | grep -q 1 \
    || psql_super "$sock" "$port" postgres -c "CREATE DATABASE attest"
bootstrap_roles "$sock" "$port" attest "$password"

url() { echo "postgres://$1:$password@127.0.0.1:$port/attest?sslmode=disable"; }
ATTEST_DATABASE_URL=$(url attest_owner) "$attest" migrate >&2
if ! ATTEST_DATABASE_URL=$(url attest_operator) "$attest" tenant show demo >/dev/null 2>&1; then
    log "adding the demo tenant"
    ATTEST_DATABASE_URL=$(url attest_operator) "$attest" tenant add demo \
        --name "Demo Staffing Client LLC" --time-zone America/Chicago --agreement-date 2024-12-02 \
        --send-hour 8 --contact "Dana Demo <compliance@demo.example>" \
        --operator-contact "Olive Operator <operator@agency.example>" --daemon-role attest_daemon >&2
    log "importing the demo records (dates around today)"
    python3 "$root/deploy/demo-data.py" "$local_dir/demo"
    for kind in people trainings hires nomatch; do
        ATTEST_DATABASE_URL=$(url attest_operator) "$attest" import "$kind" "$local_dir/demo/$kind.csv" --tenant demo >&2
    done
    while IFS= read -r command; do   # the year's other records, shell-quoted by demo-data.py
        eval "ATTEST_DATABASE_URL=\$(url attest_operator) \"\$attest\" $command --tenant demo" </dev/null >&2
    done < "$local_dir/demo/commands.txt"
fi
ATTEST_DATABASE_URL=$(url attest_operator) "$attest" agenda --tenant demo --days 14 >&2 || true

# The key that seals tip texts (the form at /t/demo/tips), made once and kept.
[ -f "$local_dir/tip.key" ] || "$attest" tip key generate --output "$local_dir/tip.key" >&2
export ATTEST_TIP_KEY_FILE=${ATTEST_TIP_KEY_FILE:-$local_dir/tip.key}
# Mail goes to a maildir unless a relay is configured.
export ATTEST_SMTP_URL=${ATTEST_SMTP_URL:-maildir:$local_dir/maildir}
export ATTEST_MAIL_FROM=${ATTEST_MAIL_FROM:-Attest <attest@agency.example>}
log "serving the demo tenant (Ctrl-C stops it); mail: ${ATTEST_SMTP_URL%%:*} (${ATTEST_SMTP_URL#maildir:})"
ATTEST_DATABASE_URL=$(url attest_daemon) "$attest" serve --tenant demo
