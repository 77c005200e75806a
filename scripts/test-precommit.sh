#!/usr/bin/env bash
# Tests the pre-commit hooks with the real pre-commit tool, the way a team uses them: a throwaway
# git repository with a spec (sparkgen.yaml) and its rendered output (generated/), and
# `pre-commit run --all-files` with a config naming one variant of the two hooks. Three variants:
#   rust    sparkgen-validate, sparkgen-check of .pre-commit-hooks.yaml: pre-commit builds sparkgen
#           from this repository with cargo (language: rust)
#   system  sparkgen-validate-system, sparkgen-check-system: the sparkgen on PATH (the release
#           binary), with no cargo on PATH (language: system)
#   python  the hooks of pre-commit-mirror/ (language: python), with no cargo on PATH: pre-commit
#           pip-installs the mirror, whose dependency is sparkgen's wheel, found here in the folder
#           of the wheel scripts/lib.sh sg_wheel builds (PIP_FIND_LINKS) as it would be on the
#           package index once published
# and three cases each:
#   current  spec and output agree                  -> passes
#   invalid  the spec has a misspelt key            -> fails, and the diagnostic is shown
#   stale    the spec changed, output not rendered  -> fails (sparkgen-check), validate passes
# The first case of each variant installs its hook environment: its time is the hook's first run
# (for rust, on the quick profile below; README "pre-commit" has the measured figures).
#
# The hooks come from a snapshot of this repository as `pre-commit try-repo` takes it: HEAD plus
# the staged and modified tracked files; untracked files (a new hook file, a new source file) are
# not seen until they are added to git. The python variant's pip reaches the package index for the
# mirror's build backend (setuptools).
#
# pre-commit is installed (only when missing or re-pinned) into its own venv, venv-precommit
# (scripts/requirements/precommit.txt, built by scripts/lib.sh's sg_ensure_venv); the wheel needs
# maturin (venv-wheel). When either cannot be installed: skipped (exit 0) locally, a failure when
# CI=true.
# Environment: SPARKGEN_BIN (a sparkgen binary to render the throwaway output and run the system
#              hooks; default: build one), SPARKGEN_WHEEL (the wheel; default: build one),
#              SPARKGEN_PYTHON (default python3), SPARKGEN_HOOK_VARIANTS (default "rust system python").
# usage: scripts/test-precommit.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$SG_ROOT"
T0=$SECONDS

log() { sg_log "$@"; }

if ! VENV_BIN="$(sg_ensure_venv precommit)"; then
  if sg_is_ci; then
    log "test-precommit: FAILED: cannot install pre-commit (CI=true)"
    exit 1
  fi
  log "test-precommit: SKIPPED: cannot install pre-commit"
  echo "test-precommit: 0 passed, 0 failed, 9 skipped"
  exit 0
fi
PRE_COMMIT="$VENV_BIN/pre-commit"
"$PRE_COMMIT" --version

untracked="$(git -C "$ROOT" ls-files --others --exclude-standard -- .pre-commit-hooks.yaml \
  Cargo.toml Cargo.lock pyproject.toml pre-commit-mirror src templates)"
if [[ -n "$untracked" ]]; then
  log "warning: the hooks' snapshot does not see untracked files; git add them first:"
  log "$untracked"
fi

read -r -a VARIANTS <<<"${SPARKGEN_HOOK_VARIANTS:-rust system python}"
SG="$(sg_bin)" || exit 2
WHEEL=""
if [[ " ${VARIANTS[*]} " == *" python "* ]] && ! WHEEL="$(sg_wheel)"; then
  if sg_is_ci; then
    log "test-precommit: FAILED: no sparkgen wheel for the python hooks (CI=true)"
    exit 1
  fi
  log "test-precommit: the python hooks are SKIPPED: no sparkgen wheel (maturin missing?)"
  WHEEL=""
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export PRE_COMMIT_HOME="$WORK/pre-commit-home" PRE_COMMIT_COLOR=never
# pre-commit builds sparkgen with `cargo install` (the release profile) in a fresh store. A shared
# target directory lets later builds reuse the compiled dependencies, and a quick release profile
# (no LTO, no optimisation) cuts each build from minutes to seconds: what is tested is the hooks
# and sparkgen's behaviour, which the profile does not change.
export CARGO_TARGET_DIR="$SG_TOOLS/precommit-target"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

git_commit() { # DIR MESSAGE
  git -C "$1" add -A
  git -C "$1" -c user.name=test -c user.email=test@example.com commit --quiet --allow-empty -m "$2"
}

# This repository as try-repo would take it, and pre-commit-mirror/ as the repository it is
# published as.
SNAPSHOT="$WORK/sparkgen"
git clone --quiet "$ROOT" "$SNAPSHOT"
git -C "$ROOT" diff HEAD --binary >"$WORK/changes.patch"
if [[ -s "$WORK/changes.patch" ]]; then git -C "$SNAPSHOT" apply --binary "$WORK/changes.patch"; fi
git_commit "$SNAPSHOT" "snapshot of the working tree"
MIRROR="$WORK/sparkgen-pre-commit"
cp -r "$SNAPSHOT/pre-commit-mirror" "$MIRROR"
git -C "$MIRROR" init --quiet
git_commit "$MIRROR" "the mirror"

# The system hooks find sparkgen on PATH; neither they nor the python ones find cargo.
mkdir -p "$WORK/installed/bin"
ln -s "$SG" "$WORK/installed/bin/sparkgen"
NO_CARGO_PATH="$(sg_path_without_cargo)" || exit 1

# config VARIANT -> writes $WORK/VARIANT.yaml, the team's .pre-commit-config.yaml for it
config() {
  local repo ids
  case "$1" in
    rust) repo="$SNAPSHOT" ids=(sparkgen-validate sparkgen-check) ;;
    system) repo="$SNAPSHOT" ids=(sparkgen-validate-system sparkgen-check-system) ;;
    python) repo="$MIRROR" ids=(sparkgen-validate sparkgen-check) ;;
  esac
  {
    echo "repos:"
    echo "  - repo: $repo"
    echo "    rev: $(git -C "$repo" rev-parse HEAD)"
    echo "    hooks:"
    printf '      - id: %s\n' "${ids[@]}"
  } >"$WORK/$1.yaml"
}

# run_hooks VARIANT: pre-commit in the team repository, in the variant's environment.
run_hooks() {
  local cmd=("$PRE_COMMIT" run --all-files --color never -c "$WORK/$1.yaml")
  case "$1" in
    rust) (cd "$REPO" && "${cmd[@]}") ;;
    system) (cd "$REPO" && env PATH="$WORK/installed/bin:$NO_CARGO_PATH" "${cmd[@]}") ;;
    python) (cd "$REPO" && env PATH="$NO_CARGO_PATH" PIP_FIND_LINKS="$(dirname "$WHEEL")" "${cmd[@]}") ;;
  esac
}

REPO="$WORK/team-repo"
mkdir -p "$REPO"
git -C "$REPO" init --quiet
reset_team_repo() { # the seed spec and its rendered output, committed
  rm -rf "$REPO/generated"
  cp "$ROOT/examples/seed.yaml" "$REPO/sparkgen.yaml"
  (cd "$REPO" && "$SG" render sparkgen.yaml --target all --out generated 2>/dev/null)
  git_commit "$REPO" "spec and its rendered output"
}

passed=0 failed=0 skipped=0
# expect NAME VARIANT WANT_EXIT_ZERO(yes|no) GREP_PATTERN...: runs the hooks; every pattern must match.
expect() {
  local name="$1" variant="$2" want="$3" rc=0 out pattern ok=1 start=$SECONDS
  shift 3
  out="$(run_hooks "$variant" 2>&1)" || rc=$?
  if [[ "$want" == yes && $rc -ne 0 ]] || [[ "$want" == no && $rc -eq 0 ]]; then ok=0; fi
  for pattern in "$@"; do
    grep -qE -- "$pattern" <<<"$out" || { ok=0; log "  missing in output: $pattern"; }
  done
  # The hook output, minus pre-commit's installation notes.
  { grep -v '^\[INFO\]' <<<"$out" || true; } | sed 's/^/    | /'
  if ((ok)); then
    passed=$((passed + 1))
    echo "ok    $variant/$name (pre-commit exit $rc, $((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    echo "FAIL  $variant/$name (pre-commit exit $rc, $((SECONDS - start))s)"
    [[ -z "$out" ]] || awk '{ print "    # " $0 }' <<<"$out"
  fi
}

for variant in "${VARIANTS[@]}"; do
  if [[ "$variant" == python && -z "$WHEEL" ]]; then
    skipped=$((skipped + 3)); echo "skip  python (no wheel)"; continue
  fi
  config "$variant"
  reset_team_repo
  echo "$variant, case 1: output is current (the first run installs the hook environment)"
  expect current "$variant" yes '^sparkgen validate\.+Passed' '^sparkgen check\.+Passed'

  echo "$variant, case 2: invalid spec"
  sed -i 's/^glueNumberOfWorkers:/glueNumberOfWorker:/' "$REPO/sparkgen.yaml"
  git_commit "$REPO" "misspelt key"
  expect invalid "$variant" no '^sparkgen validate\.+Failed' 'sparkgen\.yaml:[0-9]+:[0-9]+' 'glueNumberOfWorkers'

  echo "$variant, case 3: spec edited, output not rendered"
  cp "$ROOT/examples/seed.yaml" "$REPO/sparkgen.yaml"
  sed -i 's/^glueNumberOfWorkers: 10$/glueNumberOfWorkers: 12/' "$REPO/sparkgen.yaml"
  git_commit "$REPO" "more workers, not rendered"
  expect stale "$variant" no '^sparkgen validate\.+Passed' '^sparkgen check\.+Failed' \
    '^stale: generated/terraform/main\.tf' '^\+ *number_of_workers *= 12'
done

echo "took $((SECONDS - T0))s"
echo "test-precommit: $passed passed, $failed failed, $skipped skipped"
((failed == 0))
