#!/usr/bin/env bash
# Tests .pre-commit-hooks.yaml with the real pre-commit tool, the way a team uses it: a throwaway
# git repository with a spec (sparkgen.yaml) and its rendered output (generated/), and
# `pre-commit try-repo <this repository> --all-files`, which builds sparkgen from this repository
# with cargo (language: rust) and runs both hooks. Three cases:
#   current  spec and output agree                  -> passes
#   invalid  the spec has a misspelt key            -> fails, and the diagnostic is shown
#   stale    the spec changed, output not rendered  -> fails (sparkgen-check), validate passes
#
# try-repo uses this repository's HEAD plus its staged and modified tracked files; untracked files
# (a new hook file, a new source file) are not seen until they are added to git.
#
# pre-commit is installed (only when missing or re-pinned) into its own venv, venv-precommit
# (scripts/requirements/precommit.txt, built by scripts/lib.sh's sg_ensure_venv).
# When it cannot be installed: skipped (exit 0) locally, a failure when CI=true.
# Environment: SPARKGEN_BIN (a sparkgen binary to render the throwaway output; default: build one),
#              SPARKGEN_PYTHON (default python3).
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
  echo "test-precommit: 0 passed, 0 failed, 3 skipped"
  exit 0
fi
PRE_COMMIT="$VENV_BIN/pre-commit"
"$PRE_COMMIT" --version

untracked="$(git -C "$ROOT" ls-files --others --exclude-standard -- .pre-commit-hooks.yaml Cargo.toml Cargo.lock src templates)"
if [[ -n "$untracked" ]]; then
  log "warning: try-repo does not see untracked files; git add them first:"
  log "$untracked"
fi

SG="$(sg_bin)" || exit 2

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export PRE_COMMIT_HOME="$WORK/pre-commit-home" PRE_COMMIT_COLOR=never
# pre-commit builds sparkgen with `cargo install` (the release profile) in a fresh store for every
# try-repo. A shared target directory lets later builds reuse the compiled dependencies, and a
# quick release profile (no LTO, no optimisation) cuts each build from minutes to seconds: what
# is tested is the hooks and sparkgen's behaviour, which the profile does not change.
export CARGO_TARGET_DIR="$SG_TOOLS/precommit-target"
export CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=256 \
  CARGO_PROFILE_RELEASE_OPT_LEVEL=0

REPO="$WORK/team-repo"
mkdir -p "$REPO"
cp "$ROOT/examples/seed.yaml" "$REPO/sparkgen.yaml"
git -C "$REPO" init --quiet
(cd "$REPO" && "$SG" render sparkgen.yaml --target all --out generated 2>/dev/null)

commit() { # MESSAGE
  git -C "$REPO" add -A
  git -C "$REPO" -c user.name=test -c user.email=test@example.com commit --quiet -m "$1"
}
commit "spec and its rendered output"

passed=0 failed=0
# expect NAME WANT_EXIT_ZERO(yes|no) GREP_PATTERN...: runs try-repo; every pattern must match.
expect() {
  local name="$1" want="$2" rc=0 out pattern ok=1 start=$SECONDS
  shift 2
  out="$(cd "$REPO" && "$PRE_COMMIT" try-repo "$ROOT" --all-files --color never 2>&1)" || rc=$?
  if [[ "$want" == yes && $rc -ne 0 ]] || [[ "$want" == no && $rc -eq 0 ]]; then ok=0; fi
  for pattern in "$@"; do
    grep -qE -- "$pattern" <<<"$out" || { ok=0; log "  missing in output: $pattern"; }
  done
  # The hook output, minus try-repo's config banner.
  sed -n '/^\[INFO\]/,$p' <<<"$out" | { grep -v '^\[INFO\]' || true; } | sed 's/^/    | /'
  if ((ok)); then
    passed=$((passed + 1))
    echo "ok    $name (pre-commit exit $rc, $((SECONDS - start))s)"
  else
    failed=$((failed + 1))
    echo "FAIL  $name (pre-commit exit $rc, $((SECONDS - start))s)"
    [[ -z "$out" ]] || awk '{ print "    # " $0 }' <<<"$out"
  fi
}

echo "case 1: output is current"
expect current yes '^sparkgen validate\.+Passed' '^sparkgen check\.+Passed'

echo "case 2: invalid spec"
sed -i 's/^glueNumberOfWorkers:/glueNumberOfWorker:/' "$REPO/sparkgen.yaml"
commit "misspelt key"
expect invalid no '^sparkgen validate\.+Failed' 'sparkgen\.yaml:[0-9]+:[0-9]+' 'glueNumberOfWorkers'

echo "case 3: spec edited, output not rendered"
cp "$ROOT/examples/seed.yaml" "$REPO/sparkgen.yaml"
sed -i 's/^glueNumberOfWorkers: 10$/glueNumberOfWorkers: 12/' "$REPO/sparkgen.yaml"
commit "more workers, not rendered"
expect stale no '^sparkgen validate\.+Passed' '^sparkgen check\.+Failed' \
  '^stale: generated/terraform/main\.tf' '^\+ *number_of_workers *= 12'

echo "took $((SECONDS - T0))s"
echo "test-precommit: $passed passed, $failed failed"
((failed == 0))
