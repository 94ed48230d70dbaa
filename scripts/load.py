#!/usr/bin/env python3
"""Load on the real server process (`make load`), driven by wrk.

Usage: scripts/load.py BASE_URL PASSWORD MAIL_DIR BARE_URL PAGE_FILE SVAR_PID OUT_DIR

Enrols a child as a clinician would (a form post), waits for the
invitation mail, opens its personal link as the parent does, then measures
with wrk over kept-alive connections: the questionnaire page `/a`, the
worklist's first page, the patient page, and two baselines of the same run
(the same server's health check, and a bare axum server sending the same
`/a` page, compressed the same way: started by load.sh on the file this
script writes to PAGE_FILE). While `/a`, the worklist and the patient
page are each under full load, `perf` samples the server process; each
profile is summed by crate, so it shows where the page's time goes.
Numbers are printed; never asserted."""
import datetime
import email
import email.policy
import http.client
import os
import re
import subprocess
import sys
import time
import urllib.parse

base_url, password, mail_dir, bare_url, page_file, svar_pid, out_dir = sys.argv[1:8]
base = urllib.parse.urlparse(base_url)
SECONDS = int(os.environ.get("LOAD_SECONDS", "10"))
FULL = int(os.environ.get("LOAD_CONNECTIONS", "32"))


def request(method, path, body=None, headers=None):
    conn = http.client.HTTPConnection(base.hostname, base.port, timeout=10)
    headers = dict(headers or {})
    if body is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        headers["Sec-Fetch-Site"] = "same-origin"
        body = urllib.parse.urlencode(body)
    conn.request(method, path, body, headers)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response, data


def cookie_of(response, what):
    cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
    if not cookie:
        sys.exit(f"{what}: no session cookie (status {response.status})")
    return cookie


def sign_in(address):
    response, _ = request("POST", "/staff/sign-in", {"email": address, "password": password})
    return cookie_of(response, f"sign-in as {address}")


def enrol(clinician):
    # An operation 32 days ago: the one-month follow-up is open now.
    index_date = (datetime.date.today() - datetime.timedelta(days=32)).isoformat()
    response, data = request(
        "POST",
        "/staff/patients/new",
        {
            "pathway": "ear_tubes",
            "index_date": index_date,
            "name": "Ida Load",
            "date_of_birth": "2021-04-17",
            "respondent1_name": "Maria Load",
            "respondent1_email": "maria.load@example.org",
            "respondent1_relation": "mother",
            "respondent1_language": "da",
        },
        {"Cookie": clinician},
    )
    match = re.match(r"/staff/patients/([0-9a-f-]+)", response.getheader("Location") or "")
    if not match:
        sys.exit(f"enrolment refused (status {response.status}): {data[:300]!r}")
    return f"/staff/patients/{match.group(1)}"


def invitation_link():
    deadline = time.time() + 60
    while time.time() < deadline:
        for name in sorted(os.listdir(mail_dir)) if os.path.isdir(mail_dir) else []:
            with open(os.path.join(mail_dir, name), "rb") as f:
                message = email.message_from_binary_file(f, policy=email.policy.default)
            text = message.get_body(("plain",)).get_content()
            match = re.search(r"/p/([A-Za-z0-9_-]+)", text)
            if match:
                return f"/p/{match.group(1)}"
        time.sleep(0.5)
    sys.exit("no invitation mail within 60 s")


def wrk(url, connections, cookie=None, seconds=SECONDS):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: br"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(command + [url], check=True, capture_output=True, text=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        sys.exit(f"wrk saw errors on {url}:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    return rps, latency.get("50", "?"), latency.get("99", "?")


def crates(perf_data):
    """The profile's self time summed by crate (the symbol's first path
    segment) or, outside Rust, by library."""
    report = subprocess.run(
        ["perf", "report", "-i", perf_data, "--no-children", "--sort", "dso,symbol", "--stdio", "-q"],
        check=True, capture_output=True, text=True,
    ).stdout
    totals, symbols = {}, []
    for line in report.splitlines():
        match = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[.\]\s+(.*)", line)
        if not match:
            continue
        share, dso, symbol = float(match.group(1)), match.group(2), match.group(3).strip()
        name = symbol.lstrip("<&*(").replace("dyn ", "").replace("mut ", "")
        # `<T as tachys::view::Render>::build`: a blanket impl, the trait's crate.
        name = re.sub(r"^(?:[A-Z]\w*|str|char|u8|\[[^]]*\]) as ", "", name)
        crate = name.split("::")[0] if "::" in name and dso == "svar" else f"[{dso}] {name if dso == 'svar' else ''}".strip()
        totals[crate] = totals.get(crate, 0.0) + share
        symbols.append((share, symbol[:140]))
    return sorted(totals.items(), key=lambda kv: -kv[1]), symbols[:25]


def main():
    clinician = sign_in("clinician@demo-ent.example")
    patient_page = enrol(clinician)
    response, _ = request("POST", invitation_link(), {})
    parent = cookie_of(response, "opening the personal link")
    response, page = request("GET", "/a", headers={"Cookie": parent})
    if response.status != 200 or "Side 1 af".encode() not in page:
        sys.exit(f"the questionnaire page did not render (status {response.status})")
    with open(page_file, "wb") as f:
        f.write(page)
    # load.sh starts the bare server on the page once the file exists.
    deadline = time.time() + 60
    bare = urllib.parse.urlparse(bare_url)
    while True:
        try:
            c = http.client.HTTPConnection(bare.hostname, bare.port, timeout=1)
            c.request("GET", "/")
            c.getresponse().read()
            break
        except OSError:
            if time.time() > deadline:
                sys.exit("the bare baseline server did not start")
            time.sleep(0.2)

    targets = [
        ("questionnaire page /a", f"{base_url}/a", parent),
        ("baseline: bare axum, same page", bare_url, None),
        ("worklist, first page", f"{base_url}/staff/worklist", clinician),
        ("patient page", f"{base_url}{patient_page}", clinician),
        ("baseline: Svar's /healthz", f"{base_url}/healthz", None),
    ]
    print(f"# {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%dT%H:%M:%SZ} on {os.cpu_count()} cores, wrk -t1, {SECONDS} s each, release build, SQLite")
    print(f"{'what':<34} {'1 connection':>34} {f'{FULL} connections':>34}")
    for name, url, cookie in targets:
        one = wrk(url, 1, cookie)
        full = wrk(url, FULL, cookie)
        print(f"{name:<34} {one[0]:>8.0f} req/s p50 {one[1]:>7} p99 {one[2]:>7}  {full[0]:>8.0f} req/s p50 {full[1]:>7} p99 {full[2]:>7}")
        sys.stdout.flush()

    print_page_weight(page, parent)
    profile("/a", f"{base_url}/a", parent)
    profile("the worklist", f"{base_url}/staff/worklist", clinician)
    profile("the patient page", f"{base_url}{patient_page}", clinician)


def print_page_weight(page, parent):
    """What the questionnaire page weighs: all of it, the data serialised
    for hydration in its scripts, and as sent (brotli)."""
    scripts = sum(len(m) for m in re.findall(rb"<script[^>]*>.*?</script>", page, re.S))
    response, sent = request("GET", "/a", headers={"Cookie": parent, "Accept-Encoding": "br"})
    print(f"\n# /a weighs {len(page) / 1024:.1f} KB ({scripts / 1024:.1f} KB of it in scripts: the hydration data), "
          f"{len(sent) / 1024:.1f} KB as sent ({response.getheader('Content-Encoding')})")


def profile(name, url, cookie):
    perf_data = os.path.join(out_dir, "perf.data")
    sampler = subprocess.Popen(
        ["perf", "record", "-F", "999", "-p", svar_pid, "-o", perf_data, "--", "sleep", str(SECONDS)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    wrk(url, FULL, cookie, seconds=SECONDS)
    sampler.wait()
    totals, symbols = crates(perf_data)
    print(f"\n# where {name}'s time goes: perf samples of the server at {FULL} connections, self time by crate")
    for crate, share in totals[:15]:
        print(f"{share:6.1f}%  {crate}")
    print("\n# the 20 hottest functions")
    for share, symbol in symbols[:20]:
        print(f"{share:6.2f}%  {symbol}")


if __name__ == "__main__":
    main()
