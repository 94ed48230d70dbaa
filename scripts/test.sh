#!/usr/bin/env bash
# `make test`: every test. Unit and integration tests (each integration test
# on SQLite and on PostgreSQL), then the release build (optimised server,
# wasm client through wasm-opt) and every browser test in Debian's Chromium
# against it. What ships is what the browser tests run: there is no debug
# client in this path (it cost a build of its own and seconds of wasm
# compilation on every page load, and it is not what users get).
set -euo pipefail
source "$(dirname "$0")/env.sh" --with-browser
cd "$root"

# Each step says how long the one before it took, so a CI log shows where
# the time goes (CI has 90 minutes).
started=$SECONDS
last=$SECONDS
step() {
    if ((SECONDS > started)); then
        printf '\033[1;32m== (%d s; %d s in all)\033[0m\n' $((SECONDS - last)) $((SECONDS - started))
    fi
    last=$SECONDS
    printf '\n\033[1;32m== %s\033[0m\n' "$*"
}

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

# The format first: it takes a second and fails before the long builds.
# rustfmt comes with rustup's own toolchain (Debian's rustc-web has none).
step "format (cargo fmt --check, rustfmt.toml)"
if env -u RUSTUP_TOOLCHAIN rustfmt --version >/dev/null 2>&1; then
    env -u RUSTUP_TOOLCHAIN cargo fmt --all --check
else
    echo "warning: no rustfmt on this machine: the format is not checked" >&2
fi

step "Rust tests: unit, engine, integration on SQLite and PostgreSQL"
ensure_postgres
cargo test --workspace --no-fail-fast

# The release site replaces any debug client in target/site; `make run`
# builds its own again.
step "release build: server and wasm client (cargo leptos build --release)"
cargo leptos build --release
# What production sends: the client compressed once, at the highest levels
# (`svar precompress`); the browser tests load these copies.
target/release/svar precompress target/site/pkg

step "deployment files and drill (systemd-analyze, caddy validate, Svar behind Caddy with TLS, backup and restore)"
scripts/check_deploy.sh target/release/svar

step "browser tests (Playwright, Debian Chromium) against the release build"
(cd end2end && SVAR_RELEASE=1 SVAR_BIN="$root/target/release/svar" npx playwright test)
step "done"
