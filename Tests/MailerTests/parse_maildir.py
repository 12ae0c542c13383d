#!/usr/bin/python3
"""Parses every message in a Maildir with Python's email package (a real MIME parser)
and prints what it sees as JSON, for the Mailer tests to compare with what was sent."""
import email
import email.policy
import json
import mailbox
import sys


def addresses(header):
    if header is None:
        return None
    return [{"name": a.display_name, "address": a.addr_spec} for a in header.addresses]


def describe(key, raw):
    # A local delivery agent stores LF line endings (aiosmtpd keeps the wire's CRLF).
    message = email.message_from_bytes(raw.replace(b"\r\n", b"\n"), policy=email.policy.default)
    parts = [p for p in message.walk() if not p.is_multipart()]
    lines = raw.split(b"\n")
    return {
        "key": key,
        "subject": message["subject"],
        "from": addresses(message["from"]),
        "to": addresses(message["to"]),
        "reply_to": addresses(message["reply-to"]),
        "message_id": message["message-id"],
        "date": message["date"],
        "mime_version": message["mime-version"],
        "auto_submitted": message["auto-submitted"],
        "content_type": message.get_content_type(),
        "parts": [{"type": p.get_content_type(), "content": p.get_content()} for p in parts],
        "defects": [str(d) for d in message.defects] + [str(d) for p in parts for d in p.defects],
        "max_line_length": max(len(line.rstrip(b"\r")) for line in lines),
        "seven_bit": all(b < 128 for b in raw),
    }


def main():
    box = mailbox.Maildir(sys.argv[1], create=False)
    result = [describe(key, box.get_bytes(key)) for key in sorted(box.keys())]
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
