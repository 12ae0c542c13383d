#!/usr/bin/env bash
# The SMTP benchmark: Attest's client against postfix's smtp-sink on loopback, beside
# postfix's smtp-source with the same count and size, over 1 and 4 connections.
# Installs postfix's tools when missing (without configuring a mail system).
# Usage: deploy/testing/smtp/run-benchmark.sh [--messages N] [--size OCTETS] [--connections N]
set -euo pipefail
cd "$(dirname "$0")/../../.."
if [[ ! -x /usr/sbin/smtp-sink || ! -x /usr/sbin/smtp-source ]]; then
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix
fi
swift run -c release attest-bench smtp "$@"
