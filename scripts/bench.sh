#!/usr/bin/env bash
# `make bench`: every benchmark; numbers are printed and written to
# bench-results/ (never asserted in tests).
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
mkdir -p bench-results
cargo bench -p app --bench rules 2>&1 | tee "bench-results/$(date -u +%Y%m%dT%H%M%SZ).txt"
