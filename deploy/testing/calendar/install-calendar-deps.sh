#!/usr/bin/env bash
# Installs what the calendar feed tests need, only what is missing: the Python
# `icalendar` package (PyPI), which parses the feeds as a calendar client would, in the
# tests' virtual environment at /opt/attest-test-venv (ATTEST_TEST_VENV), the one
# deploy/testing/browser/install-browser-deps.sh makes.
set -euo pipefail
"$(dirname "$0")/../install-into-venv.sh" icalendar 7.3.2
