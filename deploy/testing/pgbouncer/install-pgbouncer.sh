#!/usr/bin/env bash
# Makes Debian's pgbouncer available to the tests at /opt/attest-pgbouncer/pgbouncer (or
# $ATTEST_TEST_PGBOUNCER_DIR), only when missing. The package is downloaded and unpacked,
# not installed (installing it would also start a PgBouncer service); the libraries it
# links are installed from Debian.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
source "$root/deploy/lib.sh"
dir=${ATTEST_TEST_PGBOUNCER_DIR:-/opt/attest-pgbouncer}
[ -x "$dir/pgbouncer" ] && "$dir/pgbouncer" --version >/dev/null 2>&1 && exit 0
apt_install libc-ares2 libevent-2.1-7 libpam0g libssl3 libsystemd0
work=$(mktemp -d); chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
deb_unpack pgbouncer "$work/unpacked"
mkdir -p "$dir"
install -m 755 "$work/unpacked/usr/sbin/pgbouncer" "$dir/pgbouncer"
"$dir/pgbouncer" --version
