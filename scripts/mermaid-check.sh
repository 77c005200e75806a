#!/usr/bin/env bash
# Mermaid gate: sparkgen's pipeline flowcharts parsed by Mermaid's own parser (the grammar GitHub
# renders Markdown's ```mermaid blocks with), not matched as text.
#
# usage: scripts/mermaid-check.sh [FILE.mmd...]
#   no FILE: for every examples/*.yaml and scripts/mermaid/escaping.yaml (labels holding every
#            character Mermaid would read as syntax), `sparkgen plan SPEC --format mermaid` and
#            each ```mermaid block of the glue READMEs `sparkgen render` writes; and a selftest:
#            a broken flowchart must fail to parse.
#
# The pinned mermaid and jsdom (scripts/mermaid/package-lock.json) are installed with `npm ci`
# once into ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}/npm-mermaid (scripts/lib.sh
# sg_ensure_npm). Node.js or npm missing, or the install failing: FAILS when CI=true, and is
# SKIPPED, loudly, otherwise. Closing line: mermaid: N parsed, N failed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }
case "${1:-}" in -h | --help) usage; exit 0 ;; esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-mermaid.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

FILES=("$@")
if ((${#FILES[@]} == 0)); then
  bin="$(sg_bin)" || exit 2
  listed="$(sg_example_specs mermaid-check.sh)" || exit 1
  mapfile -t specs <<<"$listed"
  specs+=("$SG_ROOT/scripts/mermaid/escaping.yaml")
  for spec in "${specs[@]}"; do
    name="$(basename "$spec" .yaml)"
    "$bin" plan "$spec" --format mermaid >"$WORK/$name.plan.mmd"
    FILES+=("$WORK/$name.plan.mmd")
    "$bin" render "$spec" --target pyspark --out "$WORK/render/$name" 2>"$WORK/render.log" ||
      { cat "$WORK/render.log"; exit 1; }
    n=0
    while IFS= read -r readme; do
      n=$((n + 1))
      # The lines between ```mermaid and the closing fence.
      awk '/^```mermaid$/ { on = 1; next } on && /^```$/ { on = 0 } on' "$readme" \
        >"$WORK/$name.readme$n.mmd"
      [[ -s "$WORK/$name.readme$n.mmd" ]] || { echo "FAIL: no mermaid block in $readme"; exit 1; }
      FILES+=("$WORK/$name.readme$n.mmd")
    done < <(find "$WORK/render/$name" -name README.md | sort)
  done
  printf 'flowchart LR\n  job0["a"] -->|x| job1[\n' >"$WORK/selftest-broken.mmd"
fi

MODULES="" WHY=""
if ! command -v node >/dev/null 2>&1; then WHY="node"
elif ! command -v npm >/dev/null 2>&1; then WHY="npm"
elif ! MODULES="$(sg_ensure_npm mermaid)"; then WHY="the npm install of scripts/mermaid (see above)"; MODULES=""
fi
if [[ -z "$MODULES" ]]; then
  if sg_is_ci; then
    echo "mermaid: FAILED: tool missing: $WHY (CI=true makes this a failure)"
    exit 1
  fi
  echo "mermaid: *** SKIPPED (tool missing: $WHY): ${#FILES[@]} flowchart(s) not parsed ***"
  exit 0
fi

rc=0
node "$SG_ROOT/scripts/mermaid/parse.mjs" --modules "$MODULES" "${FILES[@]}" | sed "s#$WORK/##" || rc=$?
failed=0
((rc == 0)) || failed=1
if [[ -f "$WORK/selftest-broken.mmd" ]]; then
  if node "$SG_ROOT/scripts/mermaid/parse.mjs" --modules "$MODULES" "$WORK/selftest-broken.mmd" >/dev/null; then
    echo "FAIL: selftest: a broken flowchart parsed, so this gate would pass anything"
    failed=1
  else
    echo "ok selftest: a broken flowchart fails to parse"
  fi
fi
echo "mermaid: ${#FILES[@]} flowchart(s), $([[ $failed == 0 ]] && echo "all parsed" || echo "FAILED")"
exit "$failed"
