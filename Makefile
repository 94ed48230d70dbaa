# Svar: `make run` serves it, `make test` runs every test. Both install
# what is missing first (scripts/toolchain.sh).
.PHONY: run test bench load soak fuzz chaos check setup screenshots deploy-check

run:
	@scripts/run.sh

test:
	@scripts/test.sh

bench:
	@scripts/bench.sh

# The release server in its own process under wrk, beside a bare axum
# baseline of the same run, with perf profiles and the wasm client by crate.
load:
	@scripts/load.sh

# Hunts for stalled responses: REQUESTS page requests (default 100,000)
# across every page kind against the release server.
soak:
	@scripts/soak.sh

# The engine's fuzz targets in release, FUZZ_SECONDS each (default 300).
fuzz:
	@scripts/fuzz.sh

# Crash safety: parents submit while the release server is killed with
# SIGKILL and restarted KILLS times (default 20), on SQLite and PostgreSQL;
# then every acknowledged answer and every mail is checked.
chaos:
	@scripts/chaos.sh

# A picture of every staff and respondent screen at 360 and 1280 px in
# screenshots/ (the browser checks of each screen write them).
screenshots:
	@scripts/screenshots.sh

# The deployment files checked by their own tools (systemd-analyze, caddy
# validate) and docs/deploy.md's drill: Svar behind Caddy with TLS, a
# backup and a restore. `make test` runs it after the release build.
deploy-check:
	@scripts/check_deploy.sh

# Installs the toolchain, wasm target, cargo-leptos, wasm-bindgen and Chromium.
setup:
	@scripts/toolchain.sh --with-browser
