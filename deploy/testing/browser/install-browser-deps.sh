#!/usr/bin/env bash
# Installs what the browser test of the tip form needs, only what is missing (run as
# root): Debian's chromium and chromium-driver, and Selenium (PyPI) in a virtual
# environment at /opt/attest-test-venv, whose python the test runs.
set -euo pipefail
venv=${ATTEST_TEST_VENV:-/opt/attest-test-venv}
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
/usr/bin/python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
if ((${#missing[@]})); then
    apt-get update -qq
    # Another installer may hold the dpkg lock for a while: wait for it.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "${missing[@]}" >/dev/null
fi
if ! "$venv/bin/python" -c 'import selenium' 2>/dev/null; then
    /usr/bin/python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
fi
