#!/usr/bin/env bash
# A PostgreSQL server of a test's own (for tests that restart or stop it):
#   private-postgres.sh start DIR      → prints "PORT n SOCKET dir" when it accepts connections
#   private-postgres.sh start-tls DIR  → the same with TLS on: a new CA signs a certificate for
#                                        DNS:localhost only; prints "PORT n SOCKET dir CA file"
#   private-postgres.sh restart DIR    → pg_ctl restart -m immediate (a crash, as far as clients can tell)
#   private-postgres.sh stop DIR       → stops it and removes DIR
# The roles and schema of production are set up with the password in $ATTEST_TEST_ROLE_PASSWORD.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/deploy/lib.sh"
command=$1 dir=$2
case "$command" in
start)
    mkdir -p "$dir"; chmod 755 "$dir"
    pg_prepare_dir "$dir/pg"; pg_prepare_dir "$dir/sock"
    port=$(free_port)
    echo "$port" > "$dir/port"
    pg_init "$dir/pg"
    pg_start "$dir/pg" "$port" "$dir/sock" "$dir/sock/postgres.log"
    psql_super "$dir/sock" "$port" postgres -c "CREATE DATABASE attest" >/dev/null
    bootstrap_roles "$dir/sock" "$port" attest "${ATTEST_TEST_ROLE_PASSWORD:?}"
    echo "PORT $port SOCKET $dir/sock"
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
    die "usage: $0 start|restart|stop DIR"
    ;;
esac
