#!/usr/bin/env bash
# `make test`: every test. Unit and integration tests (each integration test
# on SQLite and on PostgreSQL), then the browser tests in Debian's Chromium
# against the real server with the wasm client, then the release build and
# a browser smoke test of it.
set -euo pipefail
source "$(dirname "$0")/env.sh" --with-browser
cd "$root"

step() { printf '\n\033[1;32m== %s\033[0m\n' "$*"; }

ensure_postgres() {
    local url=${SVAR_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
    if [[ "${SVAR_SKIP_POSTGRES:-}" == 1 ]]; then
        if [[ "${CI:-}" == true ]]; then
            echo "SVAR_SKIP_POSTGRES=1 is not allowed in CI" >&2
            exit 1
        fi
        echo "warning: PostgreSQL tests skipped (SVAR_SKIP_POSTGRES=1)" >&2
        return
    fi
    if command -v pg_isready >/dev/null && ! pg_isready -q -d "$url"; then
        if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
            step "starting PostgreSQL"
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
            sleep 2
        fi
    fi
    if command -v pg_isready >/dev/null && ! pg_isready -q -d "$url"; then
        echo "PostgreSQL is not reachable at $url: start it, set SVAR_TEST_POSTGRES_URL," >&2
        echo "or (outside CI) set SVAR_SKIP_POSTGRES=1 to run the SQLite half only." >&2
        exit 1
    fi
}

step "building server and wasm client (cargo leptos build)"
cargo leptos build

step "Rust tests: unit, engine, integration on SQLite and PostgreSQL"
ensure_postgres
cargo test --workspace --no-fail-fast

step "browser tests (Playwright, Debian Chromium)"
(cd end2end && npx playwright test)

# What ships is what is tested: the release build (optimised server, wasm
# client through wasm-opt) must start and hydrate in a browser too. It
# replaces the debug client in target/site; `make run` rebuilds that.
step "release build (cargo leptos build --release)"
cargo leptos build --release

step "release smoke test: the release server and client in Chromium"
(cd end2end && SVAR_RELEASE=1 SVAR_BIN="$root/target/release/svar" npx playwright test tests/release.spec.ts)
