#!/usr/bin/env bash
# Packs a release binary the way the release workflow attaches it (.github/workflows/release.yml):
#   OUT/sparkgen-vX.Y.Z-TARGET.tar.gz          sparkgen, README.md, CHANGELOG.md in sparkgen-vX.Y.Z-TARGET/
#   OUT/sparkgen-vX.Y.Z-TARGET.tar.gz.sha256   its SHA-256, in `sha256sum` format
# X.Y.Z is Cargo.toml's version. Runs on Linux and macOS (sha256sum or shasum).
# usage: scripts/package-release.sh BINARY TARGET OUT
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: scripts/package-release.sh BINARY TARGET OUT" >&2; exit 2; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$1" target="$2" out="$3"
[[ -x "$bin" ]] || { echo "package-release: $bin is not an executable" >&2; exit 2; }
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ROOT/Cargo.toml" | head -n 1)"
name="sparkgen-v$version-$target"
mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$bin" "$stage/$name/sparkgen"
cp "$ROOT/README.md" "$ROOT/CHANGELOG.md" "$stage/$name/"
tar -C "$stage" -czf "$out/$name.tar.gz" "$name"
sha256() { if command -v sha256sum >/dev/null; then sha256sum "$@"; else shasum -a 256 "$@"; fi; }
(cd "$out" && sha256 "$name.tar.gz" >"$name.tar.gz.sha256")
echo "$out/$name.tar.gz"
