#!/usr/bin/env python3
"""Soak test: many page requests over kept-alive connections, across every
page kind, counting responses that stall (stop part-way or never finish).

Usage: scripts/soak.py BASE_URL PASSWORD [REQUESTS] [THREADS]
A stall is a response not complete within 5 s. Prints counts and latency
percentiles per page kind; exits 1 if anything stalled."""
import http.client
import sys
import threading
import time
import urllib.parse

base = urllib.parse.urlparse(sys.argv[1])
password = sys.argv[2]
total = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 4
TIMEOUT = 5.0


def connect():
    return http.client.HTTPConnection(base.hostname, base.port, timeout=TIMEOUT)


def sign_in(email):
    conn = connect()
    body = urllib.parse.urlencode({"email": email, "password": password})
    conn.request("POST", "/staff/sign-in", body, {"Content-Type": "application/x-www-form-urlencoded", "Sec-Fetch-Site": "same-origin"})
    response = conn.getresponse()
    response.read()
    cookie = response.getheader("Set-Cookie", "").split(";")[0]
    if not cookie:
        sys.exit(f"sign-in failed for {email}: {response.status}")
    # The first page (a possible forced password change) must not matter.
    return cookie


admin = sign_in("admin@demo-ent.example")
clinician = sign_in("clinician@demo-ent.example")
pages = [
    ("home", "/", None),
    ("sign-in", "/staff/sign-in", None),
    ("overview", "/staff", clinician),
    ("worklist", "/staff/worklist", clinician),
    ("patients", "/staff/patients", clinician),
    ("new patient", "/staff/patients/new", clinician),
    ("audit", "/staff/audit", admin),
    ("authoring", "/staff/authoring", admin),
    ("editor", "/staff/authoring/questionnaire/ear_tubes_follow_up/1", admin),
    ("answer page without session", "/a", None),
]
lock = threading.Lock()
stalls = []
latencies = {name: [] for name, _, _ in pages}
counter = iter(range(total))


def worker():
    conn = connect()
    while True:
        with lock:
            n = next(counter, None)
        if n is None:
            return
        name, path, cookie = pages[n % len(pages)]
        headers = {"Accept": "text/html", "Accept-Encoding": "br, gzip"}
        if cookie:
            headers["Cookie"] = cookie
        start = time.perf_counter()
        try:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status >= 500:
                raise RuntimeError(f"status {response.status}")
        except Exception as err:  # a stall, a reset, a server error
            with lock:
                stalls.append((name, repr(err)))
            conn.close()
            conn = connect()
            continue
        with lock:
            latencies[name].append(time.perf_counter() - start)


started = time.perf_counter()
pool = [threading.Thread(target=worker) for _ in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
elapsed = time.perf_counter() - started
done = sum(len(v) for v in latencies.values())
print(f"{done + len(stalls)} requests over {threads} kept-alive connections in {elapsed:.1f} s ({done / elapsed:.0f}/s); stalls or errors: {len(stalls)}")
for name, values in latencies.items():
    if values:
        values.sort()
        p = lambda q: values[min(len(values) - 1, int(q * len(values)))] * 1000
        print(f"  {name:<28} n={len(values):>6}  p50 {p(0.5):6.1f} ms  p99 {p(0.99):6.1f} ms")
for name, err in stalls[:20]:
    print(f"  STALL {name}: {err}")
sys.exit(1 if stalls else 0)
