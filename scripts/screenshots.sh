#!/usr/bin/env bash
# `make screenshots`: a picture of every staff and respondent screen at
# 360 px and 1280 px, in Danish and English, written to screenshots/ (the
# browser specs that check each screen write them when SVAR_SCREENSHOTS is
# set), so a reviewer sees every page of a change in one place.
set -euo pipefail
source "$(dirname "$0")/env.sh" --with-browser
cd "$root"
cargo leptos build
rm -rf screenshots
(cd end2end && SVAR_SCREENSHOTS="$root/screenshots" npx playwright test tests/screens.spec.ts tests/journey.spec.ts)
echo "screenshots: $(ls screenshots | wc -l) pictures in $root/screenshots"
