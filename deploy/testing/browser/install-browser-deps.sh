#!/usr/bin/env bash
# Installs what the browser tests (tip form, console) need, only what is missing (run as
# root): Debian's chromium and chromium-driver, and Selenium and axe-selenium-python
# (PyPI; it ships axe-core's axe.min.js in its package data) in a virtual environment
# at /opt/attest-test-venv, whose python the tests run.
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
# axe-selenium-python 3.0.0 ships axe-core 4.10.2 (2.1.6, the last release that allows
# Python 3.11, ships axe-core 3.1.1 from 2018). 3.0.0 declares Python >= 3.12 but its
# code (one small class) runs on Debian 12's 3.11, so it is installed without that check
# and without its dependencies: selenium is above, and pytest only serves its own tests.
if ! "$venv/bin/python" -c 'import importlib.metadata as m, sys; sys.exit(m.version("axe-selenium-python") != "3.0.0")' 2>/dev/null; then
    "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --ignore-requires-python 'axe-selenium-python==3.0.0'
fi
