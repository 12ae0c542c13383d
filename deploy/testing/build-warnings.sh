#!/usr/bin/env bash
# Fails on a compiler warning in the project's own code (issue 17, item 8).
#   deploy/testing/build-warnings.sh BUILD_LOG
# BUILD_LOG: what `swift build` printed. Prints each warning of a file under Sources/ or
# Tests/ (once, however often the compiler repeated it) and exits 1 if there is any;
# dependencies' warnings (.build/checkouts) are not ours and pass. An incremental build
# only recompiles what changed, so it reports the warnings of those files: a clean
# clone (CI) sees all of them.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
log=${1:?usage: build-warnings.sh BUILD_LOG}
ours=$(grep -E "^($root/)?(Sources|Tests)/[^:]+:[0-9]+(:[0-9]+)?: warning: " "$log" | sed "s|^$root/||" | sort -u || true)
[ -z "$ours" ] && exit 0
printf '%s\n' "$ours" >&2
printf 'error: %d compiler warning(s) in Sources/ or Tests/ (above); the build must have none\n' "$(printf '%s\n' "$ours" | wc -l)" >&2
exit 1
