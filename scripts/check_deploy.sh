#!/usr/bin/env bash
# The deployment files checked by their own tools, and the deployment
# guide's drill run for real (`make deploy-check`; `make test` runs it):
#  1. `systemd-analyze verify` on deploy/*.service and *.timer, in a root
#     that holds the binaries they name; any message fails the check (an
#     unknown key is only "ignored" by systemd, with exit code 0);
#  2. `caddy validate` on deploy/Caddyfile;
#  3. Svar behind Caddy with TLS (a certificate of Caddy's own local CA, as
#     in docs/deploy.md's drill): /healthz through https, the request id
#     Caddy gives kept by Svar; then the nightly backup and a restore into
#     a fresh directory, which Svar starts on.
# Usage: scripts/check_deploy.sh [SVAR_BIN] (default target/release/svar)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=$(realpath "${1:-${SVAR_BIN:-target/release/svar}}")
[[ -x "$bin" ]] || { echo "no Svar binary at $bin: build it first (cargo leptos build --release)" >&2; exit 1; }
log() { printf '\033[1;34m[deploy]\033[0m %s\n' "$*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO=sudo; fi
need=()
command -v caddy >/dev/null || need+=(caddy)
command -v systemd-analyze >/dev/null || need+=(systemd)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
    log "apt-get install ${need[*]}"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

log "systemd-analyze verify deploy/*.service deploy/*.timer"
sysroot=$work/root
mkdir -p "$sysroot/usr/local/bin" "$sysroot/etc/systemd/system" "$sysroot/bin" "$sysroot/usr/bin" "$sysroot/lib/systemd"
cp -r /lib/systemd/system "$sysroot/lib/systemd/"
cp "$bin" "$sysroot/usr/local/bin/svar"
cp /bin/sh "$sysroot/bin/sh"
cp /usr/bin/find "$sysroot/usr/bin/find"
units=()
for unit in deploy/*.service deploy/*.timer; do
    cp "$unit" "$sysroot/etc/systemd/system/"
    units+=("/etc/systemd/system/$(basename "$unit")")
done
said=$(systemd-analyze verify --root="$sysroot" "${units[@]}" 2>&1) || { echo "$said" >&2; exit 1; }
if [[ -n "$said" ]]; then
    echo "$said" >&2
    echo "systemd-analyze has something to say about the units above" >&2
    exit 1
fi

log "caddy validate deploy/Caddyfile"
HOME=$work XDG_DATA_HOME=$work/caddy-data XDG_CONFIG_HOME=$work/caddy-config \
    caddy validate --config deploy/Caddyfile --adapter caddyfile >"$work/validate.log" 2>&1 || { cat "$work/validate.log" >&2; exit 1; }

log "drill: Svar behind Caddy with TLS, a backup and a restore"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
svar_port=$(free_port)
https_port=$(free_port)
http_port=$(free_port)
env_for() { # $1 = database file
    echo SVAR_DATABASE_URL="sqlite://$1" SVAR_LISTEN="127.0.0.1:$svar_port" SVAR_PUBLIC_URL="https://localhost:$https_port" \
        SVAR_TLS_AT_PROXY=true SVAR_TRUST_PROXY=true SVAR_SITE_ROOT="$root/target/site" SVAR_QUESTIONNAIRES_DIR="$root/questionnaires" \
        SVAR_MAIL_DIR="$work/mail" SVAR_DEMO=true SVAR_LOG=warn SVAR_SCHEDULER_INTERVAL_SECS=0
}
start_svar() { # $1 = database file
    env -u DATABASE_URL -u SVAR_CONFIG $(env_for "$1") "$bin" serve >>"$work/svar.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$svar_port/healthz" >/dev/null && return; sleep 0.2; done
    cat "$work/svar.log" >&2
    echo "Svar did not start" >&2
    exit 1
}
start_svar "$work/data/svar.db"

# The guide's Caddyfile, with the drill's own name, ports and certificate.
cat >"$work/Caddyfile" <<EOF
{
	admin off
	skip_install_trust
	http_port $http_port
	https_port $https_port
}
localhost:$https_port {
	tls internal
	reverse_proxy 127.0.0.1:$svar_port {
		health_uri /healthz
		health_interval 5s
		header_up X-Request-Id {http.request.uuid}
	}
}
EOF
HOME=$work XDG_DATA_HOME=$work/caddy-data XDG_CONFIG_HOME=$work/caddy-config \
    caddy run --config "$work/Caddyfile" --adapter caddyfile >"$work/caddy.log" 2>&1 &
pids+=($!)
ok=""
for _ in $(seq 100); do
    if curl -sk -D "$work/headers" -o "$work/health" "https://localhost:$https_port/healthz"; then ok=1; break; fi
    sleep 0.2
done
[[ -n "$ok" ]] || { cat "$work/caddy.log" >&2; echo "no answer through Caddy over TLS" >&2; exit 1; }
grep -q '"status"' "$work/health" || { cat "$work/health" >&2; exit 1; }
grep -qiE '^x-request-id: [0-9a-f-]{36}' "$work/headers" || { cat "$work/headers" >&2; echo "the proxy's request id was not kept" >&2; exit 1; }
grep -qi '^strict-transport-security:' "$work/headers" || { cat "$work/headers" >&2; echo "no HSTS behind the TLS proxy" >&2; exit 1; }
page=$(curl -sk "https://localhost:$https_port/staff/sign-in")
grep -q 'Log ind' <<<"$page" || { echo "the sign-in page did not come through the proxy" >&2; exit 1; }

# The nightly backup, while Svar runs; then a restore into a fresh directory.
env -u DATABASE_URL -u SVAR_CONFIG $(env_for "$work/data/svar.db") "$bin" backup "$work/backups/svar-nightly.db"
kill "${pids[0]}"
wait "${pids[0]}" 2>/dev/null || true
env -u DATABASE_URL -u SVAR_CONFIG $(env_for "$work/restored/svar.db") "$bin" restore "$work/backups/svar-nightly.db"
start_svar "$work/restored/svar.db"
curl -sfk "https://localhost:$https_port/healthz" >/dev/null || { echo "Svar on the restored database does not answer through Caddy" >&2; exit 1; }
log "deployment files valid; drill passed"
