#!/usr/bin/env bash
# A PostgreSQL server of a test's own (for tests that restart or stop it):
#   private-postgres.sh start DIR      → prints "PORT n SOCKET dir" when it accepts connections
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
