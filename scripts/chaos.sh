#!/usr/bin/env bash
# `make chaos`: crash safety under SIGKILL, on SQLite and on PostgreSQL.
# Parents submit against the release `svar serve` (two processes on
# PostgreSQL) while it is killed and restarted KILLS times (default 20);
# then the database, the mails and the SMS (a real Kannel) are checked (see
# scripts/chaos.py). Results go to bench-results/. Not part of `make test`.
# Usage: make chaos [KILLS=20] [PARENTS=200]
set -euo pipefail
source "$(dirname "$0")/env.sh" --with-browser
cd "$root"
[[ -x target/release/svar && -f target/site/pkg/svar.wasm ]] || cargo leptos build --release
mkdir -p bench-results
out="bench-results/chaos-$(date -u +%Y%m%dT%H%M%SZ).txt"
status=0
for backend in sqlite postgres; do
    work=$(mktemp -d)
    if [[ $backend == sqlite ]]; then
        url="sqlite://$work/svar.db"
    else
        name="svar_chaos_$RANDOM$RANDOM"
        admin=${SVAR_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
        psql -q "$admin" -c "CREATE DATABASE $name"
        url="${admin%/*}/$name"
    fi
    # PostgreSQL is how Svar runs as several replicas: two processes there.
    replicas=1
    [[ $backend == postgres ]] && replicas=2
    python3 scripts/chaos.py target/release/svar "$url" "$work" --kills "${KILLS:-20}" --parents "${PARENTS:-200}" \
        --replicas "$replicas" | tee -a "$out" || status=1
    echo | tee -a "$out"
    [[ $backend == postgres ]] && psql -q "$admin" -c "DROP DATABASE $name WITH (FORCE)"
    rm -rf "$work"
done
echo "written to $out"
exit $status
