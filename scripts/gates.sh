#!/usr/bin/env bash
# Output quality gates (README, "Security and parity" and "CI usage") on rendered sparkgen trees.
#
# usage: scripts/gates.sh [--checkov] [--only GATE,...] [--keep] [OUT_ROOT...]
#   OUT_ROOT  a tree written by `sparkgen render SPEC --target all --out OUT_ROOT`
#             (cloudformation/template.yaml, terraform/*.tf, glue/*.py).
#   no OUT_ROOT: render every examples/*.yaml (${SPARKGEN_EXAMPLES_DIR:-examples}; a spec with
#             environments gives a tree per environment, gated as EXAMPLE@ENV)
#             with the sparkgen binary (scripts/lib.sh sg_bin: $SPARKGEN_BIN, or the release build) into
#             a temp dir, twice, and also gate that both renders are byte-identical.
#   --checkov also run checkov on each tree (its venv installs from PyPI once, ~30 s).
#   --only    run just these gates (e.g. --only tf-fmt,tf-validate; checkov still
#             needs --checkov).
#   --keep    keep the temp dir (rendered trees, terraform workdirs) and print its path.
#
# Gates per tree: cfn-lint, tf-fmt, tf-validate, py-compile, py37-syntax
# [, checkov] [, render]. Prints PASS/FAIL/SKIP per gate per tree, a matrix, and
# exits 1 if any gate failed (2 on usage errors). A gate whose tool is missing
# FAILS when CI=true and otherwise is SKIPPED (tool missing), loudly.
# Rendered trees are never written to: terraform runs in a copy, Python caches
# go to the temp dir.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }

WANT_CHECKOV=0
KEEP=0
ONLY="" # ",gate,gate," or empty for all
ROOTS=()
while (($#)); do
  case "$1" in
    --checkov) WANT_CHECKOV=1 ;;
    --keep) KEEP=1 ;;
    --only) ONLY=",${2:?--only needs a list of gates},"; shift ;;
    --only=*) ONLY=",${1#--only=}," ;;
    -h | --help) usage; exit 0 ;;
    --) shift; ROOTS+=("$@"); break ;;
    -*) echo "gates.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
    *) ROOTS+=("$1") ;;
  esac
  shift
done

for g in ${ONLY//,/ }; do
  case "$g" in
    cfn-lint | tf-fmt | tf-validate | py-compile | py37-syntax | checkov) ;;
    *) echo "gates.sh: --only: unknown gate '$g'" >&2; exit 2 ;;
  esac
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-gates.XXXXXX")"
if ((KEEP)); then
  trap 'echo "gates.sh: kept $WORK" >&2' EXIT
else
  trap 'rm -rf "$WORK"' EXIT
fi

# Terraform: never touch the network, never nag, never prompt.
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# ---------------------------------------------------------------- bookkeeping
EXAMPLES=() # in the order given (or rendered)
declare -A TREE_LABEL=() # a rendered tree -> its label: the example, or example@env
# Every result is appended to $WORK/results as "example|gate|STATUS", so trees can
# be gated in parallel subshells; the matrix and counts are read from it at the end.
_record() { # _record EXAMPLE GATE STATUS [DETAIL_FILE|MESSAGE]
  local ex="$1" gate="$2" st="$3" detail="${4:-}"
  printf '%s|%s|%s\n' "$ex" "$gate" "$st" >>"$WORK/results"
  case "$st" in
    PASS | FAIL) printf '  %s  %-28s %s\n' "$st" "$ex" "$gate" ;;
    SKIP) printf '  SKIP  %-28s %s  *** SKIPPED (tool missing: %s) ***\n' "$ex" "$gate" "$detail" ;;
  esac
  if [[ "$st" == FAIL && -n "$detail" ]]; then
    if [[ ! -f "$detail" ]]; then printf '        | %s\n' "$detail"
    elif [[ -s "$detail" ]]; then sed -n '1,80s/^/        | /p' "$detail"
    else echo "        | (failed without printing anything)"; fi
  fi
}

# A gate's tool is missing: FAIL in CI, loud SKIP locally.
_missing() { # _missing EXAMPLE GATE WHAT
  if sg_is_ci; then _record "$1" "$2" FAIL "tool missing: $3 (CI=true makes this a failure)"
  else _record "$1" "$2" SKIP "$3"; fi
}

# _run LOG CMD... : run CMD with output captured in LOG; returns CMD's status.
_run() { local log="$1"; shift; "$@" >"$log" 2>&1; }

# ---------------------------------------------------------------- tools (resolved once)
CFN_LINT="" CHECKOV="" TF_MIRROR="" TF_CLI_CFG=""
resolve_tools() {
  local bin
  if bin="$(sg_ensure_venv lint)"; then CFN_LINT="$bin/cfn-lint"; fi
  if ((WANT_CHECKOV)) && bin="$(sg_ensure_venv checkov)"; then CHECKOV="$bin/checkov"; fi
  if command -v terraform >/dev/null 2>&1 && TF_MIRROR="$(sg_tf_plugin_dir)"; then
    # A CLI config that only knows the local mirror: even a stray command can't download.
    TF_CLI_CFG="$WORK/terraformrc"
    printf 'provider_installation {\n  filesystem_mirror {\n    path = "%s"\n  }\n}\n' "$TF_MIRROR" >"$TF_CLI_CFG"
    export TF_CLI_CONFIG_FILE="$TF_CLI_CFG"
  fi
  echo "tools:"
  echo "  cfn-lint    ${CFN_LINT:-MISSING} $([[ -n $CFN_LINT ]] && "$CFN_LINT" --version 2>/dev/null)"
  echo "  terraform   $(command -v terraform || echo MISSING) $(terraform version 2>/dev/null | head -n 1)"
  echo "  tf mirror   ${TF_MIRROR:-MISSING}"
  echo "  python3     $(command -v python3 || echo MISSING) $(python3 --version 2>&1)"
  if ((WANT_CHECKOV)); then
    echo "  checkov     ${CHECKOV:-MISSING} $([[ -n $CHECKOV ]] && "$CHECKOV" --version 2>/dev/null)"
  fi
}

# ---------------------------------------------------------------- gates
# Each gate: gate_NAME EXAMPLE DIR ; records exactly one result.

gate_cfn_lint() { # cfn-lint prints nothing and exits 0
  local ex="$1" t="$2/cloudformation/template.yaml" log="$WORK/log/$1.cfn-lint"
  [[ -f "$t" ]] || { _record "$ex" cfn-lint FAIL "missing $t"; return; }
  [[ -n "$CFN_LINT" ]] || { _missing "$ex" cfn-lint cfn-lint; return; }
  if _run "$log" "$CFN_LINT" -- "$t" && [[ ! -s "$log" ]]; then
    _record "$ex" cfn-lint PASS
  else
    _record "$ex" cfn-lint FAIL "$log"
  fi
}

gate_tf_fmt() { # terraform fmt finds nothing to change
  local ex="$1" d="$2/terraform" log="$WORK/log/$1.tf-fmt"
  [[ -d "$d" ]] || { _record "$ex" tf-fmt FAIL "missing $d"; return; }
  command -v terraform >/dev/null 2>&1 || { _missing "$ex" tf-fmt terraform; return; }
  if _run "$log" terraform fmt -check -recursive -diff -no-color "$d"; then
    _record "$ex" tf-fmt PASS
  else
    _record "$ex" tf-fmt FAIL "$log"
  fi
}

# The whole tree is copied, not just terraform/: main.tf may read ../glue/<script>.py
# (filemd5 of the script it uploads), and validate evaluates that.
gate_tf_validate() { # offline init (local mirror only) + validate, in a copy of the tree
  local ex="$1" d="$2/terraform" log="$WORK/log/$1.tf-validate" wd="$WORK/tf/$1/terraform"
  [[ -d "$d" ]] || { _record "$ex" tf-validate FAIL "missing $d"; return; }
  command -v terraform >/dev/null 2>&1 || { _missing "$ex" tf-validate terraform; return; }
  [[ -n "$TF_MIRROR" ]] || { _missing "$ex" tf-validate "terraform provider mirror with hashicorp/aws"; return; }
  rm -rf "$WORK/tf/$1" && mkdir -p "$WORK/tf/$1" && cp -R "$2/." "$WORK/tf/$1/" &&
    rm -rf "$wd/.terraform" "$wd/.terraform.lock.hcl"
  if ! _run "$log" terraform -chdir="$wd" init -backend=false -input=false -no-color \
    -plugin-dir="$TF_MIRROR"; then
    _record "$ex" tf-validate FAIL "$log"; return
  fi
  # Warnings fail too (as cfn-lint's do); SPARKGEN_TF_ALLOW_WARNINGS=1 lets them pass.
  terraform -chdir="$wd" validate -json -no-color >"$log.json" 2>>"$log" || true
  if grep -q '"valid": true' "$log.json" &&
    { grep -q '"warning_count": 0' "$log.json" || [[ "${SPARKGEN_TF_ALLOW_WARNINGS:-0}" == 1 ]]; }; then
    _record "$ex" tf-validate PASS
  else
    terraform -chdir="$wd" validate -no-color >"$log" 2>&1 || true # the human-readable form
    _record "$ex" tf-validate FAIL "$log"
  fi
}

_glue_scripts() { find "$1/glue" -maxdepth 2 -type f -name '*.py' 2>/dev/null | LC_ALL=C sort; }

gate_py_compile() { # python3 -m py_compile on every glue/*.py
  local ex="$1" log="$WORK/log/$1.py-compile" p scripts
  command -v python3 >/dev/null 2>&1 || { _missing "$ex" py-compile python3; return; }
  mapfile -t scripts < <(_glue_scripts "$2")
  ((${#scripts[@]})) || { _record "$ex" py-compile FAIL "no .py under $2/glue"; return; }
  : >"$log"
  local ok=1
  # The .pyc goes to the temp dir, not into the tree (only here: set globally it would
  # also make cfn-lint and checkov recompile all of their own modules on every run).
  for p in "${scripts[@]}"; do
    PYTHONPYCACHEPREFIX="$WORK/pycache" python3 -m py_compile "$p" >>"$log" 2>&1 || ok=0
  done
  if ((ok)); then _record "$ex" py-compile PASS; else _record "$ex" py-compile FAIL "$log"; fi
}

gate_py37_syntax() { # parses with the Python 3.7 grammar (Glue 3.0 runs 3.7)
  local ex="$1" log="$WORK/log/$1.py37-syntax" p scripts
  command -v python3 >/dev/null 2>&1 || { _missing "$ex" py37-syntax python3; return; }
  mapfile -t scripts < <(_glue_scripts "$2")
  ((${#scripts[@]})) || { _record "$ex" py37-syntax FAIL "no .py under $2/glue"; return; }
  : >"$log"
  local ok=1
  for p in "${scripts[@]}"; do
    python3 - "$p" >>"$log" 2>&1 <<'PY' || ok=0
import ast, sys
p = sys.argv[1]
try:
    ast.parse(open(p).read(), filename=p, feature_version=(3, 7))
except SyntaxError as e:
    print("%s:%s:%s: %s (with feature_version=(3, 7))" % (p, e.lineno, e.offset, e.msg))
    print("    " + (e.text or "").rstrip())
    sys.exit(1)
PY
  done
  if ((ok)); then _record "$ex" py37-syntax PASS; else _record "$ex" py37-syntax FAIL "$log"; fi
}

# ---- checkov gate: on with --checkov (.ci/run passes it when RUN_CHECKOV=1) ----
# Passes when checkov exits 0 and, for both the cloudformation and the terraform
# scan, reports "Failed checks: 0" and no parsing errors. Skips are allowed only
# inline in the generated output (CFN Metadata.checkov.skip / #checkov:skip=ID:REASON)
# and must carry a reason: a skip without one ("No comment provided") fails.
# Runs on a copy of the tree, with --skip-download so it never calls Prisma Cloud.
gate_checkov() {
  local ex="$1" log="$WORK/log/$1.checkov" wd="$WORK/checkov/$1" rc=0
  [[ -n "$CHECKOV" ]] || { _missing "$ex" checkov checkov; return; }
  rm -rf "$wd" "$wd.out" && mkdir -p "$wd"
  cp -R "$2/." "$wd/"
  rm -rf "$wd/terraform/.terraform"
  "$CHECKOV" -d "$wd" --framework cloudformation,terraform --compact --skip-download \
    -o cli -o json --output-file-path "$wd.out" >"$log.raw" 2>&1 || rc=$?
  if "$(dirname "$CHECKOV")/python" - "$wd.out" "$rc" >"$log" 2>&1 <<'PY'; then
import json, os, re, sys
out, rc = sys.argv[1], int(sys.argv[2])
bad = []
try:
    cli = open(os.path.join(out, "results_cli.txt")).read()
    runs = json.load(open(os.path.join(out, "results_json.json")))
except Exception as e:
    print("checkov wrote no results (%s); exit %d" % (e, rc)); sys.exit(1)
runs = runs if isinstance(runs, list) else [runs]
seen = {r.get("check_type") for r in runs}
for fw in ("cloudformation", "terraform"):
    if fw not in seen or "%s scan results:" % fw not in cli:
        bad.append("no %s scan results: checkov found nothing to scan" % fw)
counts = re.findall(r"Failed checks: (\d+)", cli)
if not counts or any(c != "0" for c in counts):
    bad.append("checkov reported Failed checks: %s" % ", ".join(counts or ["none"]))
for r in runs:
    fw, res, summ = r.get("check_type"), r.get("results", {}), r.get("summary", {})
    for c in sorted(res.get("failed_checks", []), key=lambda c: (c["check_id"], str(c.get("resource")))):
        lines = c.get("file_line_range") or ["?", "?"]
        print("FAILED  %s %s  %s  %s:%s-%s" % (fw, c["check_id"], c.get("resource"),
              c.get("file_path"), lines[0], lines[-1]))
        print("        %s" % c.get("check_name"))
    if summ.get("parsing_errors"):
        bad.append("%s: %s parsing error(s): %s" % (fw, summ["parsing_errors"], res.get("parsing_errors")))
    for c in sorted(res.get("skipped_checks", []), key=lambda c: (c["check_id"], str(c.get("resource")))):
        why = (c.get("check_result") or {}).get("suppress_comment") or ""
        print("skipped %s %s  %s: %s" % (fw, c["check_id"], c.get("resource"), why or "(no reason)"))
        if why.strip() in ("", "No comment provided"):
            bad.append("%s %s on %s is skipped without a reason" % (fw, c["check_id"], c.get("resource")))
if rc != 0:
    bad.append("checkov exited %d" % rc)
for b in bad:
    print("gates.sh: " + b)
sys.exit(1 if bad else 0)
PY
    _record "$ex" checkov PASS
    sed 's/^/        /' "$log" # the inline skips and their reasons
  else
    [[ -s "$log" ]] || tail -n 40 "$log.raw" >"$log"
    _record "$ex" checkov FAIL "$log"
  fi
}

run_gates() { # run_gates EXAMPLE DIR
  local ex="$1" dir="$2"
  local t0=$SECONDS
  echo "== $ex  ($dir)"
  local g
  for g in cfn-lint tf-fmt tf-validate py-compile py37-syntax checkov; do
    [[ "$g" != checkov ]] || ((WANT_CHECKOV)) || continue
    [[ -z "$ONLY" || "$ONLY" == *",$g,"* ]] || continue
    "gate_${g//-/_}" "$ex" "$dir"
  done
  echo "   ($ex: $((SECONDS - t0))s)"
}

# ---------------------------------------------------------------- render (no OUT_ROOT)
render_examples() {
  local bin spec ex log listed specs
  bin="$(sg_bin)" || exit 2
  listed="$(sg_example_specs gates.sh)" || exit 1
  mapfile -t specs <<<"$listed"
  echo "rendering ${#specs[@]} example(s) with $bin"
  for spec in "${specs[@]}"; do
    ex="$(basename "$spec" .yaml)"
    log="$WORK/log/$ex.render"
    if ! _run "$log" "$bin" render "$spec" --target all --out "$WORK/render/$ex"; then
      EXAMPLES+=("$ex")
      _record "$ex" render FAIL "$log"
      continue
    fi
    # Gate what it rendered, deterministic or not: one tree, or one per environment.
    local labels=() label tree
    while IFS=$'\t' read -r label tree; do
      ROOTS+=("$tree") TREE_LABEL["$tree"]="$label" labels+=("$label")
    done < <(sg_trees "$WORK/render/$ex" "$ex")
    ((${#labels[@]})) || { echo "gates.sh: $spec rendered no tree" >>"$log"; EXAMPLES+=("$ex"); _record "$ex" render FAIL "$log"; continue; }
    local status=PASS
    if ! _run "$log" "$bin" render "$spec" --target all --out "$WORK/render2/$ex"; then
      status=FAIL
    elif ! _run "$log" diff -r "$WORK/render/$ex" "$WORK/render2/$ex"; then
      echo "gates.sh: two renders of $spec differ (output must be deterministic)" >>"$log"
      status=FAIL
    fi
    for label in "${labels[@]}"; do _record "$label" render "$status" "$log"; done
  done
}

# ---------------------------------------------------------------- main
mkdir -p "$WORK/log"
resolve_tools
RENDERED=0
if ((${#ROOTS[@]} == 0)); then
  RENDERED=1
  render_examples
fi
# Gate the trees, up to $JOBS at a time; each tree's output is printed whole, in order.
JOBS="${SPARKGEN_GATES_JOBS:-2}"
declare -A SEEN=()
NAMES=() PIDS=()
NEXT=0 # index of the oldest tree not yet printed
_flush_one() {
  local rc=0 ex="${NAMES[$NEXT]}"
  wait "${PIDS[$NEXT]}" || rc=$?
  cat "$WORK/out/$ex.txt"
  # A gate that died half-way must not go uncounted.
  if ((rc != 0)); then _record "$ex" internal FAIL "gates.sh itself failed (exit $rc) while gating $ex"; fi
  NEXT=$((NEXT + 1))
}
for dir in "${ROOTS[@]}"; do
  [[ -d "$dir" ]] || { echo "gates.sh: $dir is not a directory" >&2; exit 2; }
done
mkdir -p "$WORK/out"
for dir in "${ROOTS[@]}"; do
  ex="${TREE_LABEL[$dir]:-$(basename "$dir")}"
  dir="$(cd "$dir" && pwd)"
  # Two trees with the same basename: tell them apart.
  if [[ -n "${SEEN[$ex]:-}" ]]; then ex="$ex#$((${#SEEN[@]} + 1))"; fi
  SEEN[$ex]=1
  [[ " ${EXAMPLES[*]} " == *" $ex "* ]] || EXAMPLES+=("$ex")
  run_gates "$ex" "$dir" >"$WORK/out/$ex.txt" 2>&1 &
  NAMES+=("$ex") PIDS+=($!)
  if ((${#PIDS[@]} - NEXT >= JOBS)); then _flush_one; fi
done
while ((NEXT < ${#PIDS[@]})); do _flush_one; done
if ((RENDERED == 0 && ${#ROOTS[@]} == 0)); then echo "gates.sh: no trees" >&2; exit 2; fi

declare -A RESULT=()
N_PASS=0 N_FAIL=0 N_SKIP=0
touch "$WORK/results"
while IFS='|' read -r ex gate st; do
  RESULT["$ex|$gate"]="$st"
  case "$st" in PASS) N_PASS=$((N_PASS + 1)) ;; FAIL) N_FAIL=$((N_FAIL + 1)) ;; SKIP) N_SKIP=$((N_SKIP + 1)) ;; esac
done <"$WORK/results"
GATES=()
for g in render cfn-lint tf-fmt tf-validate py-compile py37-syntax checkov internal; do
  grep -q "|$g|" "$WORK/results" && GATES+=("$g")
done

# Matrix: one row per example, one column per gate.
echo
printf '%-28s' example
for g in "${GATES[@]}"; do printf ' %-11s' "$g"; done
echo
for ex in "${EXAMPLES[@]}"; do
  printf '%-28s' "$ex"
  for g in "${GATES[@]}"; do printf ' %-11s' "${RESULT[$ex|$g]:--}"; done
  echo
done
echo
if ((N_SKIP)); then
  echo "*** $N_SKIP gate(s) SKIPPED because a tool is missing: these outputs were NOT checked ***"
fi
echo "gates: $N_PASS passed, $N_FAIL failed, $N_SKIP skipped"
((N_FAIL == 0))
