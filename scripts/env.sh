# Sourced by the other scripts: installs what is missing (scripts/toolchain.sh)
# and selects the toolchain it chose. Pass --with-browser for the browser tests.
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$HOME/.cargo/bin:$PATH"
"$root/scripts/toolchain.sh" "$@"
RUSTUP_TOOLCHAIN=$(cat "$root/target/.svar-toolchain")
export RUSTUP_TOOLCHAIN
# On 2 cores a parallel link of many test binaries runs out of memory sooner
# than it saves time; one job per core is cargo's default and right here.
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
