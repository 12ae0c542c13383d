#!/usr/bin/env python3
"""Writes the committed seed corpus (deploy/fuzz/corpus/<target>/) from the tests' own
inputs: string literals of the tests and shipped sources, and the sample files.

Run from the repository root: python3 deploy/fuzz/seed-corpus.py
It replaces the corpus directories; the fuzzers' finds go to a scratch copy, not here.
"""
import hashlib
import os
import re
import shutil
import sys
import urllib.parse

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
CORPUS = os.path.join(ROOT, "deploy", "fuzz", "corpus")
MAX_BYTES = 4096


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def swift_literals(source):
    """Yields (offset, text) for each Swift string literal without interpolation."""
    i = 0
    n = len(source)
    while i < n:
        c = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            if i < 0:
                return
            continue
        if c != '"' and not (c == "#" and source.startswith('#"', i)):
            i += 1
            continue
        raw = c == "#"
        start = i
        if raw:
            i += 1
        if source.startswith('"""', i):
            end = source.find('"""' + ("#" if raw else ""), i + 3)
            body = source[i + 3:end]
            i = end + 3 + (1 if raw else 0)
            lines = body.split("\n")[1:]
            indent = len(lines[-1]) if lines and not lines[-1].strip() else 0
            text = "\n".join(line[indent:] for line in lines[:-1])
            text = re.sub(r"\\\n", "", text) if not raw else text
        else:
            j = i + 1
            while j < n and source[j] != '"':
                if source[j] == "\\" and not raw:
                    j += 1
                j += 1
            body = source[i + 1:j]
            i = j + 1 + (1 if raw else 0)
            text = body
        if raw:
            yield start, text
            continue
        if "\\(" in text:
            continue
        yield start, unescape(text)


def unescape(text):
    out = []
    i = 0
    while i < len(text):
        c = text[i]
        if c != "\\":
            out.append(c)
            i += 1
            continue
        e = text[i + 1]
        if e == "u":
            close = text.index("}", i)
            out.append(chr(int(text[i + 3:close], 16)))
            i = close + 1
            continue
        out.append({"n": "\n", "r": "\r", "t": "\t", "0": "\0", '"': '"', "'": "'", "\\": "\\"}[e])
        i += 2
    return "".join(out)


def write(target, entries):
    directory = os.path.join(CORPUS, target)
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    seen = set()
    for data in entries:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data or len(data) > MAX_BYTES or data in seen:
            continue
        seen.add(data)
        name = hashlib.sha1(data).hexdigest()[:16]
        with open(os.path.join(directory, name), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seen)} files", file=sys.stderr)


def csv_seeds():
    source = read("Tests/StorageTests/CSVTableTests.swift")
    entries = [text for offset, text in swift_literals(source)
               if ("\n" in text or "," in text) and not re.match(r"[a-z]\.csv:\d", text)]
    samples = os.path.join(ROOT, "samples")
    for name in sorted(os.listdir(samples)):
        if name.endswith(".csv"):
            with open(os.path.join(samples, name), "rb") as f:
                entries.append(f.read())
    return entries


def smtp_seeds():
    entries = []
    for path in ["Tests/MailerTests/SMTPProtocolTests.swift", "Tests/MailerTests/AddressRedactionTests.swift"]:
        for offset, text in swift_literals(read(path)):
            if re.match(r"\d", text) or text.startswith("abc"):
                # The harness takes its first byte as the fragment size: 0 feeds one byte
                # at a time, as the test does.
                entries.append(b"\x00" + text.encode("utf-8") + (b"" if text.endswith("\n") else b"\r\n"))
    server = read("Tests/MailerTests/smtp_test_server.py")
    codes = re.findall(r'^\s+(\d{3}): "([^"]+)"', server, re.M)
    for code, text in codes:
        entries.append(f"\x07{code} {text}\r\n".encode())
    entries.append(b"\x03220 mail.test ESMTP\r\n250-mail.test Hello\r\n250-PIPELINING\r\n250-SIZE 35882577\r\n"
                   b"250-AUTH=LOGIN\r\n250-AUTH PLAIN LOGIN\r\n250 STARTTLS\r\n")
    entries.append(b"\x10250 2.1.5 OK\r\n250 2.1.5 OK\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
                   b"250 2.0.0 Ok: queued as 1234\r\n221 2.0.0 Bye\r\n")
    return entries


def tip_form_seeds():
    def encode(fields):
        return "&".join(f"{name}={urllib.parse.quote(value, safe='-._~')}" for name, value in sorted(fields.items()))
    token = "dGhpcy1pcy1hLWNzcmYtdG9rZW4tb2YtNDMtY2hhcnM"
    marker = "TIPFORM-MARKER"
    forms = [
        {"text": "Someone keeps I-9s in a box", "contact": ""},
        {"text": f"Texto {marker}", "contact": f"call me {marker}", "lang": "es"},
        {"code": "aaaaa-bbbbb-ccccc-ddddd"},
        {"code": "AAAAA-BBBBB-CCCCC-DDDDD", "lang": "es"},
        {"text": "   "},
        {"text": "third"},
        {"text": "x", "csrf": token[::-1]},
        {"text": "e1"},
        {"text": "y" * 300},
        {"text": "Jane <Doe> & \"Co\" é\u0301 \u200b", "contact": "+1 555 0100\r\nline two"},
    ]
    entries = [encode(dict(form, csrf=form.get("csrf", token))) for form in forms]
    entries += [
        "text=a+b+c&contact=&csrf=" + token,           # a browser's + for spaces
        "text=%E2%9C%93&text=second&lang=en",           # repeated names: the last wins
        "text=%ZZ&csrf=x",                                # bad escape: refused
        "text=%C3%28",                                    # escapes that are not UTF-8
        "&&=&text&=x&code=A2345-B2345-C2345-D2345",
    ]
    return entries


def template_seeds():
    entries = []
    for path in ["Sources/Mailer/ShippedTemplates.swift", "Sources/Mailer/NetworkGuidelines.swift"]:
        entries += [text for offset, text in swift_literals(read(path)) if "{{" in text]
    for path in ["Tests/MailerTests/CompiledTemplateTests.swift", "Tests/MailerTests/TemplateSetTests.swift"]:
        entries += [text for offset, text in swift_literals(read(path)) if "{{" in text or "}}" in text]
    return entries


write("fuzz-csv", csv_seeds())
write("fuzz-smtp-reply", smtp_seeds())
write("fuzz-tip-form", tip_form_seeds())
write("fuzz-template", template_seeds())
