#!/usr/bin/env bash
# Tests the Python wheel that carries sparkgen (pyproject.toml, maturin `bindings = "bin"`) the way a
# user without a Rust toolchain gets it: builds the wheel (scripts/lib.sh sg_wheel: maturin on the
# release profile, reusing the release build when it is current), installs it into a fresh virtual
# environment, and with no `cargo` on PATH runs
#   sparkgen --version          -> "sparkgen <Cargo.toml's version>"
#   sparkgen render examples/seed.yaml --out DIR   -> byte for byte the release binary's output
# maturin is installed (only when missing or re-pinned) into venv-wheel
# (scripts/requirements/wheel.txt). When it cannot be installed: skipped (exit 0) locally, a failure
# when CI=true.
# Environment: SPARKGEN_WHEEL (a wheel to test instead of building one), SPARKGEN_BIN (the release
#              binary to compare with; default: build it), SPARKGEN_PYTHON (default python3).
# usage: scripts/test-wheel.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$SG_ROOT"
T0=$SECONDS
log() { sg_log "$@"; }

SG="$(sg_bin)" || exit 2
start=$SECONDS
if ! WHEEL="$(sg_wheel)"; then
  if sg_is_ci || [[ -n "${SPARKGEN_WHEEL:-}" ]]; then
    log "test-wheel: FAILED: no wheel (maturin missing or the build failed)"
    exit 1
  fi
  log "test-wheel: SKIPPED: cannot build the wheel (maturin could not be installed?)"
  echo "test-wheel: 0 passed, 0 failed, 1 skipped"
  exit 0
fi
echo "wheel: $WHEEL ($(du -k "$WHEEL" | cut -f1) KiB, built in $((SECONDS - start))s)"

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
start=$SECONDS
"$SG_PYTHON" -m venv "$WORK/fresh"
PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  "$WORK/fresh/bin/python" -m pip install --quiet --no-index "$WHEEL"
echo "installed into a fresh venv in $((SECONDS - start))s"

NO_CARGO_PATH="$WORK/fresh/bin:$(sg_path_without_cargo)" || exit 1
# As a user without Rust runs it: the venv's bin first, no cargo anywhere on PATH.
run() { env PATH="$NO_CARGO_PATH" "$@"; }

passed=0 failed=0
check() { # NAME COMMAND...: passes when COMMAND exits 0
  local name="$1"
  shift
  if "$@"; then
    passed=$((passed + 1)); echo "ok    $name"
  else
    failed=$((failed + 1)); echo "FAIL  $name"
  fi
}

which_sg="$(run sh -c 'command -v sparkgen')" || which_sg=""
check "sparkgen on PATH is the venv's ($which_sg)" test "$which_sg" = "$WORK/fresh/bin/sparkgen"
check "no cargo on PATH" sh -c "! env PATH='$NO_CARGO_PATH' sh -c 'command -v cargo' >/dev/null"

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
got="$(run sparkgen --version 2>&1)" || got="(exit $?) $got"
echo "    | $got"
check "sparkgen --version says $version" test "$got" = "sparkgen $version"

# Both render the same relative spec path from the repository root: the generated-file header
# names the spec by the path it was given.
render_both() {
  (cd "$ROOT" && run sparkgen render examples/seed.yaml --out "$WORK/from-wheel" 2>"$WORK/render.log") ||
    { cat "$WORK/render.log" >&2; return 1; }
  (cd "$ROOT" && "$SG" render examples/seed.yaml --out "$WORK/from-release" 2>/dev/null) &&
    [[ -n "$(find "$WORK/from-wheel" -type f -print -quit)" ]] &&
    diff -r "$WORK/from-release" "$WORK/from-wheel"
}
check "render examples/seed.yaml: the wheel's output is the release binary's" render_both
echo "    | $(find "$WORK/from-wheel" -type f 2>/dev/null | wc -l) files rendered"

echo "took $((SECONDS - T0))s"
echo "test-wheel: $passed passed, $failed failed"
((failed == 0))
