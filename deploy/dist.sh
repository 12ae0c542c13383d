#!/usr/bin/env bash
# `make dist`: the release artifact. A release build of `attest` with the Swift runtime
# and Foundation linked in statically (--static-swift-stdlib), packed with the systemd
# units, the environment examples and the database role scripts into
# dist/attest-VERSION-linux-ARCH.tar.gz. Prints the tarball's path. DIST_SCRATCH: the
# build folder (default .build-release, kept between runs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/deploy/lib.sh"
cd "$root"
scratch=${DIST_SCRATCH:-.build-release}
log "building the release binary (static Swift runtime) in $scratch"
swift build -c release --static-swift-stdlib --scratch-path "$scratch" --product attest >&2
binary="$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/attest"
version=$("$binary" --version)
name="attest-$version-linux-$(uname -m)"
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/bin" "$stage/$name/systemd" "$stage/$name/sql" "$stage/$name/doc"
install -m 755 "$binary" "$stage/$name/bin/attest"
# Stripped of its symbol tables, the binary is much smaller; the unstripped one stays in
# the build folder, to read a crash's backtrace with.
if command -v strip >/dev/null; then strip --strip-unneeded "$stage/$name/bin/attest"; fi
cp deploy/attest@.service deploy/attest-console.service deploy/attest-weekly-summary.service \
   deploy/attest-weekly-summary.timer "$stage/$name/systemd/"
cp deploy/attest.env.example deploy/attest-console.env.example "$stage/$name/"
cp deploy/roles.sql deploy/database.sql deploy/daemon-role.sql deploy/backup-role.sql "$stage/$name/sql/"
cp README.md docs/operations.md docs/security.md docs/compliance-rules.md "$stage/$name/doc/"
mkdir -p dist
tar -C "$stage" -czf "dist/$name.tar.gz" "$name"
log "packed dist/$name.tar.gz"
echo "$root/dist/$name.tar.gz"
