#!/usr/bin/env bash
# cdk-nag gate: cdk-nag's AwsSolutions pack on CloudFormation templates, each loaded into a CDK
# app with CfnInclude (scripts/cdk-nag/nag.js). A template passes when no finding, error or
# warning, is left unsuppressed. Suppressions live in the template, on the resource:
#   Metadata: {cdk_nag: {rules_to_suppress: [{id: AwsSolutions-S1, reason: "..."}]}}
# and every suppressed finding is printed with its reason.
#
# usage: scripts/cdk-nag.sh [--keep] [TEMPLATE...]
#        scripts/cdk-nag.sh --selftest [--keep]
#   TEMPLATE    a CloudFormation template (e.g. OUT/cloudformation/template.yaml)
#   no TEMPLATE: render every examples/*.yaml (${SPARKGEN_EXAMPLES_DIR:-examples}) with the
#               sparkgen binary (scripts/lib.sh sg_bin: $SPARKGEN_BIN, or the release build) into a temp dir and
#               check each one's cloudformation/template.yaml.
#   --selftest  check the hand-made templates in scripts/cdk-nag/selftest/ instead, and that each
#               gives its expected result: a finding suppressed in Metadata passes, an error and a
#               warning each fail, a template CfnInclude rejects fails. Exit 1 if any does not.
#   --keep      keep the temp dir (rendered trees; each template's cloud assembly with cdk-nag's
#               CSV report, AwsSolutions-SparkgenTemplate-NagReport.csv) and print its path.
#
# The pinned aws-cdk-lib, constructs and cdk-nag (scripts/cdk-nag/package-lock.json) are
# installed with `npm ci` once into ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}/npm-cdk-nag and
# reinstalled when the lock file changes (scripts/tools.sh cdk-nag does the same).
# Node.js or npm missing (or the install failing): every template FAILS when CI=true and is
# SKIPPED, loudly, otherwise. Closing line: cdk-nag: N passed, N failed, N skipped (templates).
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }

KEEP=0 SELFTEST=0
TEMPLATES=()
while (($#)); do
  case "$1" in
    --keep) KEEP=1 ;;
    --selftest) SELFTEST=1 ;;
    -h | --help) usage; exit 0 ;;
    --) shift; TEMPLATES+=("$@"); break ;;
    -*) echo "cdk-nag.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) TEMPLATES+=("$1") ;;
  esac
  shift
done
if ((SELFTEST && ${#TEMPLATES[@]})); then
  echo "cdk-nag.sh: --selftest takes no TEMPLATE" >&2; exit 2
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-cdk-nag.XXXXXX")"
if ((KEEP)); then
  trap 'echo "cdk-nag.sh: kept $WORK" >&2' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi
mkdir -p "$WORK/log" "$WORK/assemblies"
: >"$WORK/results" # "LABEL|PASS|FAIL|SKIP", one line per template

LABELS=() FILES=() # the templates to check, and what to call them
_record() { printf '%s|%s\n' "$1" "$2" >>"$WORK/results"; }
_result_of() { awk -F'|' -v l="$1" '$1 == l { print $2 }' "$WORK/results"; }

# ---------------------------------------------------------------- what to check
if ((SELFTEST)); then
  for f in "$SG_ROOT"/scripts/cdk-nag/selftest/*.yaml; do
    LABELS+=("selftest/$(basename "$f")") FILES+=("$f")
  done
elif ((${#TEMPLATES[@]})); then
  for f in "${TEMPLATES[@]}"; do LABELS+=("$f") FILES+=("$f"); done
else
  bin="$(sg_bin)" || exit 2
  listed="$(sg_example_specs cdk-nag.sh)" || exit 1
  mapfile -t specs <<<"$listed"
  echo "rendering ${#specs[@]} example(s) with $bin"
  for spec in "${specs[@]}"; do
    ex="$(basename "$spec" .yaml)"
    label="examples/$(basename "$spec")"
    if "$bin" render "$spec" --target cloudformation --out "$WORK/render/$ex" >"$WORK/log/$ex.render" 2>&1; then
      # One template, or one per environment (labelled examples/SPEC@ENV).
      while IFS=$'\t' read -r tree_label tree; do
        LABELS+=("$tree_label") FILES+=("$tree/cloudformation/template.yaml")
      done < <(sg_trees "$WORK/render/$ex" "$label")
    else
      echo "  FAIL  $label  (sparkgen render failed:)"
      sed -n '1,40s/^/        | /p' "$WORK/log/$ex.render"
      _record "$label" FAIL
    fi
  done
fi

# ---------------------------------------------------------------- tools
MODULES="" WHY=""
if ! command -v node >/dev/null 2>&1; then WHY="node"
elif ! command -v npm >/dev/null 2>&1; then WHY="npm"
elif ! MODULES="$(sg_ensure_npm cdk-nag)"; then WHY="the npm install of scripts/cdk-nag (see above)"; MODULES=""
fi
echo "tools:"
echo "  node        $(command -v node || echo MISSING) $(node --version 2>/dev/null)"
echo "  npm         $(command -v npm || echo MISSING) $(npm --version 2>/dev/null)"
echo "  cdk-nag     ${MODULES:-MISSING}"

# ---------------------------------------------------------------- run
if ((${#FILES[@]})); then
  if [[ -n "$MODULES" ]]; then
    args=()
    for i in "${!FILES[@]}"; do args+=(--as "${LABELS[$i]}" "${FILES[$i]}"); done
    rc=0
    node "$SG_ROOT/scripts/cdk-nag/nag.js" --modules "$MODULES" --outdir "$WORK/assemblies" \
      --results "$WORK/results" "${args[@]}" 2>&1 | tee "$WORK/log/nag.out" || rc=$?
    # A template nag.js gave no result for (it died half-way) must not go uncounted.
    for l in "${LABELS[@]}"; do
      if [[ -z "$(_result_of "$l")" ]]; then
        echo "  FAIL  $l  (nag.js exited $rc without a result for it)"
        _record "$l" FAIL
      fi
    done
  else
    for l in "${LABELS[@]}"; do
      if sg_is_ci; then
        echo "  FAIL  $l  (tool missing: $WHY; CI=true makes this a failure)"
        _record "$l" FAIL
      else
        echo "  SKIP  $l  *** SKIPPED (tool missing: $WHY) ***"
        _record "$l" SKIP
      fi
    done
  fi
fi

# ---------------------------------------------------------------- selftest expectations
# Each selftest template must give its result, and the line that shows why.
if ((SELFTEST)) && [[ -n "$MODULES" ]]; then
  N_OK=0 N_BAD=0
  expect() { # expect FILE STATUS REGEX: the result is STATUS and some output line matches REGEX
    local label="selftest/$1" st
    st="$(_result_of "$label")"
    if [[ "$st" == "$2" ]] && grep -qE "^  [a-z-]+ +$label  $3" "$WORK/log/nag.out"; then
      N_OK=$((N_OK + 1)); echo "  ok    $label: $2, as expected"
    else
      N_BAD=$((N_BAD + 1)); echo "  BAD   $label: expected $2 with a line matching '$3', got ${st:-no result}"
    fi
  }
  echo
  echo "selftest expectations:"
  expect suppressed.yaml PASS 'DataBucket  AwsSolutions-S1  error  reason: "selftest - '
  expect unsuppressed.yaml FAIL 'DataBucket  AwsSolutions-S1  error  The S3 Bucket has server access logs disabled'
  expect warning.yaml FAIL 'Acl  AwsSolutions-VPC3  warning  '
  expect cfn-include-error.yaml FAIL "CfnInclude rejected the template: .*'NoSuchKey' not found"
  n="$(grep -c . "$WORK/results")"
  if ((n != 4)); then N_BAD=$((N_BAD + 1)); echo "  BAD   $n selftest template(s) checked, expected 4"; fi
  echo "cdk-nag-selftest: $N_OK passed, $N_BAD failed"
  ((N_BAD == 0))
  exit
fi

# ---------------------------------------------------------------- summary
N_PASS=0 N_FAIL=0 N_SKIP=0
while IFS='|' read -r _ st; do
  case "$st" in PASS) N_PASS=$((N_PASS + 1)) ;; FAIL) N_FAIL=$((N_FAIL + 1)) ;; SKIP) N_SKIP=$((N_SKIP + 1)) ;; esac
done <"$WORK/results"
echo
if ((N_SKIP)); then
  echo "*** $N_SKIP template(s) SKIPPED because a tool is missing: these templates were NOT checked ***"
fi
label=cdk-nag
if ((SELFTEST)); then label=cdk-nag-selftest; fi # the selftest, with its tools missing
echo "$label: $N_PASS passed, $N_FAIL failed, $N_SKIP skipped"
((N_FAIL == 0))
