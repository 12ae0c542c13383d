# Shared helpers for the local scripts (sourced, not run).
# A throwaway PostgreSQL 15 cluster: installed with apt when missing, run as the
# postgres user when we are root (initdb refuses root), on a free loopback port.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

apt_install() {
    # apt_install PACKAGE… : installs the Debian packages that are missing.
    local missing=()
    for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    command -v apt-get >/dev/null || die "missing packages ${missing[*]} and no apt-get to install them"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing ${missing[*]}"
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

deb_unpack() {
    # deb_unpack PACKAGE DIR : downloads Debian's PACKAGE and unpacks it into DIR, without
    # installing it (installing would also start the service some packages carry).
    local work; work=$(mktemp -d); chmod 755 "$work"
    if ! (cd "$work" && apt-get download "$1" >/dev/null 2>&1); then
        apt-get update -qq
        (cd "$work" && apt-get download "$1" >/dev/null 2>&1) || { rm -rf "$work"; die "cannot download Debian's $1"; }
    fi
    dpkg-deb -x "$work/$1"_*.deb "$2"
    rm -rf "$work"
}
ensure_postgres() {
    [ -x "$PG_BIN/initdb" ] || apt_install postgresql-15 postgresql-client-15
    [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 binaries not found in $PG_BIN"
}

free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

as_pg() {
    # Runs a PostgreSQL server binary as the postgres user when we are root.
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_prepare_dir() {
    # pg_prepare_dir DIR : makes DIR usable by the server's user.
    mkdir -p "$1"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres:postgres "$1"
        runuser -u postgres -- test -w "$1" || die "the postgres user cannot write $1 (a parent folder is private); set PGDATA_ROOT to a folder it can reach"
    fi
}

pg_init() {
    # pg_init DATADIR : a new cluster; local socket trusted, TCP needs passwords.
    as_pg "$PG_BIN/initdb" -D "$1" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >/dev/null
}

pg_start() {
    # pg_start DATADIR PORT SOCKETDIR LOGFILE (PG_MAX_CONNECTIONS, default 200)
    as_pg "$PG_BIN/pg_ctl" -D "$1" -l "$4" -w -t 60 start -o \
        "-c listen_addresses=127.0.0.1 -c port=$2 -c unix_socket_directories=$3 -c max_connections=${PG_MAX_CONNECTIONS:-200}" >/dev/null \
        || { cat "$4" >&2; die "PostgreSQL did not start (log above)"; }
}

pg_stop() {
    # pg_stop DATADIR : fast shutdown if running.
    [ -f "$1/postmaster.pid" ] && as_pg "$PG_BIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

psql_super() {
    # psql_super SOCKETDIR PORT DATABASE ARGS… : psql as the superuser over the socket.
    local sock=$1 port=$2 db=$3; shift 3
    as_pg psql -X -q -v ON_ERROR_STOP=1 -h "$sock" -p "$port" -U postgres -d "$db" "$@"
}

bootstrap_roles() {
    # bootstrap_roles SOCKETDIR PORT DATABASE PASSWORD [roles-only] : roles + schema
    # (deploy/roles.sql); with roles-only, the roles alone (a restore brings the schema).
    local here; here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    psql_super "$1" "$2" "$3" -v owner_password="$4" -v operator_password="$4" \
        -v daemon_password="$4" -v console_password="$4" -f - >/dev/null < <(grep -v '^\\ir ' "$here/roles.sql"; [ "${5:-}" = roles-only ] || cat "$here/database.sql")
}
