#!/usr/bin/env bash
# `make run`: builds Svar and serves it on http://127.0.0.1:3000 with an
# embedded SQLite database in data/, the demo clinic and the shipped
# questionnaires.
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$root"
cargo leptos build
export DATABASE_URL=${DATABASE_URL:-sqlite://data/svar.db}
export SVAR_DEMO=${SVAR_DEMO:-true}
export SVAR_SITE_ROOT=${SVAR_SITE_ROOT:-target/site}
echo "Svar: http://127.0.0.1:3000 (Ctrl-C stops it)"
exec target/debug/svar serve
