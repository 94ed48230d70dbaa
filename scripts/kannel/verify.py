#!/usr/bin/env python3
"""End-to-end check of the Kannel test harness (no Rust involved).

    scripts/kannel/verify.py DIR        # DIR should be new or empty

Starts Kannel with start.sh DIR, a DLR listener (dlr_listener.py), sends SMS
through smsbox's /cgi-bin/sendsms and checks what fakesmsc prints and what
comes back to the dlr-url; then stops everything with stop.sh and checks no
process is left. Prints what it saw and a closing "N passed, N failed" line;
exits non-zero on any failure.
"""
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else sys.exit("usage: verify.py DIR")

# One line per line the fake SMS centre receives from bearerbox.
FAKE_LINE = re.compile(
    r"^(\S+ \S+) \[(\d+)\] \[\d+\] DEBUG: Got message (\d+): <(\S*) (\S*) (\S+) (.*)>$"
)

passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def load_env():
    env = {}
    with open(os.path.join(DIR, "env")) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition("=")
            env[key] = value
    return env


def sendsms(env, **params):
    """GET /cgi-bin/sendsms; returns (status, body, seconds)."""
    query = urllib.parse.urlencode(params)
    t0 = time.time()
    try:
        with urllib.request.urlopen(f"{env['KANNEL_SENDSMS_URL']}?{query}", timeout=10) as r:
            return r.status, r.read().decode(), time.time() - t0
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(), time.time() - t0


def fake_lines(env):
    """Parsed 'Got message' lines of fakesmsc.log: dicts sender/receiver/type/body/text."""
    out = []
    with open(env["KANNEL_FAKESMSC_LOG"], encoding="utf-8", errors="replace") as f:
        for line in f:
            m = FAKE_LINE.match(line.rstrip("\n"))
            if not m:
                continue
            entry = dict(zip(("time", "pid", "n", "sender", "receiver", "type", "body"), m.groups()))
            entry["text"] = decode_body(entry["type"], entry["body"])
            out.append(entry)
    return out


def decode_body(kind, body, udh_ucs2=False):
    """Message text from a fakesmsc line (UDH parts without the UDH). A udh
    part's bytes are UTF-8 for coding 0 and UTF-16BE for coding 2; the line
    does not say which, so the caller must (udh_ucs2)."""
    if kind == "text":
        return body
    if kind == "data":  # coding=1 (8 bit): URL-encoded bytes
        return urllib.parse.unquote_to_bytes(body.replace("+", " ")).decode("utf-8", "replace")
    if kind == "ucs-2":  # coding=2: URL-encoded UTF-16BE
        return urllib.parse.unquote_to_bytes(body.replace("+", " ")).decode("utf-16-be", "replace")
    if kind == "udh":  # one part of a concatenated SMS: "<udh> data <body>"
        udh, _, rest = body.partition(" data ")
        raw = urllib.parse.unquote_to_bytes(rest.replace("+", " "))
        return raw.decode("utf-16-be" if udh_ucs2 else "utf-8", "replace")
    return body


def dlrs(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def wait_until(pred, timeout=10.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.05)
    return pred()


def main():
    os.makedirs(DIR, exist_ok=True)
    t0 = time.time()
    subprocess.run([os.path.join(HERE, "start.sh"), DIR], check=True)
    print(f"start.sh took {time.time() - t0:.1f}s")
    env = load_env()
    dlr_log = os.path.join(DIR, "dlr.jsonl")
    port_file = os.path.join(DIR, "dlr.port")
    for stale in (dlr_log, port_file):
        if os.path.exists(stale):
            os.remove(stale)
    listener = subprocess.Popen(
        [sys.executable, os.path.join(HERE, "dlr_listener.py"), dlr_log, port_file],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: os.path.exists(port_file), 5)
        with open(port_file) as f:
            lport = f.read().strip()
        run_checks(env, dlr_log, lport)
    finally:
        listener.send_signal(signal.SIGTERM)
        listener.wait(5)
        t0 = time.time()
        subprocess.run([os.path.join(HERE, "stop.sh"), DIR], check=True)
        print(f"stop.sh took {time.time() - t0:.1f}s")
        left = [p for p in ("bearerbox", "smsbox", "fakesmsc")
                if alive(env.get(f"KANNEL_{p.upper()}_PID"), p)]
        check("stop.sh leaves no process behind", not left, str(left))
        check("DLR listener stopped", listener.poll() is not None)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def alive(pid, name):
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
        return f"({name})" in stat and stat.split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def run_checks(env, dlr_log, lport):
    user, password = env["KANNEL_USER"], env["KANNEL_PASSWORD"]
    auth = dict(username=user, password=password)
    dlr_base = f"http://127.0.0.1:{lport}/dlr"

    # 1. Danish text, GSM-7, alphanumeric sender, all delivery reports.
    text = "Hej fra Øreklinikken: svar på spørgeskemaet (æøå ÆØÅ) https://svar.example/p/Ab-9_z"
    dlr_url = (dlr_base + "?ref=inv-1&type=%d&answer=%A&smsc=%i&from=%p&to=%P"
               "&ts=%T&time=%t&fid=%F&id=%I&meta=%D&user=%n")
    status, body, took = sendsms(env, **auth, **{
        "from": "OreKlinik", "to": "+4512345678", "text": text,
        "charset": "UTF-8", "coding": "0", "dlr-mask": "31", "dlr-url": dlr_url})
    sent_at = time.time()
    print(f"sendsms -> {status} {body!r} in {took * 1000:.0f} ms")
    check("sendsms accepted (202 '0: Accepted for delivery')",
          status == 202 and body == "0: Accepted for delivery", f"{status} {body!r}")
    got = wait_until(lambda: [l for l in fake_lines(env) if l["text"] == text], 5)
    check("fakesmsc printed the text with æøå intact", bool(got))
    if got:
        print("fakesmsc:", got[0])
        check("fakesmsc line: sender, receiver, type text",
              (got[0]["sender"], got[0]["receiver"], got[0]["type"]) == ("OreKlinik", "+4512345678", "text"))
    reports = wait_until(lambda: len(dlrs(dlr_log)) >= 2 and dlrs(dlr_log), 5) or []
    for r in reports:
        print(f"DLR +{(r['t'] - sent_at) * 1000:.0f} ms: {r['method']} {r['path']}?{r['query']}")
        print(f"     headers {r['headers']}")
    types = sorted(r["args"]["type"][0] for r in reports)
    check("DLR types 1 (delivered) and 8 (SMSC accepted) arrived", types == ["1", "8"], str(types))
    check("DLR is a GET to the dlr-url path", all(r["method"] == "GET" and r["path"] == "/dlr" for r in reports))
    check("DLR carries our own ref", all(r["args"]["ref"] == ["inv-1"] for r in reports))
    time.sleep(1)
    check("no further DLR within 1 s", len(dlrs(dlr_log)) == 2, str(len(dlrs(dlr_log))))

    # 2. Errors.
    status, body, _ = sendsms(env, username=user, password="wrong",
                              **{"from": "OreKlinik", "to": "+4512345678", "text": "x"})
    print(f"bad password -> {status} {body!r}")
    check("bad password: 403 'Authorization failed for sendsms'",
          (status, body) == (403, "Authorization failed for sendsms"))
    status, body, _ = sendsms(env, **auth, **{"from": "OreKlinik", "text": "x"})
    print(f"missing to -> {status} {body!r}")
    check("missing to: 400 'Missing receiver number, rejected'",
          (status, body) == (400, "Missing receiver number, rejected"))

    # 3. Refused receiver (denied-prefix): synchronous 403 and DLR 16.
    before = len(dlrs(dlr_log))
    status, body, _ = sendsms(env, **auth, **{
        "from": "OreKlinik", "to": env["KANNEL_REJECT_TO"], "text": "x",
        "dlr-mask": "31", "dlr-url": dlr_base + "?ref=inv-rej&type=%d&answer=%A"})
    print(f"refused receiver -> {status} {body!r}")
    check("refused receiver: 403 'Not routable. Do not try again.'",
          (status, body) == (403, "Not routable. Do not try again."))
    rej = wait_until(lambda: dlrs(dlr_log)[before:], 5)
    for r in rej:
        print(f"DLR: {r['method']} {r['path']}?{r['query']}")
    check("refused receiver: DLR type 16", [r["args"]["type"][0] for r in rej] == ["16"])

    # 4. Long text: concatenated parts, one pair of DLRs for the whole message.
    long_text = ("Kære forælder. Øreklinikken beder dig svare på et kort spørgeskema om dit barns ører "
                 "efter operationen. Det tager fem minutter (spørgsmål: tlf. +45 70 10 20 30). Svar senest fredag: "
                 "https://svar.example/p/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789")
    before_dlr, before_fake = len(dlrs(dlr_log)), len(fake_lines(env))
    status, body, _ = sendsms(env, **auth, **{
        "from": "OreKlinik", "to": "+4512345678", "text": long_text, "charset": "UTF-8",
        "coding": "0", "dlr-mask": "31", "dlr-url": dlr_base + "?ref=inv-long&type=%d"})
    parts = wait_until(lambda: len(fake_lines(env)) - before_fake >= 2 and fake_lines(env)[before_fake:], 5) or []
    time.sleep(0.5)
    parts = fake_lines(env)[before_fake:]
    for p in parts:
        print(f"part: type={p['type']} body={p['body'][:60]}...")
    print(f"long text: {len(long_text)} characters -> {len(parts)} parts")
    check("long text: 2 udh parts that join to the text",
          len(parts) == 2 and all(p["type"] == "udh" for p in parts)
          and "".join(p["text"] for p in parts) == long_text)
    long_dlrs = dlrs(dlr_log)[before_dlr:]
    check("long text: one DLR 1 and one DLR 8 for the whole message",
          sorted(r["args"]["type"][0] for r in long_dlrs) == ["1", "8"],
          str([r["query"] for r in long_dlrs]))

    # 5. UCS-2 (coding=2) for characters outside GSM-7.
    ucs_text = "Svar – tak 😀"
    before_fake = len(fake_lines(env))
    status, body, _ = sendsms(env, **auth, **{
        "from": "OreKlinik", "to": "+4512345678", "text": ucs_text, "charset": "UTF-8", "coding": "2"})
    got = wait_until(lambda: fake_lines(env)[before_fake:], 5)
    check("coding=2: fakesmsc prints type ucs-2 (URL-encoded UTF-16BE) that decodes back",
          bool(got) and got[0]["type"] == "ucs-2" and got[0]["text"] == ucs_text,
          str(got))


if __name__ == "__main__":
    main()
