#!/usr/bin/env python3
"""Tiny HTTP listener for Kannel delivery-report callbacks (test use).

    dlr_listener.py OUT.jsonl [PORTFILE]

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE (if given)
once it listens, and appends one JSON object per request to OUT.jsonl:
  {"t": unix time (float), "method": "GET", "path": "/dlr",
   "query": "raw query string", "args": {name: [values]}, "headers": {...},
   "body": "..."}
Answers every request with 200 "OK". Stops on SIGTERM/SIGINT.
"""
import json
import signal
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OUT = sys.argv[1]
PORTFILE = sys.argv[2] if len(sys.argv) > 2 else None


class Handler(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode("utf-8", "replace") if length else ""
        parts = urlsplit(self.path)
        entry = {
            "t": time.time(),
            "method": self.command,
            "path": parts.path,
            "query": parts.query,
            "args": parse_qs(parts.query, keep_blank_values=True),
            "headers": dict(self.headers.items()),
            "body": body,
        }
        with open(OUT, "a", encoding="utf-8") as f:
            f.write(json.dumps(entry, ensure_ascii=False) + "\n")
        reply = b"OK"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_POST = do_PUT = _record

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    if PORTFILE:
        with open(PORTFILE + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        import os
        os.replace(PORTFILE + ".tmp", PORTFILE)
    try:
        server.serve_forever()
    except (KeyboardInterrupt, SystemExit):
        pass


if __name__ == "__main__":
    main()
