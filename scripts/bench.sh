#!/usr/bin/env bash
# `make bench`: every benchmark; numbers are printed and written to
# bench-results/ (never asserted in tests). The journey benchmark measures
# the release build of the site (wasm size), so that is built first.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
mkdir -p bench-results
out="bench-results/$(date -u +%Y%m%dT%H%M%SZ).txt"
cargo leptos build --release
# What production sends: the client compressed once, at the highest levels.
target/release/svar precompress target/site/pkg
{
    echo "# $(date -u +%FT%TZ) on $(nproc) cores"
    cargo bench -p svar-engine --bench rules
    cargo bench -p svar-engine --bench check
    cargo bench -p server --bench journey
    cargo bench -p server --bench worklist
} 2>&1 | tee "$out"
echo "written to $out"
