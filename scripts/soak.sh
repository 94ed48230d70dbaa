#!/usr/bin/env bash
# `make soak`: many page requests across every page kind over kept-alive
# connections against the release server with a fresh database, counting
# responses that stall. Numbers go to bench-results/. Not part of `make test`.
# Usage: make soak [REQUESTS=100000] [THREADS=4]
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
cargo leptos build --release
# What production sends: the client compressed once, at the highest levels.
target/release/svar precompress target/site/pkg
dir=$(mktemp -d)
port=${SOAK_PORT:-3900}
password=soak-$RANDOM$RANDOM
DATABASE_URL="sqlite://$dir/svar.db" SVAR_LISTEN="127.0.0.1:$port" SVAR_PUBLIC_URL="http://127.0.0.1:$port" \
    SVAR_DEMO=true SVAR_DEMO_PASSWORD="$password" SVAR_SITE_ROOT=target/site SVAR_MAIL_DIR="$dir/mail" SVAR_LOG=warn \
    target/release/svar serve >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
mkdir -p bench-results
out="bench-results/soak-$(date -u +%Y%m%dT%H%M%SZ).txt"
python3 scripts/soak.py "http://127.0.0.1:$port" "$password" "${REQUESTS:-100000}" "${THREADS:-4}" | tee "$out"
