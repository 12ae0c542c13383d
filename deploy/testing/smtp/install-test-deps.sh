#!/usr/bin/env bash
# Installs what the Mailer tests need: Debian's python3-aiosmtpd (the test SMTP server,
# run with /usr/bin/python3) and openssl (the test certificate). Run as root.
set -euo pipefail
missing=()
/usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null || missing+=(python3-aiosmtpd)
command -v openssl >/dev/null || missing+=(openssl)
if ((${#missing[@]})); then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi
