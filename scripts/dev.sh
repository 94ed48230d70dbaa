# For a developer's shell: `source scripts/dev.sh`, then plain cargo commands
# share the build cache with `make test` (same toolchain and Leptos variables).
source "$(dirname "${BASH_SOURCE[0]}")/env.sh" >/dev/null
