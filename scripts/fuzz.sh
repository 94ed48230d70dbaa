#!/usr/bin/env bash
# `make fuzz`: the engine's fuzz targets (app/engine/tests/engine/fuzz.rs)
# in the release build, FUZZ_SECONDS each (default 300), then the CSV
# import's property tests (app/src/patients/csv_import.rs: any text, CSV-like
# text, good files with random damage) with about as many cases as that
# time allows. `make test` runs the same targets for 2 s each (the CSV ones
# with proptest's 256 cases) in the debug build. A failure prints its
# seed (FUZZ_SEED=<seed> repeats the run) and writes the input to
# target/fuzz-failures/.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
export FUZZ_SECONDS=${FUZZ_SECONDS:-300}
cargo test --release -p svar-engine --test engine fuzz:: -- --nocapture --test-threads=1
started=$SECONDS
PROPTEST_CASES=$((FUZZ_SECONDS * 5000)) cargo test --release -p app --lib csv_import::tests::preview_never_panics
echo "CSV import: $((FUZZ_SECONDS * 5000)) cases per property in $((SECONDS - started)) s"
