#!/usr/bin/env bash
# `make fuzz`: the engine's fuzz targets (app/engine/tests/engine/fuzz.rs)
# in the release build, FUZZ_SECONDS each (default 300). `make test` runs
# the same targets for 2 s each in the debug build. A failure prints its
# seed (FUZZ_SEED=<seed> repeats the run) and writes the input to
# target/fuzz-failures/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
export FUZZ_SECONDS=${FUZZ_SECONDS:-300}
cargo test --release -p svar-engine --test engine fuzz:: -- --nocapture --test-threads=1
