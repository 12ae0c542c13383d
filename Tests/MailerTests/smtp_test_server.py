#!/usr/bin/python3
"""A real SMTP server for Attest's Mailer tests (aiosmtpd, Debian's python3-aiosmtpd).

Listens on a free loopback port and prints `PORT <n>` on stdout once it accepts
connections. Received mail goes into a Maildir; one JSON line per message (envelope,
TLS, authenticated user) goes to MAILDIR/../events.jsonl.

Modes (flags):
  --tls none|starttls|implicit   none: STARTTLS is not offered
  --cert FILE --key FILE         for starttls/implicit
  --auth USER:PASSWORD           offer AUTH PLAIN/LOGIN; only these credentials pass
  --pipelining                   advertise PIPELINING
  --split-replies                write every reply byte by byte (clear text only: aiosmtpd's
                                 STARTTLS does not survive it)
  --greeting CODE                greet with CODE (e.g. 421) and close instead of 220
  --hang-greeting                accept connections but never greet

Fault injection by recipient:
  codeNNN@...   RCPT answered with NNN (451, 550, 552, ...); 421 also closes the connection
  hang@...      RCPT accepted, then the reply to the final dot never comes
  dataNNN@...   RCPT accepted, the final dot answered with NNN
  slowN@...     RCPT accepted, the final dot answered after N milliseconds
  flakyN@...    the first N RCPTs to this address answered 451, later ones accepted
"""
import argparse
import asyncio
import json
import mailbox
import os
import re
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

CODE_TEXT = {
    421: "4.3.2 Service shutting down, closing connection",
    450: "4.2.0 Mailbox busy",
    451: "4.3.0 Try again later",
    452: "4.5.3 Too many recipients",
    550: "5.1.1 No such user here",
    551: "5.1.6 User not local",
    552: "5.2.2 Mailbox full",
    553: "5.1.3 Mailbox name not allowed",
    554: "5.7.1 Transaction failed",
}


def reply(code):
    return f"{code} {CODE_TEXT.get(code, '5.0.0 Injected failure' if code >= 500 else '4.0.0 Injected failure')}"


class Handler:
    def __init__(self, maildir, events, pipelining):
        self.maildir = mailbox.Maildir(maildir, create=True)
        self.events = events
        self.pipelining = pipelining
        self.flaky_attempts = {}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if self.pipelining:
            responses.insert(1, "250-PIPELINING")
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.split("@")[0].lower()
        match = re.fullmatch(r"code(\d{3})", local)
        if match:
            code = int(match.group(1))
            if code == 421:
                await server.push(reply(421))
                server.transport.close()
                return "421 closing"  # not sent: the transport is closed
            return reply(code)
        flaky = re.fullmatch(r"flaky(\d+)", local)
        if flaky:
            seen = self.flaky_attempts.get(address.lower(), 0) + 1
            self.flaky_attempts[address.lower()] = seen
            if seen <= int(flaky.group(1)):
                return reply(451)
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        locals_ = [a.split("@")[0].lower() for a in envelope.rcpt_tos]
        if "hang" in locals_:
            await asyncio.sleep(3600)
        for local in locals_:
            slow = re.fullmatch(r"slow(\d+)", local)
            if slow:
                await asyncio.sleep(int(slow.group(1)) / 1000)
            match = re.fullmatch(r"data(\d{3})", local)
            if match:
                return reply(int(match.group(1)))
        key = self.maildir.add(envelope.original_content or envelope.content)
        event = {
            "key": key,
            "mail_from": envelope.mail_from,
            "mail_options": envelope.mail_options,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "auth": session.auth_data if isinstance(session.auth_data, str) else None,
            "helo": session.host_name,
        }
        with open(self.events, "a") as f:
            f.write(json.dumps(event) + "\n")
        return f"250 2.0.0 Ok: queued as {key}"


class TestSMTP(SMTP):
    split_replies = False

    async def push(self, status):
        if not self.split_replies:
            return await super().push(status)
        data = (status if isinstance(status, bytes) else status.encode("ascii")) + b"\r\n"
        for i in range(len(data)):
            self._writer.write(data[i:i + 1])
            await self._writer.drain()
            await asyncio.sleep(0.0005)


def make_authenticator(credentials):
    user, _, password = credentials.partition(":")

    def authenticator(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=user)
        # handled=False: aiosmtpd then sends 535 itself; handled=True would leave the
        # client waiting for a reply that never comes.
        return AuthResult(success=False, handled=False)

    return authenticator


async def greet_and_close(code, reader, writer):
    writer.write(f"{reply(code)}\r\n".encode())
    await writer.drain()
    writer.close()


async def never_greet(reader, writer):
    await asyncio.sleep(3600)


def tls_context(args):
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)
    return context


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--maildir", required=True)
    parser.add_argument("--tls", choices=["none", "starttls", "implicit"], default="none")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--auth")
    parser.add_argument("--pipelining", action="store_true")
    parser.add_argument("--split-replies", action="store_true")
    parser.add_argument("--greeting", type=int)
    parser.add_argument("--hang-greeting", action="store_true")
    args = parser.parse_args()

    loop = asyncio.get_running_loop()
    events = os.path.join(os.path.dirname(os.path.abspath(args.maildir)), "events.jsonl")
    handler = Handler(args.maildir, events, args.pipelining)
    context = tls_context(args) if args.tls != "none" else None

    if args.greeting:
        server = await asyncio.start_server(lambda r, w: greet_and_close(args.greeting, r, w), "127.0.0.1", 0)
    elif args.hang_greeting:
        server = await asyncio.start_server(never_greet, "127.0.0.1", 0)
    else:
        def factory():
            smtp = TestSMTP(
                handler,
                hostname="localhost",
                tls_context=context if args.tls == "starttls" else None,
                authenticator=make_authenticator(args.auth) if args.auth else None,
                auth_require_tls=args.tls != "implicit",
                auth_exclude_mechanism=[] if args.auth else ["LOGIN", "PLAIN"],
                loop=loop,
            )
            smtp.split_replies = args.split_replies
            return smtp

        server = await loop.create_server(
            factory, "127.0.0.1", 0, ssl=context if args.tls == "implicit" else None
        )
    port = server.sockets[0].getsockname()[1]
    print(f"PORT {port}", flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    # A parent may start us with SIGTERM blocked (threads of a test runner): unblock it so
    # that the tests can stop the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
