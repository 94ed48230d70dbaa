#!/usr/bin/env bash
# Starts a throw-away Kannel SMS gateway on loopback for tests:
#   bearerbox (core) + smsbox (HTTP sendsms API) + fakesmsc (fake SMS centre).
#
#   scripts/kannel/start.sh DIR     # DIR is created; config, logs, pids go there
#   . DIR/env                       # KANNEL_SENDSMS_URL, KANNEL_USER, ...
#   scripts/kannel/stop.sh DIR
#
# Every port is picked free at start time (never Kannel's defaults 13000/13001/
# 13013, which Debian's own service would use). fakesmsc prints every message
# that reaches the "SMS centre" to DIR/fakesmsc.log, one line per SMS part:
#   <date> <time> [pid] [0] DEBUG: Got message N: <SENDER RECEIVER TYPE BODY>
# and the fake SMSC connection returns delivery reports (types 1 and 8) to
# the dlr-url given to sendsms. See NOTES.md beside this file.
#
# Environment (optional): KANNEL_LOG_LEVEL (0 debug .. 4 panic; default 1),
# KANNEL_START_TIMEOUT (seconds, default 30), KANNEL_REJECT_PREFIX (receiver
# prefixes the gateway refuses, ';'-separated; default "+999;00999").
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BEARERBOX=/usr/sbin/bearerbox
SMSBOX=/usr/sbin/smsbox
FAKESMSC=/usr/lib/kannel/test/fakesmsc
LOG_LEVEL="${KANNEL_LOG_LEVEL:-1}"
TIMEOUT="${KANNEL_START_TIMEOUT:-30}"
REJECT_PREFIX="${KANNEL_REJECT_PREFIX:-+999;00999}"

die() { echo "kannel/start.sh: $*" >&2; exit 1; }

[ $# -eq 1 ] || die "usage: $0 DIR"
case "$1" in *[[:space:]]*) die "DIR must not contain whitespace" ;; esac
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"

command -v python3 >/dev/null || die "python3 is needed (port picking and probes)"
if [ ! -x "$BEARERBOX" ] || [ ! -x "$SMSBOX" ] || [ ! -x "$FAKESMSC" ]; then
    "$HERE/install.sh" || die "kannel is not installed (apt-get install -y kannel kannel-extras)"
fi

# Refuse to start twice in one DIR: that would orphan the first set.
for name in bearerbox smsbox fakesmsc; do
    if [ -s "$DIR/$name.pid" ] && kill -0 "$(cat "$DIR/$name.pid")" 2>/dev/null; then
        die "$name from an earlier start is still running in $DIR; run stop.sh $DIR first"
    fi
done
rm -f "$DIR"/env "$DIR"/*.pid "$DIR"/*.log "$DIR"/kannel.store*

# Kannel binds its ports a moment after they are picked, and a loaded
# machine stretches that moment: two gateways starting at once (a test on
# SQLite and its twin on PostgreSQL) could be given the same free port in
# between. One start at a time, from picking the ports until every box
# listens; the boxes do not inherit the lock (9>&-).
command -v flock >/dev/null || die "flock is needed (util-linux)"
exec 9>"${TMPDIR:-/tmp}/svar-kannel-start.lock"
flock 9

# --- free ports: hold four sockets at once so they are distinct, then release.
read -r ADMIN_PORT SMSBOX_PORT SENDSMS_PORT SMSC_PORT < <(python3 - <<'PY'
import socket
socks = []
for _ in range(4):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks:
    s.close()
PY
)

rand() { python3 -c 'import secrets; print(secrets.token_hex(12))'; }
ADMIN_PASSWORD="$(rand)"
KANNEL_USER=svar
KANNEL_PASSWORD="$(rand)"
SMSC_ID=fake

cat > "$DIR/kannel.conf" <<EOF
# Written by scripts/kannel/start.sh; test use only (loopback, fake SMSC).
group = core
admin-port = $ADMIN_PORT
admin-interface = 127.0.0.1
admin-password = $ADMIN_PASSWORD
admin-deny-ip = "*.*.*.*"
admin-allow-ip = "127.0.0.1"
smsbox-port = $SMSBOX_PORT
smsbox-interface = 127.0.0.1
box-deny-ip = "*.*.*.*"
box-allow-ip = "127.0.0.1"
dlr-storage = internal
store-type = file
store-location = "$DIR/kannel.store"
log-file = "$DIR/bearerbox.log"
log-level = $LOG_LEVEL
access-log = "$DIR/bearerbox-access.log"

group = smsc
smsc = fake
smsc-id = $SMSC_ID
port = $SMSC_PORT
our-host = 127.0.0.1
connect-allow-ip = 127.0.0.1
# Receivers starting with these prefixes have no route: sendsms answers 403
# "Not routable. Do not try again." and a dlr-url gets type 16 (SMSC reject).
# +999 is not an assigned country code, so no real number is caught.
denied-prefix = "$REJECT_PREFIX"

group = smsbox
bearerbox-host = 127.0.0.1
bearerbox-port = $SMSBOX_PORT
sendsms-port = $SENDSMS_PORT
sendsms-interface = 127.0.0.1
log-file = "$DIR/smsbox.log"
log-level = $LOG_LEVEL
access-log = "$DIR/smsbox-access.log"

group = sendsms-user
username = $KANNEL_USER
password = $KANNEL_PASSWORD
concatenation = true
max-messages = 10

# Mobile-originated messages (replies) are not used; answer none of them.
group = sms-service
keyword = default
text = "No replies to this number."
max-messages = 0
EOF
chmod 600 "$DIR/kannel.conf"

ADMIN_STATUS_URL="http://127.0.0.1:$ADMIN_PORT/status.txt?password=$ADMIN_PASSWORD"

# --- helpers
# listening PORT: true when something listens on 127.0.0.1:PORT (read from
# /proc, so the probe never connects: fakesmsc's port takes one client only).
listening() {
    python3 - "$1" <<'PY'
import sys
port = int(sys.argv[1])
for path in ("/proc/net/tcp", "/proc/net/tcp6"):
    try:
        lines = open(path).read().splitlines()[1:]
    except OSError:
        continue
    for line in lines:
        f = line.split()
        if f[3] == "0A" and int(f[1].rsplit(":", 1)[1], 16) == port:
            sys.exit(0)
sys.exit(1)
PY
}
# http_get URL: prints "STATUS BODY" (STATUS 000 when nothing answers).
http_get() {
    python3 - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    with urllib.request.urlopen(sys.argv[1], timeout=2) as r:
        print(r.status, r.read().decode("utf-8", "replace"))
except urllib.error.HTTPError as e:
    print(e.code, e.read().decode("utf-8", "replace"))
except Exception:
    print("000")
PY
}
alive() { kill -0 "$1" 2>/dev/null; }
fail() {
    echo "kannel/start.sh: $*" >&2
    for f in bearerbox.log bearerbox.out smsbox.log smsbox.out fakesmsc.log; do
        [ -f "$DIR/$f" ] && { echo "--- $DIR/$f (tail)" >&2; tail -n 15 "$DIR/$f" >&2; }
    done
    "$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
    exit 1
}
# wait_for WHAT PID COMMAND...: polls COMMAND every 0.1 s until it succeeds.
wait_for() {
    local what="$1" pid="$2"; shift 2
    local deadline=$(( $(date +%s) + TIMEOUT ))
    until "$@"; do
        alive "$pid" || fail "$what: process $pid died"
        [ "$(date +%s)" -lt "$deadline" ] || fail "$what: not ready after ${TIMEOUT}s"
        sleep 0.1
    done
}
# (Each probe captures the whole reply first: piping into head/grep -q would
# close the pipe early and make python complain about a broken pipe.)
admin_ready() { local r; r="$(http_get "$ADMIN_STATUS_URL")"; [ "${r:0:3}" = 200 ]; }
smsc_online() { local r; r="$(http_get "$ADMIN_STATUS_URL")"; [[ "$r" == *"FAKE:$SMSC_PORT (online"* ]]; }
# ("on-line" appears in the status page only beside a connected box.)
smsbox_connected() { local r; r="$(http_get "$ADMIN_STATUS_URL")"; [[ "$r" == *"smsbox:"*"(on-line "* ]]; }
# A sendsms call without credentials is refused (403) and sends nothing.
sendsms_ready() { local r; r="$(http_get "http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms")"; [ "${r:0:3}" = 403 ]; }

# --- bearerbox
# setsid: the boxes get their own session, so a Ctrl-C aimed at the caller
# does not half-kill the gateway; stop.sh ends them by pid.
setsid "$BEARERBOX" -v "$LOG_LEVEL" "$DIR/kannel.conf" </dev/null >"$DIR/bearerbox.out" 2>&1 9>&- &
BB_PID=$!
echo "$BB_PID" > "$DIR/bearerbox.pid"
wait_for "bearerbox admin port $ADMIN_PORT" "$BB_PID" admin_ready
wait_for "fake SMSC port $SMSC_PORT" "$BB_PID" listening "$SMSC_PORT"

# --- fakesmsc: one dummy MO template is required (without one it reads MO
# messages from stdin and quits at EOF); -m 0 sends none of it. -v 0 because
# received messages are logged at DEBUG level ("Got message N: <...>").
setsid "$FAKESMSC" -H 127.0.0.1 -r "$SMSC_PORT" -m 0 -v 0 "0 0 text unused" \
    </dev/null >"$DIR/fakesmsc.log" 2>&1 9>&- &
FAKE_PID=$!
echo "$FAKE_PID" > "$DIR/fakesmsc.pid"
wait_for "fakesmsc connection to bearerbox" "$FAKE_PID" smsc_online

# --- smsbox
setsid "$SMSBOX" -v "$LOG_LEVEL" "$DIR/kannel.conf" </dev/null >"$DIR/smsbox.out" 2>&1 9>&- &
SB_PID=$!
echo "$SB_PID" > "$DIR/smsbox.pid"
wait_for "smsbox sendsms port $SENDSMS_PORT" "$SB_PID" sendsms_ready
wait_for "smsbox connection to bearerbox" "$SB_PID" smsbox_connected
alive "$BB_PID" || fail "bearerbox died"
alive "$FAKE_PID" || fail "fakesmsc died"
exec 9>&-

cat > "$DIR/env" <<EOF
KANNEL_DIR=$DIR
KANNEL_SENDSMS_URL=http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms
KANNEL_USER=$KANNEL_USER
KANNEL_PASSWORD=$KANNEL_PASSWORD
KANNEL_SMSC_ID=$SMSC_ID
KANNEL_REJECT_TO=${REJECT_PREFIX%%;*}12345678
KANNEL_FAKESMSC_LOG=$DIR/fakesmsc.log
KANNEL_ADMIN_URL=http://127.0.0.1:$ADMIN_PORT
KANNEL_ADMIN_PASSWORD=$ADMIN_PASSWORD
KANNEL_ADMIN_PORT=$ADMIN_PORT
KANNEL_SMSBOX_PORT=$SMSBOX_PORT
KANNEL_SENDSMS_PORT=$SENDSMS_PORT
KANNEL_SMSC_PORT=$SMSC_PORT
KANNEL_BEARERBOX_PID=$BB_PID
KANNEL_SMSBOX_PID=$SB_PID
KANNEL_FAKESMSC_PID=$FAKE_PID
KANNEL_BEARERBOX_PIDFILE=$DIR/bearerbox.pid
KANNEL_SMSBOX_PIDFILE=$DIR/smsbox.pid
KANNEL_FAKESMSC_PIDFILE=$DIR/fakesmsc.pid
EOF
echo "kannel ready: sendsms http://127.0.0.1:$SENDSMS_PORT/cgi-bin/sendsms (env in $DIR/env)"
