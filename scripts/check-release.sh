#!/usr/bin/env bash
# Checks that the places that name sparkgen's version agree with Cargo.toml's `version`, the one
# source of truth (RELEASING.md):
#   pyproject.toml                 takes it from Cargo.toml (`dynamic = ["version"]`, no own version)
#   pre-commit-mirror/pyproject.toml   its version and its `sparkgen==` pin are Cargo.toml's
#   CHANGELOG.md                   has a `## [X.Y.Z]` section for it, or `## [Unreleased]`
#   schema/sparkgen.schema.json    its `$id` names the tag vX.Y.Z
#   schema/schemastore-catalog-entry.json   its `url` is the schema's `$id`
# With --tag vX.Y.Z (the release workflow): the tag is `v` + Cargo.toml's version, and CHANGELOG.md
# has that version's own section (Unreleased is not enough for a release).
# With --package BINARY: also packs BINARY with scripts/package-release.sh, verifies the archive
# against its checksum file as README "Installation" says, and runs the unpacked binary.
# With --tag and --notes: prints that version's CHANGELOG section (the release notes) instead.
# usage: scripts/check-release.sh [--tag vX.Y.Z [--notes]] [--package BINARY]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
tag="" notes=0 package=""
while (($#)); do
  case "$1" in
    --tag) tag="${2:-}"; shift 2 ;;
    --notes) notes=1; shift ;;
    --package) package="${2:-}"; shift 2 ;;
    *) echo "usage: scripts/check-release.sh [--tag vX.Y.Z [--notes]] [--package BINARY]" >&2; exit 2 ;;
  esac
done

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "Cargo.toml: no X.Y.Z version (found '$version')" >&2; exit 1; }

# section VERSION_OR_Unreleased -> the lines of that CHANGELOG section, without its heading
section() {
  awk -v want="## [$1]" 'index($0, want) == 1 { on = 1; next } /^## \[/ { on = 0 } on' CHANGELOG.md
}

if ((notes)); then
  [[ -n "$tag" ]] || { echo "--notes needs --tag" >&2; exit 2; }
  section "${tag#v}"
  exit 0
fi

failures=()
fail() { failures+=("$*"); }

# pyproject.toml: [project] has dynamic = ["version"] and no version of its own.
project="$(awk '/^\[project\]/ { on = 1; next } /^\[/ { on = 0 } on' pyproject.toml)"
grep -qE '^dynamic = \[.*"version".*\]' <<<"$project" ||
  fail 'pyproject.toml: [project] must say dynamic = ["version"] (maturin reads Cargo.toml)'
if grep -qE '^version *=' <<<"$project"; then fail "pyproject.toml: [project] sets its own version"; fi

mirror="$(cat pre-commit-mirror/pyproject.toml)"
grep -qx "version = \"$version\"" <<<"$mirror" ||
  fail "pre-commit-mirror/pyproject.toml: version is not $version"
grep -qF "\"sparkgen==$version\"" <<<"$mirror" ||
  fail "pre-commit-mirror/pyproject.toml: the dependency is not sparkgen==$version"

if ! grep -qE "^## \[($version|Unreleased)\]" CHANGELOG.md; then
  fail "CHANGELOG.md: no section '## [$version] - YYYY-MM-DD' or '## [Unreleased]'"
fi

id="$(sed -n 's/^  "\$id": "\(.*\)",$/\1/p' schema/sparkgen.schema.json | head -n 1)"
[[ "$id" == */v"$version"/schema/sparkgen.schema.json ]] ||
  fail "schema/sparkgen.schema.json: \$id '$id' does not name v$version (regenerate it: cargo run -- schema > schema/sparkgen.schema.json)"
grep -qF "\"url\": \"$id\"" schema/schemastore-catalog-entry.json ||
  fail "schema/schemastore-catalog-entry.json: url is not the schema's \$id $id"

if [[ -n "$tag" ]]; then
  [[ "$tag" == "v$version" ]] || fail "tag $tag is not v$version (Cargo.toml's version)"
  grep -qE "^## \[$version\] - [0-9]{4}-[0-9]{2}-[0-9]{2}$" CHANGELOG.md ||
    fail "CHANGELOG.md: no section '## [$version] - YYYY-MM-DD' for the release $tag"
fi

if [[ -n "$package" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  archive="$(scripts/package-release.sh "$package" local "$work/dist")"
  # What README "Installation" tells a user to run, in the folder of the download.
  if (cd "$work/dist" && sha256sum -c "$(basename "$archive").sha256" >/dev/null) &&
    tar -C "$work" -xzf "$archive" &&
    [[ "$("$work/sparkgen-v$version-local/sparkgen" --version)" == "sparkgen $version" ]]; then
    echo "ok    $(basename "$archive"): checksum verified, unpacked sparkgen --version is $version"
  else
    fail "the packed release binary did not verify or run"
  fi
fi

if ((${#failures[@]})); then
  printf 'check-release: %s\n' "${failures[@]}" >&2
  exit 1
fi
echo "check-release: version $version agrees in Cargo.toml, pyproject.toml, pre-commit-mirror/, CHANGELOG.md${tag:+, tag $tag} and the schema's \$id"
