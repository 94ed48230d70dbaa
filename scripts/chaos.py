#!/usr/bin/env python3
"""Crash safety under SIGKILL (`make chaos`, not part of `make test`).

Parents answer the ear-tube follow-up against a real `svar serve` while a
killer thread sends the server SIGKILL at random moments and starts it
again. A parent whose connection breaks, or who gets an error, starts
over from the link in the mail, as a parent would tap again. Afterwards
the database is read directly and the script checks:

* every submission the server acknowledged (303 to the receipt) is stored
  exactly once, with its red flag and its worklist entry;
* every invitation mail reached the SMTP server (a real one, aiosmtpd),
  and no more resends than kills (a mail sent just before a kill may be
  sent once more after the lease; nothing queued is lost);
* the same for SMS: every fourth parent is invited by SMS through a real
  Kannel with its fake SMS centre (scripts/kannel/start.sh) and answers
  from the SMS's link; every invitation SMS reached the centre, and mails
  and SMS sent twice together are no more than the kills.

With --replicas 2 (PostgreSQL), two `svar serve` processes share the
database, each request goes to either, and the kills hit either.

Usage: chaos.py BIN DATABASE_URL WORKDIR [--kills 20] [--parents 200] [--replicas 1]
Prints the counts; exits 1 if a check fails.
"""
import argparse
import atexit
import email
import email.policy
import hashlib
import http.client
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "chaos-demo-password"
RED_FOLLOW_UP = [
    ("discharge", "yes"), ("discharge_days", "more_14"), ("discharge_episodes", "once"), ("drops_used", "yes"),
    ("discharge_now", "no"), ("discharge_blood", "no"), ("behind_ear", "no"), ("tube_seen", "no"),
    ("ear_pain", "sometimes"), ("fever", "rarely"), ("hearing_concern", "never"), ("speech_concern", "never"),
    ("sleep_trouble", "rarely"), ("mood", "rarely"), ("unwell_now", "no"), ("overall", "6"), ("contact", "no"),
]

args = argparse.ArgumentParser()
args.add_argument("bin")
args.add_argument("database_url")
args.add_argument("workdir")
args.add_argument("--kills", type=int, default=20)
args.add_argument("--parents", type=int, default=200)
args.add_argument("--replicas", type=int, default=1)
opts = args.parse_args()
work = Path(opts.workdir)
base_port = random.randint(20000, 40000)
ports = [base_port + i for i in range(opts.replicas)]


def log(*parts):
    print(*parts, flush=True)


# ---- the SMTP server and the Svar process --------------------------------

python = ROOT / "target" / "e2e-venv" / "bin" / "python"
smtp_dir = work / "smtp"
# A slow mail server (100 ms a message): delivering the invitations takes
# about as long as the kills, so kills land in the middle of deliveries. A
# mail whose delivery a kill cut short waits for its lease (5 minutes) and
# is sent again: the run takes that long.
sink = subprocess.Popen([str(python), str(ROOT / "end2end" / "support" / "smtp_sink.py"), str(smtp_dir)],
                        stdout=subprocess.PIPE, text=True, env=dict(os.environ, SMTP_SINK_DELAY_MS="100"))
smtp_port = int(re.search(r"smtp listening on (\d+)", sink.stdout.readline()).group(1))

# A real SMS gateway: Kannel and its fake SMS centre, on free ports.
kannel_dir = work / "kannel"
started = subprocess.run([str(ROOT / "scripts" / "kannel" / "start.sh"), str(kannel_dir)], capture_output=True, text=True)
if started.returncode != 0:
    sink.terminate()
    sys.exit("Kannel did not start: " + started.stderr)
atexit.register(lambda: subprocess.run([str(ROOT / "scripts" / "kannel" / "stop.sh"), str(kannel_dir)], capture_output=True))
kannel = dict(line.split("=", 1) for line in (kannel_dir / "env").read_text().splitlines() if "=" in line)

env = dict(os.environ,
           DATABASE_URL=opts.database_url, SVAR_PUBLIC_URL=f"http://127.0.0.1:{ports[0]}",
           SVAR_DEMO="true", SVAR_DEMO_PASSWORD=PASSWORD, SVAR_SITE_ROOT=str(ROOT / "target" / "site"),
           SVAR_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}", SVAR_MAIL_FROM="Svar <svar@demo-ent.example>",
           SVAR_SCHEDULER_INTERVAL_SECS="1", SVAR_LOG="warn",
           SVAR_KANNEL_SENDSMS_URL=kannel["KANNEL_SENDSMS_URL"], SVAR_KANNEL_USER=kannel["KANNEL_USER"],
           SVAR_KANNEL_PASSWORD=kannel["KANNEL_PASSWORD"])
server_log = open(work / "server.log", "ab")
servers = [None] * opts.replicas


def start_server(replica):
    """Starts replica `replica` (each its own `svar serve` process and port,
    one database) and waits until it answers."""
    port = ports[replica]
    servers[replica] = subprocess.Popen([opts.bin, "serve"], env=dict(env, SVAR_LISTEN=f"127.0.0.1:{port}"),
                                        stdout=server_log, stderr=server_log)
    for _ in range(200):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit("svar did not start: see " + str(work / "server.log"))


def request(method, path, fields=None, cookie=None):
    # As a load balancer would: any replica, request by request.
    conn = http.client.HTTPConnection("127.0.0.1", random.choice(ports), timeout=10)
    headers = {"Sec-Fetch-Site": "same-origin", "Accept": "text/html"}
    body = None
    if fields is not None:
        body = urllib.parse.urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


# ---- enrolment: one CSV import of every parent's child --------------------

for replica in range(opts.replicas):
    start_server(replica)
signed_in = request("POST", "/staff/sign-in", [("email", "admin@demo-ent.example"), ("password", PASSWORD)])
admin = signed_in.getheader("Set-Cookie", "").split(";")[0]
today = date.today()
# The first follow-up (one month after the operation) opens yesterday.
month_ago = (today.replace(day=1) - timedelta(days=1)).replace(day=min(today.day, 28)) - timedelta(days=1)
rows = ["name;date_of_birth;index_date;respondent1_name;respondent1_email;respondent1_relation;"
        "respondent1_mobile;respondent1_channel;respondent1_sms_consent"]


def mobile_of(n):
    """Every fourth parent is reached by SMS, at a number of their own."""
    return f"+452{n:07d}" if n % 4 == 0 else None


for n in range(opts.parents):
    sms = f"{mobile_of(n)};sms;ja" if mobile_of(n) else ";;"
    rows.append(f"Barn Kaos {n};2020-05-{n % 28 + 1:02d};{month_ago};Forælder {n};parent{n}@chaos.example;mother;{sms}")
imported = request("POST", "/staff/import", [("pathway", "ear_tubes"), ("csv", "\n".join(rows)), ("action", "import")], admin)
if imported.status >= 400:
    sys.exit(f"import failed: {imported.status}")


def sms_to(number):
    """The texts the fake SMS centre received for `number`, in order (one
    line per part; an invitation fits one)."""
    log_file = Path(kannel["KANNEL_FAKESMSC_LOG"])
    texts = []
    for line in log_file.read_text(encoding="utf-8", errors="replace").splitlines() if log_file.exists() else []:
        found = re.search(r"Got message \d+: <(\S+) (\S+) (\S+) (.*)>$", line)
        if found and found.group(2) == number:
            if found.group(3) != "text":
                # A text in parts (`udh`): the link could be cut between
                # them, and this script does not join parts.
                sys.exit(f"an invitation SMS to {number} went out in parts; make the SMS text shorter")
            texts.append(found.group(4))
    return texts


def links_for(n):
    """The invitation links parent `n` received, by the channel that reaches them."""
    if mobile_of(n):
        texts = sms_to(mobile_of(n))
    else:
        texts = [m["text"] for m in mails_to(f"parent{n}@chaos.example")]
    return [t for t in texts if re.search(r"/p/[A-Za-z0-9_-]{43}", t)]


def mails_to(address):
    found = []
    for path in sorted(smtp_dir.glob("*.json")):
        mail = json.loads(path.read_text())
        if address in mail["to"]:
            found.append(mail)
    return found


# ---- the parents and the killer -------------------------------------------

acknowledged = {}  # address -> token of the link that was answered
tries = {"restarts": 0, "errors": 0}
state_lock = threading.Lock()
done = threading.Event()


def answer(address):
    n = int(address.removeprefix("parent").split("@")[0])
    while not done.is_set():
        invitations = links_for(n)
        if not invitations:
            time.sleep(0.2)
            continue
        token = re.search(r"/p/([A-Za-z0-9_-]{43})", invitations[0]).group(1)
        try:
            opened = request("POST", f"/p/{token}", [])
            cookie = opened.getheader("Set-Cookie", "").split(";")[0]
            if opened.status != 303 or not cookie:
                raise RuntimeError(f"open {opened.status}")
            location = opened.getheader("Location")
            location = "/a?page=0" if location == "/a" else location
            for _ in range(20):
                if not location.startswith("/a?page="):
                    break
                page = location.removeprefix("/a?page=").split("&")[0]
                time.sleep(random.uniform(0.02, 0.15))  # reading the page
                response = request("POST", "/a/page", [("page", page), ("action", "next")] + RED_FOLLOW_UP, cookie)
                if response.status != 303:
                    raise RuntimeError(f"page {response.status}")
                location = response.getheader("Location")
            if location == "/a/review":
                submitted = request("POST", "/a/submit", [], cookie)
                if submitted.status != 303:
                    raise RuntimeError(f"submit {submitted.status}")
                location = submitted.getheader("Location")
            if location == "/a/done":
                # The receipt: this try's answers, or an earlier try's that
                # was stored just before a kill cut its reply.
                with state_lock:
                    acknowledged[address] = token
                return
            raise RuntimeError(f"ended at {location}")
        except (OSError, http.client.HTTPException, RuntimeError):
            with state_lock:
                tries["restarts"] += 1
            time.sleep(0.3)


def killer():
    for _ in range(opts.kills):
        time.sleep(random.uniform(0.3, 2.0))
        victim = random.randrange(opts.replicas)
        servers[victim].send_signal(signal.SIGKILL)
        servers[victim].wait()
        start_server(victim)


killing = threading.Thread(target=killer, daemon=True)
killing.start()
parents = [f"parent{n}@chaos.example" for n in range(opts.parents)]
# Parents start one after another over the time the kills take (about
# 1.6 s each with the restart), so kills land in the middle of answering.
spread = opts.kills * 1.6
workers = []
for n, address in enumerate(parents):

    def run(address=address, delay=spread * n / max(1, opts.parents)):
        time.sleep(delay)
        answer(address)

    # Daemons: an interrupted run ends, and its Kannel is stopped (atexit).
    workers.append(threading.Thread(target=run, daemon=True))
    workers[-1].start()
killing.join()
deadline = time.time() + 600
for w in workers:
    w.join(timeout=max(1, deadline - time.time()))
done.set()


def query(sql):
    if opts.database_url.startswith("sqlite"):
        db = sqlite3.connect(opts.database_url.removeprefix("sqlite://"))
        rows = db.execute(sql).fetchall()
        db.close()
        return rows
    out = subprocess.run(["psql", "-At", "-F", "\t", opts.database_url, "-c", sql], capture_output=True, text=True, check=True)
    return [tuple(line.split("\t")) for line in out.stdout.splitlines() if line]


# Let the outbox drain, resends after a lease included (reminders are days
# away; only invitations are queued).
for _ in range(420):
    if int(query("SELECT COUNT(*) FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL")[0][0]) == 0:
        break
    time.sleep(1)
for server in servers:
    server.send_signal(signal.SIGTERM)
    server.wait()
sink.terminate()

# ---- what the database says -----------------------------------------------


def hex_uuid(value):
    return value.hex() if isinstance(value, bytes) else value.replace("-", "")


links = {hex_uuid(h) if isinstance(h, bytes) else h.removeprefix("\\x"): hex_uuid(i)
         for h, i in query("SELECT token_hash, invitation_id FROM patient_links")}
responses = query("SELECT id, submission_key FROM responses")
by_invitation = {}
for rid, key in responses:
    by_invitation.setdefault(key.removeprefix("invitation:").replace("-", ""), []).append(hex_uuid(rid))
flagged = {hex_uuid(r) for (r,) in query("SELECT DISTINCT response_id FROM flags WHERE level = 'red'")}
entries = {hex_uuid(r) for (r,) in query("SELECT id FROM worklist_entries WHERE kind = 'response'")}

failures = []
for address, token in acknowledged.items():
    invitation = links.get(hashlib.sha256(token.encode()).hexdigest())
    stored = by_invitation.get(invitation, [])
    if len(stored) != 1:
        failures.append(f"{address}: acknowledged, stored {len(stored)} times")
    elif stored[0] not in flagged or stored[0] not in entries:
        failures.append(f"{address}: stored without its red flag or worklist entry")
unacknowledged = [p for p in parents if p not in acknowledged]
received = {n: len(links_for(n)) for n in range(opts.parents)}
by_sms = [n for n in range(opts.parents) if mobile_of(n)]
invitation_mails = {n: c for n, c in received.items() if not mobile_of(n)}
invitation_sms = {n: c for n, c in received.items() if mobile_of(n)}
never_mailed = [n for n, c in invitation_mails.items() if c == 0]
never_texted = [n for n, c in invitation_sms.items() if c == 0]
mail_resends = sum(max(0, c - 1) for c in invitation_mails.values())
sms_resends = sum(max(0, c - 1) for c in invitation_sms.values())
if never_mailed:
    failures.append(f"{len(never_mailed)} invitations never mailed (queued mail lost)")
if never_texted:
    failures.append(f"{len(never_texted)} invitation SMS never reached the SMS centre (queued SMS lost)")
if mail_resends + sms_resends > opts.kills:
    failures.append(f"{mail_resends} mails and {sms_resends} SMS received twice for {opts.kills} kills")

log(f"database: {opts.database_url.split(':')[0]}; svar serve processes: {opts.replicas}")
log(f"kills (SIGKILL, then restart): {opts.kills}")
log(f"parents: {opts.parents}; acknowledged: {len(acknowledged)}; not finished: {len(unacknowledged)}")
log(f"tries started over after a kill or error: {tries['restarts']}")
log(f"responses stored: {len(responses)}; each acknowledged one exactly once with its red flag and worklist entry: "
    f"{'yes' if not any('acknowledged' in f or 'without' in f for f in failures) else 'NO'}")
retried = int(query("SELECT COUNT(*) FROM outbox WHERE attempts > 1")[0][0])
log(f"deliveries cut by a kill and sent again after their lease: {retried}")
log(f"invitation mails received: {sum(invitation_mails.values())}; received twice: {mail_resends}; never sent: {len(never_mailed)}")
log(f"invitation SMS (parents reached by SMS: {len(by_sms)}) at the SMS centre: {sum(invitation_sms.values())}; "
    f"received twice: {sms_resends}; never sent: {len(never_texted)}")
for f in failures:
    log("FAILED:", f)
sys.exit(1 if failures or unacknowledged else 0)
