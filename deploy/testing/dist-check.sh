#!/usr/bin/env bash
# Checks `make dist`'s tarball (issue 17, item 4): its binary depends on no Swift shared
# library (ldd), and `attest --version` and `attest migrate` (against a throwaway
# PostgreSQL, twice: the second finds nothing to do) run in an environment without the
# Swift toolchain on any path.
#   deploy/testing/dist-check.sh [TARBALL]   (default: runs deploy/dist.sh first)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
source "$root/deploy/lib.sh"
tarball=${1:-$("$root/deploy/dist.sh")}
work=$(mktemp -d "${TMPDIR:-/tmp}/attest-dist.XXXXXX"); chmod 755 "$work"
server="$work/pg"
trap '"$root/deploy/testing/private-postgres.sh" stop "$server" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
tar -C "$work" -xzf "$tarball"
attest=$(echo "$work"/attest-*/bin/attest)
[ -x "$attest" ] || die "no bin/attest in $tarball"
for file in systemd/attest@.service systemd/attest-console.service attest.env.example sql/roles.sql sql/daemon-role.sql; do
    [ -f "$(dirname "$(dirname "$attest")")/$file" ] || die "$file is missing from $tarball"
done
swift_libraries=$(ldd "$attest" | grep -Ei 'swift|foundation|dispatch|BlocksRuntime' || true)
[ -z "$swift_libraries" ] || die "the binary still needs Swift shared libraries: $swift_libraries"
# No Swift toolchain on any path: only the system's own directories.
clean=(env -i HOME="$work" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8)
if "${clean[@]}" sh -c 'command -v swift' >/dev/null; then die "swift is on the clean PATH; the check proves nothing"; fi
version=$("${clean[@]}" "$attest" --version)
[ -n "$version" ] || die "attest --version printed nothing"
export ATTEST_TEST_ROLE_PASSWORD=${ATTEST_TEST_ROLE_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_hex(16))')}
port=$("$root/deploy/testing/private-postgres.sh" start "$server" | awk '{print $2}')
url="postgres://attest_owner:$ATTEST_TEST_ROLE_PASSWORD@127.0.0.1:$port/attest?sslmode=disable"
first=$("${clean[@]}" ATTEST_DATABASE_URL="$url" ATTEST_LOG_LEVEL=warning "$attest" migrate)
grep -q '^Applied 001_' <<<"$first" || die "attest migrate applied nothing: $first"
second=$("${clean[@]}" ATTEST_DATABASE_URL="$url" ATTEST_LOG_LEVEL=warning "$attest" migrate)
grep -q 'up to date' <<<"$second" || die "a second attest migrate was not a no-op: $second"
log "dist check passed: $(basename "$tarball") ($version), $(ldd "$attest" | wc -l) shared libraries, none of Swift; migrate applied $(grep -c '^Applied' <<<"$first") migrations"
