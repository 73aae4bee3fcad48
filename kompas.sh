#!/usr/bin/env bash
# The one entry point for a fresh machine:
#   ./kompas.sh run    set up, build and start the app on the bundled handbook
#   ./kompas.sh test   set up and run every check and test (what CI runs)
#   ./kompas.sh bench  measure the goals of docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
# Outside the clone, so a fresh clone on the same machine reuses earlier builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/kompas/target}"
exec cargo run --quiet --release -p xtask -- "$@"
