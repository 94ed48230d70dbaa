"""A real SMTP server on loopback for the browser tests (aiosmtpd).

Every message it receives is written to DIR as a numbered .eml file and,
decoded, as a .json file (to, subject, text, html), so a test can read the
personal link out of the mail Svar really sent.
Prints "smtp listening on PORT" once it accepts connections.

Usage: python smtp_sink.py DIR
SMTP_SINK_DELAY_MS=N makes each message take N ms to accept, as a slow
mail server does (`make chaos` uses it so that kills land mid-delivery).
"""

import asyncio
import email
import email.policy
import os
import json
import socket
import sys
import time
from pathlib import Path

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder: Path):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(int(os.environ.get("SMTP_SINK_DELAY_MS", "0")) / 1000)
        self.count += 1
        raw = envelope.original_content or envelope.content
        stem = self.folder / f"{self.count:05d}"
        stem.with_suffix(".eml").write_bytes(raw)
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        decoded = {
            "to": envelope.rcpt_tos,
            "subject": str(message["subject"]),
            "text": text.get_content() if text else "",
            "html": html.get_content() if html else "",
        }
        # Written whole, then renamed: a reader never sees half a file.
        tmp = stem.with_suffix(".tmp")
        tmp.write_text(json.dumps(decoded, ensure_ascii=False))
        tmp.rename(stem.with_suffix(".json"))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    folder = Path(sys.argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    controller = Controller(Sink(folder), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp listening on {port}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
