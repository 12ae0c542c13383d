#!/usr/bin/env bash
# Installs what the API fuzzing (deploy/testing/api/schemathesis-run.sh) needs, only what is
# missing: schemathesis (PyPI) in the tests' virtual environment at /opt/attest-test-venv
# (ATTEST_TEST_VENV), the one deploy/testing/browser/install-browser-deps.sh makes. Run as
# root when the environment is not yet there (python3-venv comes from Debian).
set -euo pipefail
venv=${ATTEST_TEST_VENV:-/opt/attest-test-venv}
# An exact version: the run script's configuration file and its check hook follow its API.
version=4.32.5
if ! /usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null; then
    apt-get update -qq
    # Another installer may hold the dpkg lock for a while: wait for it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 python3-venv >/dev/null
fi
[ -x "$venv/bin/python" ] || /usr/bin/python3 -m venv "$venv"
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("schemathesis") != sys.argv[1])' "$version" 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi
