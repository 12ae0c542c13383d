#!/usr/bin/env bash
# A PostgreSQL server of a test's own (for tests that restart or stop it):
#   private-postgres.sh start DIR      → prints "PORT n SOCKET dir" when it accepts connections
#   private-postgres.sh start-tls DIR  → the same with TLS on: a new CA signs a certificate for
#                                        DNS:localhost only; prints "PORT n SOCKET dir CA file"
#   private-postgres.sh restart DIR    → pg_ctl restart -m immediate (a crash, as far as clients can tell)
#   private-postgres.sh stop DIR       → stops it and removes DIR
#   private-postgres.sh start-empty DIR → like start, for a restore: the backup role first,
#                                        then Attest's roles, and an empty database `attest`
#   private-postgres.sh start-standby DIR PRIMARY_DIR → a streaming replica of PRIMARY_DIR's server
#                                        (pg_basebackup), which the primary then waits for on
#                                        every commit (synchronous_standby_names); prints
#                                        "PORT n SOCKET dir" once it is the synchronous standby
#   private-postgres.sh crash DIR      → pg_ctl stop -m immediate (the machine died)
#   private-postgres.sh promote DIR    → pg_ctl promote: the standby becomes the primary
#   private-postgres.sh dump DIR FILE  → pg_dump --format=custom of `attest`, as the backup role
#   private-postgres.sh restore DIR FILE → pg_restore of FILE into DIR's empty `attest`, then
#                                        the database's grants (deploy/database.sql)
# The roles and schema of production are set up with the password in $ATTEST_TEST_ROLE_PASSWORD.
# The backup role, attest_backup, is the one docs/operations.md describes: it reads every
# row (pg_read_all_data, BYPASSRLS: forced row-level security would make pg_dump fail).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/deploy/lib.sh"
command=$1 dir=$2

# A new cluster in $dir on a free port ($port, also in $dir/port), running.
new_server() {
    mkdir -p "$dir"; chmod 755 "$dir"
    pg_prepare_dir "$dir/pg"; pg_prepare_dir "$dir/sock"
    port=$(free_port)
    echo "$port" > "$dir/port"
    pg_init "$dir/pg"
    pg_start "$dir/pg" "$port" "$dir/sock" "$dir/sock/postgres.log"
}

case "$command" in
start)
    new_server
    psql_super "$dir/sock" "$port" postgres -c "CREATE DATABASE attest" >/dev/null
    bootstrap_roles "$dir/sock" "$port" attest "${ATTEST_TEST_ROLE_PASSWORD:?}"
    echo "PORT $port SOCKET $dir/sock"
    ;;
start-empty)
    new_server
    psql_super "$dir/sock" "$port" postgres -f - < "$root/deploy/backup-role.sql" >/dev/null
    psql_super "$dir/sock" "$port" postgres -c "CREATE DATABASE attest" >/dev/null
    bootstrap_roles "$dir/sock" "$port" attest "${ATTEST_TEST_ROLE_PASSWORD:?}" roles-only
    echo "PORT $port SOCKET $dir/sock"
    ;;
start-standby)
    primary=${3:?start-standby DIR PRIMARY_DIR}
    primary_port=$(cat "$primary/port")
    mkdir -p "$dir"; chmod 755 "$dir"
    pg_prepare_dir "$dir/pg"; pg_prepare_dir "$dir/sock"
    as_pg chmod 700 "$dir/pg"
    port=$(free_port)
    echo "$port" > "$dir/port"
    as_pg "$PG_BIN/pg_basebackup" -h "$primary/sock" -p "$primary_port" -U postgres -D "$dir/pg" -X stream -c fast
    printf "primary_conninfo = 'host=%s port=%s user=postgres application_name=attest_standby'\n" "$primary/sock" "$primary_port" \
        | as_pg tee -a "$dir/pg/postgresql.auto.conf" >/dev/null
    as_pg touch "$dir/pg/standby.signal"
    pg_start "$dir/pg" "$port" "$dir/sock" "$dir/sock/postgres.log"
    psql_super "$primary/sock" "$primary_port" postgres -c "ALTER SYSTEM SET synchronous_standby_names = 'attest_standby'" \
        -c "SELECT pg_reload_conf()" >/dev/null
    for _ in $(seq 1 300); do
        state=$(psql_super "$primary/sock" "$primary_port" postgres -At \
            -c "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'attest_standby'")
        [ "$state" = sync ] && { echo "PORT $port SOCKET $dir/sock"; exit 0; }
        sleep 0.1
    done
    die "the standby did not become synchronous (state: ${state:-none})"
    ;;
crash)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m immediate -w -t 60 stop >/dev/null
    ;;
promote)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -w -t 60 promote >/dev/null
    ;;
dump)
    port=$(cat "$dir/port")
    psql_super "$dir/sock" "$port" attest -f - < "$root/deploy/backup-role.sql" >/dev/null
    as_pg "$PG_BIN/pg_dump" -h "$dir/sock" -p "$port" -U attest_backup --format=custom attest > "${3:?dump FILE}"
    ;;
restore)
    port=$(cat "$dir/port")
    as_pg "$PG_BIN/pg_restore" -h "$dir/sock" -p "$port" -U postgres -d attest --exit-on-error --single-transaction < "${3:?restore FILE}"
    psql_super "$dir/sock" "$port" attest -f - < "$root/deploy/database.sql" >/dev/null
    ;;
start-tls)
    "$0" start "$dir" >/dev/null
    port=$(cat "$dir/port")
    tls="$dir/tls"; mkdir -p "$tls"; chmod 755 "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=Attest test CA" \
        -keyout "$tls/ca.key" -out "$tls/ca.pem" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost\n' > "$tls/san.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
        -extfile "$tls/san.ext" -out "$tls/server.crt" 2>/dev/null
    chmod 644 "$tls/server.crt" "$tls/server.key" "$tls/ca.pem"
    as_pg cp "$tls/server.crt" "$tls/server.key" "$dir/pg/"
    as_pg chmod 600 "$dir/pg/server.key"
    psql_super "$dir/sock" "$port" postgres -c "ALTER SYSTEM SET ssl = on" -c "SELECT pg_reload_conf()" >/dev/null
    echo "PORT $port SOCKET $dir/sock CA $tls/ca.pem"
    ;;
restart)
    as_pg "$PG_BIN/pg_ctl" -D "$dir/pg" -m immediate -w -t 60 restart -l "$dir/sock/postgres.log" >/dev/null
    ;;
stop)
    pg_stop "$dir/pg"
    rm -rf "$dir"
    ;;
*)
    die "usage: $0 start|start-tls|start-empty|restart|crash|promote|stop DIR | start-standby DIR PRIMARY_DIR | dump|restore DIR FILE"
    ;;
esac
