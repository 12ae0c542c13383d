#!/usr/bin/env python3
"""Floods a daemon's public surfaces from loopback, bounded in time and count.

    flood.py BASE_URL SLUG [--seconds 20] [--concurrency 32] [--max-requests 50000]

Each worker thread keeps one HTTP/1.1 connection and cycles through three requests:
the tenant's tip form (GET /t/SLUG/tips), a post to an unknown slug
(POST /t/unknown-N/tips) and an API call with a well-formed but bogus bearer token
(GET /api/v1/tenants). Prints one JSON object: per kind, the count of each status,
and "errors" (connections that failed). Standard library only; refuses any host but
127.0.0.1 or localhost.
"""
import argparse
import http.client
import json
import secrets
import string
import threading
import time
import urllib.parse

ALPHABET = string.ascii_letters + string.digits + "-_"


def bogus_token():
    return "attest_" + "".join(secrets.choice(ALPHABET) for _ in range(43))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("base_url")
    parser.add_argument("slug")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--max-requests", type=int, default=50_000)
    args = parser.parse_args()
    url = urllib.parse.urlsplit(args.base_url)
    if url.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("flood.py: only a daemon on this machine (127.0.0.1) may be flooded")

    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    counts = {"form": {}, "unknown_slug": {}, "bogus_token": {}, "errors": 0, "requests": 0}

    def take_one():
        with lock:
            if counts["requests"] >= args.max_requests:
                return False
            counts["requests"] += 1
            return True

    def record(kind, status):
        with lock:
            bucket = counts[kind]
            bucket[str(status)] = bucket.get(str(status), 0) + 1

    def worker(index):
        connection = None
        turn = index
        while time.monotonic() < deadline and take_one():
            kind = ("form", "unknown_slug", "bogus_token")[turn % 3]
            turn += 1
            if kind == "form":
                method, path, headers, body = "GET", f"/t/{args.slug}/tips", {}, None
            elif kind == "unknown_slug":
                method, path = "POST", f"/t/unknown-{secrets.token_hex(4)}/tips"
                headers, body = {"Content-Type": "application/x-www-form-urlencoded"}, "text=hello"
            else:
                method, path, headers, body = "GET", "/api/v1/tenants", {"Authorization": "Bearer " + bogus_token()}, None
            try:
                if connection is None:
                    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=10)
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                record(kind, response.status)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException):
                with lock:
                    counts["errors"] += 1
                if connection is not None:
                    connection.close()
                connection = None
        if connection is not None:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(args.concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(counts, sort_keys=True))


if __name__ == "__main__":
    main()
