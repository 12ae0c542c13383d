#!/usr/bin/env bash
# Makes Debian's promtool available to the tests at /opt/attest-promtool/promtool (or
# $ATTEST_TEST_PROMTOOL_DIR), only when missing. The `prometheus` package is downloaded
# and unpacked, not installed: installing it would also start a Prometheus server.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../.." && pwd)
source "$root/deploy/lib.sh"
dir=${ATTEST_TEST_PROMTOOL_DIR:-/opt/attest-promtool}
[ -x "$dir/promtool" ] && exit 0
work=$(mktemp -d); chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
deb_unpack prometheus "$work/unpacked"
mkdir -p "$dir"
install -m 755 "$work/unpacked/usr/bin/promtool" "$dir/promtool"
