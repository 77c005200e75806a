#!/usr/bin/env bash
# Validates every examples/*.yaml against schema/sparkgen.schema.json with an independent
# validator, Python's check-jsonschema, so the committed schema is checked by something
# other than the Rust code that generates it.
#
# check-jsonschema comes from the lint venv (scripts/requirements/lint.txt, built once by
# scripts/lib.sh's sg_ensure_venv). When it cannot be had: skip with a note, or fail when CI=true.
# usage: scripts/check-schema.sh [SPEC.yaml...]   (default: examples/*.yaml)
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$SG_ROOT"

SCHEMA="schema/sparkgen.schema.json"

missing() {
  if sg_is_ci; then
    echo "check-schema: FAILED: $1" >&2
    exit 1
  fi
  echo "check-schema: skipped: $1 (set CI=true to make this an error)" >&2
  exit 0
}

VENV_BIN="$(sg_ensure_venv lint)" || missing "could not install the lint venv (check-jsonschema)"
BIN="$VENV_BIN/check-jsonschema"
PIN="check-jsonschema $("$BIN" --version 2>/dev/null | sed 's/.* //')"

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
