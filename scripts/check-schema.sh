#!/usr/bin/env bash
# Validates every examples/*.yaml against schema/sparkgen.schema.json with an independent
# validator, Python's check-jsonschema, so the committed schema is checked by something
# other than the Rust code that generates it.
#
# check-jsonschema lives in its own venv, ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}/venv-schema,
# created (from PyPI) only when it is missing or holds another version than the pin below.
# When the tool cannot be had: skip with a note, or fail when CI=true (or 1).
# usage: scripts/check-schema.sh [SPEC.yaml...]   (default: examples/*.yaml)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PIN="check-jsonschema==0.39.0"
SCHEMA="schema/sparkgen.schema.json"
TOOLS="${SPARKGEN_TOOLS:-${HOME:-/root}/.cache/sparkgen-tools}"
VENV="$TOOLS/venv-schema"
BIN="$VENV/bin/check-jsonschema"
PYTHON="${SPARKGEN_PYTHON:-python3}"

is_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

missing() {
  if is_ci; then
    echo "check-schema: FAILED: $1" >&2
    exit 1
  fi
  echo "check-schema: skipped: $1 (set CI=true to make this an error)" >&2
  exit 0
}

installed_version() {
  "$VENV/bin/python" -m pip show check-jsonschema 2>/dev/null | sed -n 's/^Version: //p'
}

if [[ ! -x "$BIN" || "$(installed_version)" != "${PIN#*==}" ]]; then
  command -v "$PYTHON" >/dev/null 2>&1 || missing "$PYTHON not found"
  mkdir -p "$TOOLS"
  log="$TOOLS/venv-schema.install.log"
  echo "check-schema: installing $PIN into $VENV (log: $log)" >&2
  rm -rf "$VENV"
  if ! { "$PYTHON" -m venv "$VENV" &&
    PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
      "$VENV/bin/python" -m pip install --quiet --timeout 60 "$PIN"; } >"$log" 2>&1; then
    tail -n 20 "$log" >&2
    rm -rf "$VENV"
    missing "could not install $PIN"
  fi
fi

[[ -f "$SCHEMA" ]] || { echo "check-schema: FAILED: no $SCHEMA" >&2; exit 1; }
specs=("$@")
if ((${#specs[@]} == 0)); then
  shopt -s nullglob
  specs=(examples/*.yaml)
fi
((${#specs[@]})) || { echo "check-schema: FAILED: no spec to check" >&2; exit 1; }

echo "+ check-jsonschema --schemafile $SCHEMA ${specs[*]}"
"$BIN" --schemafile "$SCHEMA" "${specs[@]}"
echo "check-schema: ${#specs[@]} spec(s) satisfy $SCHEMA ($PIN)"
