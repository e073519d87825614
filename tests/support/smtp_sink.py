"""A real SMTP server for the tests of `annals digest --send`, built on aiosmtpd.

It listens on 127.0.0.1 (a free port it picks), prints `READY <port>` on one line, and writes
every message it accepts into --dir: `NNN.eml` holds the DATA exactly as received (after SMTP
dot-unstuffing) and `NNN.json` the envelope (`mail_from`, `rcpt_tos`, `login`). The .eml is
renamed into place before the server answers 250, so once the client has its answer the file
is there. With --user and --password it requires that login (AUTH PLAIN or LOGIN, allowed
without TLS on loopback). It stops when its standard input closes.

Usage: python3 tests/support/smtp_sink.py --dir DIR [--user U --password P]
"""

import argparse
import json
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.folder, f"{self.count:03}")
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8", "surrogateescape")
        with open(base + ".json", "w", encoding="utf-8") as f:
            login = getattr(session.auth_data, "login", None)
            json.dump(
                {
                    "mail_from": envelope.mail_from,
                    "rcpt_tos": envelope.rcpt_tos,
                    "login": login.decode() if isinstance(login, bytes) else login,
                },
                f,
            )
        with open(base + ".eml.tmp", "wb") as f:
            f.write(data)
        os.rename(base + ".eml.tmp", base + ".eml")
        return "250 Message accepted for delivery"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()

    options = {}
    if args.user is not None:

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login == args.user.encode()
                and auth_data.password == (args.password or "").encode()
            )
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        options = dict(
            authenticator=authenticator, auth_required=True, auth_require_tls=False
        )

    controller = Controller(
        Sink(args.dir), hostname="127.0.0.1", port=port, decode_data=False, **options
    )
    controller.start()
    print(f"READY {port}", flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
