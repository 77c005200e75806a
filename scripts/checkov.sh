#!/usr/bin/env bash
# checkov on sparkgen's CloudFormation and Terraform output: no failed check, no parsing error, and
# every skipped check skipped inline with its reason.
#
# usage: scripts/checkov.sh [OUT_ROOT...]
#   OUT_ROOT  a tree written by `sparkgen render SPEC --target all --out OUT_ROOT`
#   no OUT_ROOT: every examples/*.yaml is rendered with ${SPARKGEN_BIN:-target/release/sparkgen}
#             into a temporary directory first.
# checkov runs from its own venv (scripts/requirements/checkov-scan.txt, built on first use, ~1 min),
# on a copy of each tree, with --skip-download (it never calls Prisma Cloud).
# Prints each tree's "Passed checks: N, Failed checks: N, Skipped checks: N" per framework and the
# skips with their reasons; exits 1 when any tree fails, 2 on usage errors.
set -euo pipefail
# shellcheck source=scripts/pyvenv.sh
source "$(dirname "${BASH_SOURCE[0]}")/pyvenv.sh"
ROOT="$PYVENV_ROOT"

case "${1:-}" in -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;; -*) echo "checkov.sh: unknown option $1" >&2; exit 2 ;; esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-checkov.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

BIN_DIR="$(pyvenv_ensure checkov-scan)" || { echo "checkov.sh: cannot install checkov" >&2; exit 1; }
echo "checkov $("$BIN_DIR/checkov" --version)"

TREES=("$@")
if ((${#TREES[@]} == 0)); then
  bin="${SPARKGEN_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/sparkgen}"
  [[ -x "$bin" ]] || { echo "checkov.sh: $bin not found: cargo build --release, or set SPARKGEN_BIN" >&2; exit 2; }
  shopt -s nullglob
  specs=("$ROOT"/examples/*.yaml)
  shopt -u nullglob
  ((${#specs[@]})) || { echo "checkov.sh: no examples/*.yaml" >&2; exit 2; }
  for spec in "${specs[@]}"; do
    name="$(basename "$spec" .yaml)"
    "$bin" render "$spec" --target all --out "$WORK/render/$name" 2>/dev/null
    TREES+=("$WORK/render/$name")
  done
fi

failed=0
for tree in "${TREES[@]}"; do
  name="$(basename "$tree")"
  copy="$WORK/scan/$name" out="$WORK/out/$name"
  rm -rf "$copy" "$out" && mkdir -p "$copy" "$out"
  cp -R "$tree/." "$copy/"
  rm -rf "$copy/terraform/.terraform"
  rc=0
  "$BIN_DIR/checkov" -d "$copy" --framework cloudformation,terraform --skip-download \
    -o cli -o json --output-file-path "$out" >"$out.log" 2>&1 || rc=$?
  echo "== $name"
  if "$BIN_DIR/python" - "$out" "$rc" <<'PY'; then
import json, os, re, sys
out, rc = sys.argv[1], int(sys.argv[2])
bad = []
try:
    cli = open(os.path.join(out, "results_cli.txt")).read()
    runs = json.load(open(os.path.join(out, "results_json.json")))
except Exception as e:
    print("   checkov wrote no results (%s), exit %d" % (e, rc))
    sys.exit(1)
runs = runs if isinstance(runs, list) else [runs]
by_framework = {r.get("check_type"): r for r in runs}
for fw in ("cloudformation", "terraform"):
    r = by_framework.get(fw)
    if r is None:
        bad.append("no %s results: checkov found nothing to scan" % fw)
        continue
    s = r["summary"]
    print("   %-14s Passed checks: %d, Failed checks: %d, Skipped checks: %d, Parsing errors: %d"
          % (fw, s["passed"], s["failed"], s["skipped"], s["parsing_errors"]))
    for c in r["results"].get("failed_checks", []):
        bad.append("%s %s FAILED on %s (%s:%s)" % (fw, c["check_id"], c["resource"], c["file_path"], c["file_line_range"]))
    for c in r["results"].get("skipped_checks", []):
        why = (c.get("check_result") or {}).get("suppress_comment") or ""
        print("     skip %s %s: %s" % (c["check_id"], c["resource"], why or "(no reason)"))
        if why.strip() in ("", "No comment provided"):
            bad.append("%s %s on %s is skipped without a reason" % (fw, c["check_id"], c["resource"]))
    if s["failed"] or s["parsing_errors"]:
        bad.append("%s: %d failed, %d parsing errors" % (fw, s["failed"], s["parsing_errors"]))
if re.findall(r"Failed checks: (\d+)", cli) != ["0"] * len(re.findall(r"Failed checks: (\d+)", cli)):
    bad.append("checkov's own summary reports failed checks")
if rc != 0:
    bad.append("checkov exited %d" % rc)
for b in bad:
    print("   FAIL " + b)
sys.exit(1 if bad else 0)
PY
    echo "   PASS $name"
  else
    echo "   FAIL $name; the end of checkov's log:"
    tail -n 20 "$out.log" | sed 's/^/   | /'
    failed=$((failed + 1))
  fi
done
echo "checkov: $((${#TREES[@]} - failed)) passed, $failed failed"
((failed == 0))
