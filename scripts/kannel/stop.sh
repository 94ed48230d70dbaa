#!/usr/bin/env bash
# Stops what scripts/kannel/start.sh DIR started, by the pids in DIR/*.pid
# (never by process name: other gateways on the machine are left alone).
# SIGTERM first (bearerbox then writes its store file), SIGKILL for anything
# still there after KANNEL_STOP_TIMEOUT seconds (default 10). Safe to run twice.
set -uo pipefail

[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
DIR="$1"
TIMEOUT="${KANNEL_STOP_TIMEOUT:-10}"
NAMES="smsbox bearerbox fakesmsc"

# pid_of NAME: the pid from DIR/NAME.pid if that process is alive and is still
# that program (a stale pid file must not make us signal a reused pid).
pid_of() {
    local file="$DIR/$1.pid" pid
    [ -s "$file" ] || return 1
    pid="$(cat "$file")"
    case "$pid" in ''|*[!0-9]*) return 1 ;; esac
    kill -0 "$pid" 2>/dev/null || return 1
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
    # A zombie has exited already (its parent has not reaped it yet).
    [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 1
    echo "$pid"
}

any_left() {
    local name
    for name in $NAMES; do pid_of "$name" >/dev/null && return 0; done
    return 1
}

for name in $NAMES; do
    pid="$(pid_of "$name")" && kill -TERM "$pid" 2>/dev/null
done

deadline=$(( $(date +%s) + TIMEOUT ))
while any_left && [ "$(date +%s)" -lt "$deadline" ]; do
    sleep 0.1
done

for name in $NAMES; do
    if pid="$(pid_of "$name")"; then
        echo "kannel/stop.sh: $name ($pid) still running after ${TIMEOUT}s; killing" >&2
        kill -KILL "$pid" 2>/dev/null
    fi
done
while any_left; do sleep 0.05; done

for name in $NAMES; do rm -f "$DIR/$name.pid"; done
exit 0
