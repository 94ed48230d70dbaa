# Sourced by the other scripts: installs what is missing (scripts/toolchain.sh)
# and selects the toolchain it chose. Pass --with-browser for the browser tests.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
"$root/scripts/toolchain.sh" "$@"
# wasm-opt from binaryen 132 (see toolchain.sh), ahead of any older one.
export PATH="$root/target/tools/binaryen/node_modules/.bin:$PATH"
RUSTUP_TOOLCHAIN=$(cat "$root/target/.svar-toolchain")
export RUSTUP_TOOLCHAIN
# On 2 cores a parallel link of many test binaries runs out of memory sooner
# than it saves time; one job per core is cargo's default and right here.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}

# cargo-leptos builds the server with these variables (and, in debug builds,
# `--cfg erase_components`). Leptos reads some of them at compile time, so
# plain `cargo test` must see the same values, or every switch between the
# two would rebuild the whole dependency tree, and the test build would
# overwrite target/debug/svar with a binary that looks for the wrong wasm
# file name.
export LEPTOS_OUTPUT_NAME=svar LEPTOS_SITE_ROOT=target/site LEPTOS_SITE_PKG_DIR=pkg \
    LEPTOS_SITE_ADDR=127.0.0.1:3000 LEPTOS_RELOAD_PORT=3001 LEPTOS_LIB_DIR=app \
    LEPTOS_BIN_DIR=server LEPTOS_JS_MINIFY=false LEPTOS_HASH_FILES=false
export RUSTFLAGS="--cfg erase_components"
