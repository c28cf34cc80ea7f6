#!/usr/bin/env python3
"""A real SMTP server for Trellis's tests (Debian's python3-aiosmtpd): takes mail on
127.0.0.1:PORT (0: any free port, printed as "listening on PORT") into a Maildir, with
the answer real servers give. A recipient whose address starts with "refuse" is refused
for good (550), as a server refuses an unknown mailbox.

    /usr/bin/python3 scripts/smtp_server.py --port 0 --maildir DIR
"""
import argparse
import asyncio
import mailbox
import sys

from aiosmtpd.smtp import SMTP


class Handler:
    def __init__(self, maildir):
        self.box = mailbox.Maildir(maildir, create=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.split("@")[0].lower().startswith("refuse"):
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown in local recipient table" % address
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 Ok"

    async def handle_DATA(self, server, session, envelope):
        key = self.box.add(envelope.original_content or envelope.content)
        return "250 2.0.0 Ok: queued as %s" % key


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--maildir", required=True)
    args = parser.parse_args()
    handler = Handler(args.maildir)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, hostname="smtp.test"), "127.0.0.1", args.port)
    port = server.sockets[0].getsockname()[1]
    print("listening on %d" % port, flush=True)
    await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
