#!/usr/bin/env bash
# Install (only when missing or re-pinned) the Python tools the gates use, each in
# its own venv under ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}:
#   venv-lint     cfn-lint, check-jsonschema       (scripts/requirements/lint.txt)
#   venv-checkov  checkov, alone: it pins its own python-hcl2 (scripts/requirements/checkov.txt)
# usage: scripts/tools.sh [lint|checkov]...   (default: lint checkov)
# Prints NAME=BINDIR for each; exits 1 if any could not be installed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
names=("$@")
((${#names[@]})) || names=(lint checkov)
rc=0
for n in "${names[@]}"; do
  if bin="$(sg_ensure_venv "$n")"; then echo "$n=$bin"; else rc=1; fi
done
exit "$rc"
