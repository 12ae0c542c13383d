# PgQueuer's side of issue 19's comparison (sourced after deploy/lib.sh, not run): a venv
# outside the repository with PgQueuer from PyPI, and deploy/bench-pgqueuer.py on it.
#   bench_pgqueuer DSN [N] [DEQUEUERS] [BATCH] : prints "pgqueuer: N jobs drained in S s: R jobs/s"
# The venv is ATTEST_BENCH_VENV (default /work/.venv-pgqueuer), made on first use.
# shellcheck shell=bash

# The version measured; 1.6.0 was PyPI's newest when the script was written against it.
PGQUEUER_VERSION=${PGQUEUER_VERSION:-1.6.0}

pgqueuer_venv() {
    # pgqueuer_venv : makes the venv when missing and installs the pinned PgQueuer into it.
    local venv=${ATTEST_BENCH_VENV:-/work/.venv-pgqueuer}
    [[ -x "$venv/bin/python" ]] || python3 -m venv "$venv" || die "cannot make a venv in $venv"
    if ! "$venv/bin/python" -c 'import sys, asyncpg, pgqueuer; sys.exit(pgqueuer.__version__ != sys.argv[1])' \
        "$PGQUEUER_VERSION" 2>/dev/null; then
        log "installing pgqueuer $PGQUEUER_VERSION into $venv"
        "$venv/bin/pip" install -q --disable-pip-version-check "pgqueuer[asyncpg]==$PGQUEUER_VERSION" >&2 \
            || die "cannot install pgqueuer $PGQUEUER_VERSION from PyPI"
    fi
    echo "$venv"
}

bench_pgqueuer() {
    local venv here
    venv=$(pgqueuer_venv)
    here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
    "$venv/bin/python" "$here/bench-pgqueuer.py" "$@"
}
