#!/usr/bin/env bash
# Installs everything Kwaliteitskompas needs on a fresh Debian (12+) machine. Idempotent:
# on a machine that is already set up it only checks, which takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export PATH="$HOME/.cargo/bin:$PATH"

# 1. System packages: WebKitGTK and friends for Tauri, Xvfb and WebKitWebDriver for the
#    end-to-end tests, ImageMagick for screenshots, lld for linking wasm, PostgreSQL for
#    the server tests (they run on SQLite and on PostgreSQL; scripts/test-postgres.sh),
#    Python's venv for the API fuzzer (step 5).
packages=(
  build-essential pkg-config curl ca-certificates libssl-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev librsvg2-dev
  libayatana-appindicator3-dev libxdo-dev
  xvfb webkit2gtk-driver imagemagick lld binaryen
  postgresql
  python3-venv
)
if ! command -v cargo >/dev/null 2>&1; then
  # No Rust at all: Debian's own toolchain builds both the native crates and the wasm UI.
  packages+=(rustc-web cargo-web rust-web-src)
fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done

# 2. A wasm32 standard library. Where rustup has the target, use it; otherwise Debian's
#    rustc-web with the standard library's source builds it (-Zbuild-std, see xtask).
sysroot="$(rustc --print sysroot 2>/dev/null || true)"
if [ -z "$sysroot" ] || [ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]; then
  for package in rustc-web cargo-web rust-web-src; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
  done
fi

if [ "${#missing[@]}" -gt 0 ]; then
  log "installing ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
if ! command -v cargo >/dev/null 2>&1 && [ -x /usr/bin/cargo ]; then
  log "using Debian's cargo"
fi

# 3. wasm-bindgen-cli at exactly the version of the wasm-bindgen crate in the UI's lock file.
want="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' src-ui/Cargo.lock)"
have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$want" != "$have" ]; then
  log "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # --locked fails on this registry mirror (a locked dependency is newer than its copy).
  cargo install wasm-bindgen-cli --version "$want" --quiet
fi

# 4. tauri-driver, the WebDriver bridge for the end-to-end tests.
if ! command -v tauri-driver >/dev/null 2>&1; then
  log "installing tauri-driver"
  cargo install tauri-driver --locked --quiet
fi

# 5. schemathesis, the API fuzzer of `./kompas.sh fuzz`, from PyPI at exactly the version
#    xtask/fuzz/requirements.txt pins, in a virtual environment of its own made by Debian's
#    Python (not whatever `python3` comes first on PATH).
venv="$HOME/.cache/kompas/schemathesis"
fuzzer="$(sed -n 's/^schemathesis==//p' xtask/fuzz/requirements.txt)"
if ! compgen -G "$venv/lib/python3*/site-packages/schemathesis-$fuzzer.dist-info" >/dev/null \
  || ! [ -x "$venv/bin/schemathesis" ]; then
  log "installing schemathesis $fuzzer into $venv"
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r xtask/fuzz/requirements.txt
fi

log "ready"
