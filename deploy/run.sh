#!/usr/bin/env bash
# Runs Attest locally (`make run`). With ATTEST_DATABASE_URL set it just serves
# every tenant that URL's role may act for. Without it, it installs PostgreSQL 15
# when missing, creates and starts a cluster under .local/, creates the roles and the
# database, migrates, loads the demo tenant, gives the demo admin account of the web
# console a new one-time password, starts the console in the background (its log in
# .local/console.log) and runs the daemon in the foreground.
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
console_pid=""
stop_local() {
    # The console first (it holds database connections), then PostgreSQL.
    if [ -n "$console_pid" ] && kill -0 "$console_pid" 2>/dev/null; then
        log "stopping the console"
        kill -TERM "$console_pid" 2>/dev/null || true
        wait "$console_pid" 2>/dev/null || true
    fi
    log "stopping PostgreSQL"
    pg_stop "$data"
}
trap stop_local EXIT

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

# The demo tenant's tip key, made once: its public half (in the database) seals what the
# form at /t/demo/tips receives; its private half, in .local/tip-keys, opens tips for the
# console and `attest tip show`. The daemon below is started without it.
export ATTEST_TIP_KEY_DIR=${ATTEST_TIP_KEY_DIR:-$local_dir/tip-keys}
if ! ATTEST_DATABASE_URL=$(url attest_operator) "$attest" tip key list --tenant demo | grep -q ' active '; then
    ATTEST_DATABASE_URL=$(url attest_operator) "$attest" tip key rotate --tenant demo >&2
fi
# Mail goes to a maildir unless a relay is configured.
export ATTEST_SMTP_URL=${ATTEST_SMTP_URL:-maildir:$local_dir/maildir}
export ATTEST_MAIL_FROM=${ATTEST_MAIL_FROM:-Attest <attest@agency.example>}

# The web console's demo admin: added once; later runs give it a new one-time password
# (which also ends its earlier sessions), so every run prints one that works.
demo_admin=admin@agency.example
admin_state=$(ATTEST_DATABASE_URL=$(url attest_operator) "$attest" operator list --json | python3 -c '
import json, sys
account = next((a for a in json.load(sys.stdin) if a["email"] == sys.argv[1]), None)
print("missing" if account is None else "enrolled" if account.get("second_factor") else "not-enrolled")' "$demo_admin")
if [ "$admin_state" = missing ]; then
    operator_command=(operator add "$demo_admin" --name "Demo Admin" --role admin)
else
    operator_command=(operator reset-password "$demo_admin")
fi
# Both print "Added …" or "Reset the password of …" and "one-time password: …".
issued=$(ATTEST_DATABASE_URL=$(url attest_operator) "$attest" "${operator_command[@]}" 2>&1) \
    || die "attest ${operator_command[*]} failed: $issued"
log "$(printf '%s\n' "$issued" | grep -E '^(Added|Reset) ' || true)"
one_time_password=$(printf '%s\n' "$issued" | sed -n 's/^one-time password: //p')
[ -n "$one_time_password" ] || die "attest ${operator_command[*]} printed no one-time password: $issued"

export ATTEST_CONSOLE_BIND=${ATTEST_CONSOLE_BIND:-127.0.0.1:8081}
log "starting the console on $ATTEST_CONSOLE_BIND (log: .local/console.log)"
ATTEST_DATABASE_URL=$(url attest_console) "$attest" console >"$local_dir/console.log" 2>&1 &
console_pid=$!
console_address=""
for _ in $(seq 1 120); do   # up to a minute for its "console listening" line
    console_address=$(grep 'console listening' "$local_dir/console.log" | grep -o 'http://[^", ]*' | head -n 1 || true)
    [ -n "$console_address" ] && break
    kill -0 "$console_pid" 2>/dev/null || { cat "$local_dir/console.log" >&2; die "the console did not start (its log above)"; }
    sleep 0.5
done
[ -n "$console_address" ] || { cat "$local_dir/console.log" >&2; die "the console did not say where it listens within a minute (its log above)"; }
if [ "$admin_state" = enrolled ]; then
    first_sign_in="The sign-in asks for a code of the authenticator app enrolled at an earlier
run (lost it? attest operator reset-password $demo_admin --second-factor,
as attest_operator) and for a new password."
else
    first_sign_in="The first sign-in asks you to enrol an authenticator app (TOTP: add the
key or the otpauth:// address the page shows, then enter its code) and to
choose a new password."
fi
cat >&2 <<EOF_SIGN_IN

---------------------------------------------------------------------------
The operators' console: $console_address/
Demo sign-in:           $demo_admin
One-time password:      $one_time_password
$first_sign_in
Each make run prints a new one-time password and ends the account's
earlier sessions.
---------------------------------------------------------------------------

EOF_SIGN_IN

log "serving the demo tenant (Ctrl-C stops it and the console); mail: ${ATTEST_SMTP_URL%%:*} (${ATTEST_SMTP_URL#maildir:})"
ATTEST_DATABASE_URL=$(url attest_daemon) env -u ATTEST_TIP_KEY_DIR "$attest" serve --tenant demo
