#!/usr/bin/env bash
# A PgBouncer of a test's own, in transaction pooling mode, in front of a test server:
#   pgbouncer.sh start DIR SERVER_PORT POOL_SIZE → prints "PORT n" once it accepts connections
#   pgbouncer.sh repoint DIR SERVER_PORT         → points it at another server and reloads
#                                                  (RELOAD on its admin console), as an
#                                                  agency does on failover
#   pgbouncer.sh stop DIR                        → stops it and removes DIR
# Every database name is passed through to the server (`* =`); Attest's login roles
# authenticate with SCRAM with the password in $ATTEST_TEST_ROLE_PASSWORD. POOL_SIZE is
# the server connections per database and role, however many clients connect.
# PgBouncer refuses to run as root: it runs as the postgres user then.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
source "$root/deploy/lib.sh"
binary=${ATTEST_TEST_PGBOUNCER_DIR:-/opt/attest-pgbouncer}/pgbouncer
command=$1 dir=$2

databases() { printf '[databases]\n* = host=127.0.0.1 port=%s\n' "$1"; }
# A command on PgBouncer's admin console, as attest_owner (its admin user here). Signals
# are not used: a test process may block SIGHUP and SIGINT, and its children inherit that.
admin() {
    PGPASSWORD=${ATTEST_TEST_ROLE_PASSWORD:-} psql -X -q -h 127.0.0.1 -p "$(cat "$dir/port")" -U attest_owner -d pgbouncer -c "$1" >/dev/null
}

case "$command" in
start)
    server_port=$3 pool=$4
    mkdir -p "$dir"; chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(free_port)
    echo "$port" > "$dir/port"
    for role in attest_owner attest_operator attest_daemon attest_console; do
        printf '"%s" "%s"\n' "$role" "${ATTEST_TEST_ROLE_PASSWORD:?}"
    done > "$dir/userlist.txt"
    databases "$server_port" > "$dir/databases.ini"
    cat > "$dir/pgbouncer.ini" <<INI
%include $dir/databases.ini
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = $pool
reserve_pool_size = 0
max_client_conn = 1000
admin_users = attest_owner
server_reset_query =
server_check_delay = 1
server_login_retry = 1
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    chmod 644 "$dir"/*.ini; chmod 600 "$dir/userlist.txt"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"/*
    as_pg "$binary" -d "$dir/pgbouncer.ini"
    for _ in $(seq 1 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "PORT $port"; exit 0; }
        sleep 0.1
    done
    cat "$dir/pgbouncer.log" >&2; die "pgbouncer did not start"
    ;;
repoint)
    databases "$3" > "$dir/databases.ini.new"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/databases.ini.new"
    mv "$dir/databases.ini.new" "$dir/databases.ini"
    admin RELOAD
    ;;
stop)
    if [ -f "$dir/pgbouncer.pid" ]; then
        pid=$(cat "$dir/pgbouncer.pid")
        admin SHUTDOWN 2>/dev/null || true
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
*)
    die "usage: $0 start DIR SERVER_PORT POOL_SIZE | repoint DIR SERVER_PORT | stop DIR"
    ;;
esac
