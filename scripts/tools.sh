#!/usr/bin/env bash
# Install (only when missing or re-pinned) the tools the gates use, under
# ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}; the Python ones each in its own venv:
#   venv-lint     cfn-lint, check-jsonschema       (scripts/requirements/lint.txt)
#   venv-checkov  checkov, alone: it pins its own python-hcl2 (scripts/requirements/checkov.txt)
#   venv-wheel    maturin, which builds the Python wheel (scripts/requirements/wheel.txt)
# and, with npm ci from a committed lock file, in npm-NAME:
#   npm-cdk-nag   aws-cdk-lib, constructs, cdk-nag   (scripts/cdk-nag/package-lock.json)
#   npm-mermaid   mermaid, jsdom                     (scripts/mermaid/package-lock.json)
# usage: scripts/tools.sh [lint|checkov|wheel|cdk-nag|mermaid]...   (default: lint checkov cdk-nag mermaid)
# Prints NAME=DIR for each (a venv's bin dir; the npm folder holding node_modules);
# exits 1 if any could not be installed.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
names=("$@")
((${#names[@]})) || names=(lint checkov cdk-nag mermaid)
rc=0
for n in "${names[@]}"; do
  case "$n" in
    cdk-nag | mermaid) ensure=sg_ensure_npm ;;
    *) ensure=sg_ensure_venv ;;
  esac
  if bin="$("$ensure" "$n")"; then echo "$n=$bin"; else rc=1; fi
done
exit "$rc"
