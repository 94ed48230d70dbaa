#!/usr/bin/env bash
# Installs what Svar needs to build the server and the wasm client, skipping
# every step that is already done, so a second run takes a few seconds.
#
# Two routes to a Rust toolchain with a wasm32 standard library:
#  1. a normal machine: `rustup target add wasm32-unknown-unknown` on the
#     default toolchain;
#  2. a machine without internet beyond package registries: Debian's
#     rustc-web (1.96, built for browsers) plus a wasm32 std built once from
#     rust-web-src, linked as the rustup toolchain `web`.
# The chosen toolchain name is written to target/.svar-toolchain, which
# scripts/env.sh reads.
#
# Usage: scripts/toolchain.sh [--with-browser]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p target
with_browser=0
[[ "${1:-}" == "--with-browser" ]] && with_browser=1

log() { printf '\033[1;34m[toolchain]\033[0m %s\n' "$*" >&2; }

SUDO=""
if [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null; then SUDO=sudo; fi
apt_updated=0
apt_install() {
    local missing=()
    for p in "$@"; do
        dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
    done
    ((${#missing[@]} == 0)) && return 0
    if ((apt_updated == 0)); then
        log "apt-get update"
        $SUDO apt-get update -qq
        apt_updated=1
    fi
    log "apt-get install ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
}

# cargo-leptos 0.3 (and so the whole build) needs rustc 1.96 or newer.
recent_enough() { # $1 = toolchain
    local v
    v=$(rustup run "$1" rustc --version 2>/dev/null | awk '{print $2}') || return 1
    [[ "$(printf '%s\n1.96.0\n' "${v%%-*}" | sort -V | head -1)" == "1.96.0" ]]
}

has_wasm_std() { # $1 = toolchain
    local dir
    dir=$(rustup run "$1" rustc --print target-libdir --target wasm32-unknown-unknown 2>/dev/null) || return 1
    compgen -G "$dir/libstd-*.rlib" >/dev/null
}

choose_toolchain() {
    if [[ -n "${SVAR_TOOLCHAIN:-}" ]]; then echo "$SVAR_TOOLCHAIN"; return; fi
    if rustup toolchain list | grep -q '^web' && has_wasm_std web; then echo web; return; fi
    local default
    default=$(rustup show active-toolchain 2>/dev/null | awk '{print $1}')
    if recent_enough "$default"; then
        if has_wasm_std "$default"; then echo "$default"; return; fi
        log "trying rustup target add wasm32-unknown-unknown (60 s limit)"
        if timeout 60 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 && has_wasm_std "$default"; then
            echo "$default"; return
        fi
    fi
    if ! command -v apt-get >/dev/null; then
        log "need rustc >= 1.96 with the wasm32-unknown-unknown target: run 'rustup update && rustup target add wasm32-unknown-unknown'"
        exit 1
    fi
    log "no usable rustup toolchain: using Debian's rustc-web route"
    debian_web_toolchain
    echo web
}

debian_web_toolchain() {
    apt_install rustc-web cargo-web rust-web-src lld-22
    local dest
    dest=$(/usr/bin/rustc --print sysroot)/lib/rustlib/wasm32-unknown-unknown/lib
    if ! compgen -G "$dest/libstd-*.rlib" >/dev/null; then
        log "building the wasm32 standard library once (2-3 minutes)"
        local dir
        dir=$(mktemp -d)
        mkdir -p "$dir/src"
        printf '[package]\nname = "wasm-std"\nversion = "0.0.0"\nedition = "2021"\n' >"$dir/Cargo.toml"
        echo '#![no_std]' >"$dir/src/lib.rs"
        (cd "$dir" && RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build -q --release \
            -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown)
        # Start clean: two copies of one crate in the sysroot confuse rustc.
        $SUDO rm -rf "$dest" && $SUDO mkdir -p "$dest"
        $SUDO cp "$dir"/target/wasm32-unknown-unknown/release/deps/lib*.rlib "$dest"/
        $SUDO rm -f "$dest"/libwasm_std-*.rlib
        rm -rf "$dir"
    fi
    rustup toolchain list | grep -q '^web' || rustup toolchain link web /usr
}

toolchain=$(choose_toolchain)
echo "$toolchain" >target/.svar-toolchain
export RUSTUP_TOOLCHAIN=$toolchain
log "Rust toolchain: $toolchain ($(rustc --version))"

# cargo-leptos drives the two-sided build. It uses wasm-bindgen from PATH
# when present, so it never needs to download anything.
CARGO_LEPTOS_VERSION=0.3.11
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
    log "cargo install cargo-leptos $CARGO_LEPTOS_VERSION (15-25 minutes on 2 cores, once)"
    cargo install -q cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
if [[ -f Cargo.lock ]]; then
    wb=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
    if [[ -n "$wb" ]] && ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
        log "cargo install wasm-bindgen-cli $wb"
        cargo install -q wasm-bindgen-cli --version "$wb" --locked --force ||
            cargo install -q wasm-bindgen-cli --version "$wb" --force
    fi
fi

# wasm-opt for release builds of the client: binaryen 132 from npm, in
# target/tools (scripts/env.sh puts it first on PATH, where cargo-leptos
# looks). Not Debian's binaryen 108: it points wasm-bindgen's
# `__wbindgen_externrefs` export at the function table, and the release
# client then fails in the browser with "WebAssembly.Table.set(): Argument
# 1 is invalid for table" (fixed in binaryen 110). The release smoke test
# in `make test` runs the client this produces.
BINARYEN_VERSION=132.0.0
binaryen_dir=target/tools/binaryen
if ! "$binaryen_dir/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
    command -v npm >/dev/null || apt_install nodejs npm
    log "npm install binaryen@$BINARYEN_VERSION (wasm-opt) into $binaryen_dir"
    mkdir -p "$binaryen_dir"
    (cd "$binaryen_dir" && { [[ -f package.json ]] || echo '{"private": true}' >package.json; } &&
        npm install --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION")
fi

if ((with_browser)); then
    apt_install chromium
    # The deployment check (scripts/check_deploy.sh): Caddy in front of
    # Svar, systemd-analyze for the units, curl for the drill.
    apt_install caddy systemd curl
    # A real SMS gateway for the SMS tests: Debian's Kannel and its fake SMS
    # centre (kannel-extras); Debian's own kannel service is kept stopped
    # (the tests start their own on free ports: scripts/kannel/start.sh).
    apt_install kannel kannel-extras
    "$root/scripts/kannel/install.sh"
    # The printed documents' checks: pdftotext (the text as typed) and
    # pdffonts (every font embedded).
    apt_install poppler-utils
    if [[ ! -d end2end/node_modules/@playwright/test ]]; then
        log "npm ci in end2end/"
        (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
    fi
    # A real SMTP server for the journey tests (aiosmtpd, from PyPI).
    if [[ ! -x target/e2e-venv/bin/python ]] || ! target/e2e-venv/bin/python -c "import aiosmtpd" 2>/dev/null; then
        log "python venv with aiosmtpd in target/e2e-venv"
        command -v python3 >/dev/null || apt_install python3 python3-venv
        python3 -m venv target/e2e-venv || { apt_install python3-venv; python3 -m venv target/e2e-venv; }
        target/e2e-venv/bin/pip install --quiet --disable-pip-version-check "aiosmtpd==1.4.6"
    fi
fi
log "ready"
