#!/usr/bin/env bash
# vendor/tera is crates.io tera 1.20.1 plus vendor/tera.patch and nothing else: the patch, reversed,
# gives back exactly the upstream files, whose checksums vendor/tera.upstream.sha256 recorded from
# the crates.io crate. Run by scripts/test.sh. To move to a new upstream release: replace
# vendor/tera with the new crate, re-apply (or drop) the patch, record the new checksums.
# usage: scripts/check-vendor.sh
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VENDOR="$SG_ROOT/vendor"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

cp -R "$VENDOR/tera/." "$WORK/"
# git is there wherever the repository was cloned; `git apply` outside a repository works as patch(1).
(cd "$WORK" && git apply --reverse -p1 "$VENDOR/tera.patch") || {
  echo "check-vendor: vendor/tera.patch does not reverse cleanly on vendor/tera" >&2
  exit 1
}
if ! (cd "$WORK" && sha256sum --quiet --strict --check "$VENDOR/tera.upstream.sha256"); then
  echo "check-vendor: vendor/tera differs from tera 1.20.1 beyond vendor/tera.patch" >&2
  exit 1
fi
extra="$(comm -23 <(cd "$WORK" && find . -type f | sed 's|^\./||' | LC_ALL=C sort) \
  <(awk '{print $2}' "$VENDOR/tera.upstream.sha256" | LC_ALL=C sort))"
if [[ -n "$extra" ]]; then
  echo "check-vendor: files in vendor/tera that upstream does not have:" >&2
  echo "$extra" >&2
  exit 1
fi
echo "check-vendor: vendor/tera = crates.io tera 1.20.1 + vendor/tera.patch ($(grep -c '^diff ' "$VENDOR/tera.patch") files changed)"
