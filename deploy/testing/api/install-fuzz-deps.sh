#!/usr/bin/env bash
# Installs what the API fuzzing (deploy/testing/api/schemathesis-run.sh) needs, only what is
# missing: schemathesis (PyPI) in the tests' virtual environment at /opt/attest-test-venv
# (ATTEST_TEST_VENV), the one deploy/testing/browser/install-browser-deps.sh makes. Run as
# root when the environment is not yet there (python3-venv comes from Debian).
set -euo pipefail
# An exact version: the run script's configuration file and its check hook follow its API.
"$(dirname "$0")/../install-into-venv.sh" schemathesis 4.32.5
