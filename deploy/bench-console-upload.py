#!/usr/bin/env python3
"""Uploads a hires CSV to a running `attest console` as an operator's browser does
(multipart), times the streamed check and the import, and prints, for each, when the
first bytes ("Checking the N rows …") arrived, the longest silence between two chunks,
the total time and the outcome. Signs in as bench-console.py does. Standard library only.

Usage: bench-console-upload.py BASE_URL EMAIL ONE_TIME_PASSWORD SLUG FILE
"""
import http.client
import os
import re
import sys
import time
import uuid

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from importlib import import_module  # noqa: E402

bench = import_module("bench-console")


def streamed(client, method, path, body, content_type):
    """Sends a request on a fresh connection and reads the answer chunk by chunk."""
    connection = http.client.HTTPConnection(client.host, client.port, timeout=600)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items()), "Origin": client.origin,
               "Content-Type": content_type}
    start = time.perf_counter()
    connection.request(method, path, body=body, headers=headers)
    response = connection.getresponse()
    first, last, longest, parts = None, None, 0.0, []
    while True:
        chunk = response.read1(65536)
        if not chunk:
            break
        now = time.perf_counter()
        first = first or now
        longest = max(longest, now - (last or now))
        last = now
        parts.append(chunk)
    total = time.perf_counter() - start
    return response.status, b"".join(parts).decode(), first - start, longest, total


def multipart(kind, name, content, token):
    boundary = f"----bench{uuid.uuid4().hex}"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"form_token\"\r\n\r\n{token}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\n{kind}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def show(label, status, page, first, longest, total, expect):
    outcome = re.search(expect, page)
    print(f"{label}: HTTP {status}, first bytes after {first * 1000:.0f} ms, longest silence {longest:.1f} s, "
          f"total {total:.1f} s: {outcome.group(0) if outcome else 'NOT FOUND: ' + expect}")
    if not outcome:
        print(page[-2000:])
        sys.exit(1)


def main(base, email, password, slug, path):
    client = bench.sign_in(base, email, password)
    _, _, page = client.request("GET", f"/tenants/{slug}/import")
    token = bench.token(page)
    with open(path, "rb") as f:
        content = f.read()
    rows = content.count(b"\n") - 1
    print(f"{os.path.basename(path)}: {len(content) / 1024:.0f} KiB, {rows} rows")
    body, content_type = multipart("hires", os.path.basename(path), content, token)
    status, page, first, longest, total = streamed(client, "POST", f"/tenants/{slug}/import", body, content_type)
    show("check (preview, rolled back)", status, page, first, longest, total, r"Import \d+ rows")
    action = re.search(r'id="import-form" method="post" action="([^"]+)"', page).group(1)
    status, page, first, longest, total = streamed(client, "POST", action, f"form_token={token}",
                                                   "application/x-www-form-urlencoded")
    show("import", status, page, first, longest, total, r"The \d+ rows were saved\.")


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
