#!/usr/bin/env bash
# The project's test command (README): the vendored crate's integrity, formatting, lints, then
# every test target.
# usage: scripts/test.sh [ARGS...]   (ARGS go to `cargo test`, e.g. a test-name filter)
# Runs every step even when one fails; exits 1 if any failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
failed=()
step() { echo "+ $*"; "$@" || failed+=("$*"); }
step scripts/check-vendor.sh
step cargo fmt --all --check
step cargo clippy --all-targets -- -D warnings
step cargo test --all-targets "$@"
if ((${#failed[@]})); then
  printf 'scripts/test.sh: FAILED: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "scripts/test.sh: vendor check, fmt, clippy and tests passed"
