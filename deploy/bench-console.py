#!/usr/bin/env python3
"""Signs an account in to a running `attest console` (password, TOTP enrolment, new
password) and times GET PATH: REQUESTS requests one after another on one keep-alive
connection, then the same number spread over CONCURRENCY connections at once. Prints
p50, p95 and the slowest of each, and the page's size. Standard library only.

Usage: bench-console.py BASE_URL EMAIL ONE_TIME_PASSWORD [PATH] [REQUESTS] [CONCURRENCY]
"""
import base64
import hashlib
import hmac
import http.client
import re
import statistics
import struct
import sys
import threading
import time
import urllib.parse


class Client:
    def __init__(self, base):
        url = urllib.parse.urlsplit(base)
        self.host, self.port = url.hostname, url.port
        self.origin = f"{url.scheme}://{url.netloc}"
        self.cookies = {}
        self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin})
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                val = rest.split(";")[0]
                if val and "Max-Age=0" not in value:
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
        return response.status, response.getheader("Location"), text


def token(page):
    return re.search(r'name="form_token" value="([^"]+)"', page).group(1)


def totp(secret_base32, at=None):
    key = base64.b32decode(secret_base32 + "=" * (-len(secret_base32) % 8))
    digest = hmac.new(key, struct.pack(">Q", int((at or time.time()) // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def sign_in(base, email, password):
    client = Client(base)
    _, _, page = client.request("GET", "/sign-in")
    status, location, page = client.request("POST", "/sign-in", {"email": email, "password": password, "form_token": token(page)})
    assert status == 303 and location == "/sign-in/second-factor", (status, page[:300])
    _, _, page = client.request("GET", location)
    secret = re.search(r'id="totp-secret">([A-Z2-7=]+)<', page).group(1)
    status, location, _ = client.request("POST", "/sign-in/second-factor", {"code": totp(secret), "form_token": token(page)})
    if location == "/sign-in/new-password":
        _, _, page = client.request("GET", location)
        new = "bench horse battery staple 42"
        status, location, _ = client.request("POST", location, {"password": new, "confirm": new, "form_token": token(page)})
    assert status == 303 and location == "/", (status, location)
    return client


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(label, seconds, wall):
    ms = [s * 1000 for s in seconds]
    print(f"{label}: {len(ms)} requests, p50 {percentile(ms, 0.5):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, "
          f"slowest {max(ms):.1f} ms, mean {statistics.mean(ms):.1f} ms, {len(ms) / wall:.1f} requests/s")


def timed(client, path, count, into):
    for _ in range(count):
        start = time.perf_counter()
        status, _, page = client.request("GET", path)
        into.append(time.perf_counter() - start)
        assert status == 200, (status, page[:300])


def main(base, email, password, path="/", requests=100, concurrency=4):
    requests, concurrency = int(requests), int(concurrency)
    client = sign_in(base, email, password)
    _, _, page = client.request("GET", path)
    print(f"GET {path}: {len(page.encode()) / 1024:.0f} KiB, {page.count('<tr>')} table rows")
    timed(client, path, 5, [])  # warm-up
    sequential = []
    start = time.perf_counter()
    timed(client, path, requests, sequential)
    report("one connection", sequential, time.perf_counter() - start)
    clients = [Client(base) for _ in range(concurrency)]
    for other in clients:
        other.cookies = dict(client.cookies)
    samples = [[] for _ in clients]
    threads = [threading.Thread(target=timed, args=(c, path, requests // concurrency, s)) for c, s in zip(clients, samples)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report(f"{concurrency} connections", [x for s in samples for x in s], time.perf_counter() - start)


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
