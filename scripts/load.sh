#!/usr/bin/env bash
# `make load`: the release server in its own process under wrk, beside two
# baselines of the same run (a bare axum server sending the same page, and
# Svar's health check), with perf profiles of the questionnaire page, the
# worklist and the patient page, and the wasm client's code by crate.
# Numbers go to bench-results/; nothing is asserted. Not part of `make test`.
# Usage: make load [LOAD_SECONDS=10] [LOAD_CONNECTIONS=32]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
sudo_apt="apt-get install -y -qq"
[ "$(id -u)" = 0 ] || sudo_apt="sudo $sudo_apt"
command -v wrk >/dev/null || $sudo_apt wrk
command -v perf >/dev/null || $sudo_apt linux-perf
# SVAR_LOAD_BIN (and SVAR_LOAD_BARE_BIN) measure binaries built elsewhere,
# e.g. two commits built the same way for a before/after in one sitting.
svar_bin=${SVAR_LOAD_BIN:-target/release/svar}
bare_bin=${SVAR_LOAD_BARE_BIN:-target/release/examples/bare_page}
if [[ -z ${SVAR_LOAD_BIN:-} ]]; then
    cargo leptos build --release
    target/release/svar precompress target/site/pkg
fi
[[ -n ${SVAR_LOAD_BARE_BIN:-} ]] || cargo build --release -p server --example bare_page
dir=$(mktemp -d)
port=${LOAD_PORT:-3910}
bare_port=$((port + 1))
password=load-$RANDOM$RANDOM
DATABASE_URL="sqlite://$dir/svar.db" SVAR_LISTEN="127.0.0.1:$port" SVAR_PUBLIC_URL="http://127.0.0.1:$port" \
    SVAR_DEMO=true SVAR_DEMO_PASSWORD="$password" SVAR_SITE_ROOT=target/site SVAR_MAIL_DIR="$dir/mail" \
    SVAR_SCHEDULER_INTERVAL_SECS=1 SVAR_LOG=warn \
    "$svar_bin" serve >"$dir/server.log" 2>&1 &
server=$!
bare=""
trap 'kill $server $bare 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
# The bare baseline serves the page load.py saves once it has a session.
(
    for _ in $(seq 300); do [ -s "$dir/page.html" ] && break; sleep 0.2; done
    exec "$bare_bin" "$dir/page.html" "$bare_port"
) >"$dir/bare.log" 2>&1 &
bare=$!
mkdir -p bench-results
out="bench-results/load-$(date -u +%Y%m%dT%H%M%SZ)${LOAD_LABEL:+-$LOAD_LABEL}.txt"
echo "binary: $svar_bin (the load script from $(git rev-parse --short HEAD 2>/dev/null))" | tee "$out"
python3 scripts/load.py "http://127.0.0.1:$port" "$password" "$dir/mail" "http://127.0.0.1:$bare_port/" \
    "$dir/page.html" "$server" "$dir" | tee -a "$out"
# Where the client's bytes go, from the wasm as rustc wrote it (the shipped
# one has no function names left after wasm-opt).
command -v wasm-objdump >/dev/null || $sudo_apt wabt
echo | tee -a "$out"
for wasm in target/front/wasm32-unknown-unknown/wasm-release/*.wasm; do
    [[ -f $wasm ]] || continue
    python3 scripts/wasm_sizes.py "$wasm" | tee -a "$out"
done
echo "written to $out"
