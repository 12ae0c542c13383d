#!/usr/bin/env bash
# Installs one exact version of a PyPI package into the tests' virtual environment at
# /opt/attest-test-venv (ATTEST_TEST_VENV), making the environment when it is missing;
# does nothing when that version is there already. Run as root when the environment is
# not yet there (python3-venv comes from Debian).
#   deploy/testing/install-into-venv.sh PACKAGE VERSION
set -euo pipefail
package=$1 version=$2
venv=${ATTEST_TEST_VENV:-/opt/attest-test-venv}
if ! /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq
    # Another installer may hold the dpkg lock for a while: wait for it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 python3-venv >/dev/null
fi
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version(sys.argv[1]) != sys.argv[2])' "$package" "$version" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "$package==$version"
fi
