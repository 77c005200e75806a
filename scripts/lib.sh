# shellcheck shell=bash
# Helpers shared by scripts/*.sh and .ci/run. Source it; it defines functions only.
#
# Environment:
#   SPARKGEN_TOOLS          cache dir for tool venvs and npm installs (default ~/.cache/sparkgen-tools)
#   SPARKGEN_PYTHON         interpreter the venvs are made from (default python3)
#   SPARKGEN_TF_PLUGIN_DIR  offline Terraform provider mirror (default: discovered)
#   SPARKGEN_BIN            the sparkgen binary to run (default: the release build, built by sg_bin)
#   CI                      "true": a gate whose tool is missing fails instead of skipping

SG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SG_TOOLS="${SPARKGEN_TOOLS:-${HOME:-/root}/.cache/sparkgen-tools}"
SG_PYTHON="${SPARKGEN_PYTHON:-python3}"

sg_log() { printf '%s\n' "$*" >&2; }

sg_is_ci() { [[ "${CI:-}" == "true" || "${CI:-}" == "1" ]]; }

# sg_bin  ->  prints the sparkgen binary every script runs: $SPARKGEN_BIN when set (CI passes the
# one its build stage made), otherwise the release build, brought up to date first (a no-op when it
# is). Returns 1 (after printing why) when there is none.
sg_bin() {
  if [[ -n "${SPARKGEN_BIN:-}" ]]; then
    [[ -x "$SPARKGEN_BIN" ]] || { sg_log "SPARKGEN_BIN=$SPARKGEN_BIN is not an executable"; return 1; }
    realpath "$SPARKGEN_BIN"
    return 0
  fi
  sg_log "+ cargo build --release --locked"
  (cd "$SG_ROOT" && cargo build --release --locked --quiet) || { sg_log "cargo build failed"; return 1; }
  (cd "$SG_ROOT" && realpath "${CARGO_TARGET_DIR:-target}/release/sparkgen")
}

# sg_example_specs WHO  ->  prints every examples/*.yaml (${SPARKGEN_EXAMPLES_DIR:-examples}), one
# per line. Returns 1 (after printing why, as WHO) when there is none: a gate that checks nothing
# must not pass.
sg_example_specs() {
  local dir="${SPARKGEN_EXAMPLES_DIR:-$SG_ROOT/examples}" specs
  shopt -s nullglob
  specs=("$dir"/*.yaml)
  shopt -u nullglob
  ((${#specs[@]})) || { sg_log "$1: no *.yaml in $dir: nothing would be checked"; return 1; }
  printf '%s\n' "${specs[@]}"
}

# sg_trees DIR LABEL  ->  prints "LABEL<TAB>TREE" for each tree `sparkgen render SPEC --out DIR`
# wrote: DIR itself, or, for a spec with `environments`, each DIR/<env> as LABEL@<env>. A tree is a
# folder holding cloudformation/, terraform/ or glue/.
sg_trees() {
  local dir="$1" label="$2" sub
  _sg_is_tree() { [[ -d "$1/cloudformation" || -d "$1/terraform" || -d "$1/glue" ]]; }
  if _sg_is_tree "$dir"; then
    printf '%s\t%s\n' "$label" "$dir"
    return 0
  fi
  for sub in "$dir"/*/; do
    sub="${sub%/}"
    _sg_is_tree "$sub" && printf '%s\t%s\n' "$label@$(basename "$sub")" "$sub"
  done
  return 0
}

# sg_ensure_venv NAME  ->  prints the venv's bin dir; creates or rebuilds the venv
# from scripts/requirements/NAME.txt (+ NAME.constraints.txt, the frozen versions of
# everything it pulls in) only when it is missing or the pins (or the interpreter)
# changed. Returns 1 (after printing why) when it cannot.
sg_ensure_venv() {
  local name="$1" req="$SG_ROOT/scripts/requirements/$1.txt"
  local con="$SG_ROOT/scripts/requirements/$1.constraints.txt"
  local venv="$SG_TOOLS/venv-$name" want have pins=(-r "$req") files=("$req")
  [[ -f "$req" ]] || { sg_log "no requirements file $req"; return 1; }
  if [[ -f "$con" ]]; then pins+=(-c "$con"); files+=("$con"); fi
  command -v "$SG_PYTHON" >/dev/null 2>&1 || { sg_log "$SG_PYTHON not found"; return 1; }
  want="$({ cat "${files[@]}"; "$SG_PYTHON" -c 'import sys; print(sys.executable, sys.version)'; } |
    sha256sum | cut -c1-16)"
  have="$(cat "$venv/.sparkgen-stamp" 2>/dev/null || true)"
  if [[ "$have" == "$want" && -x "$venv/bin/python" ]]; then
    printf '%s\n' "$venv/bin"; return 0
  fi
  mkdir -p "$SG_TOOLS"
  (
    # One installer at a time per venv; a second caller waits, then re-checks.
    flock -w 900 9 || { sg_log "timed out waiting for $SG_TOOLS/$name.lock"; exit 1; }
    have="$(cat "$venv/.sparkgen-stamp" 2>/dev/null || true)"
    [[ "$have" == "$want" && -x "$venv/bin/python" ]] && exit 0
    local start=$SECONDS log="$SG_TOOLS/venv-$name.install.log"
    sg_log "tools: installing venv-$name from ${req#"$SG_ROOT"/} (log: $log)"
    rm -rf "$venv"
    if "$SG_PYTHON" -m venv "$venv" >"$log" 2>&1 &&
      PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
        "$venv/bin/python" -m pip install --quiet --timeout 60 "${pins[@]}" >>"$log" 2>&1; then
      printf '%s\n' "$want" >"$venv/.sparkgen-stamp"
      sg_log "tools: venv-$name ready in $((SECONDS - start))s"
    else
      sg_log "tools: installing venv-$name FAILED after $((SECONDS - start))s; last lines of $log:"
      tail -n 20 "$log" >&2
      rm -rf "$venv"
      exit 1
    fi
  ) 9>"$SG_TOOLS/$name.lock" || return 1
  printf '%s\n' "$venv/bin"
}

# sg_ensure_npm NAME  ->  prints the folder whose node_modules holds the Node packages pinned by
# scripts/NAME/package.json and its committed package-lock.json: $SG_TOOLS/npm-NAME, installed
# with `npm ci` (exact lock, no install scripts) only when missing or when the lock, package.json
# or the node version changed. npm's download cache goes to $SG_TOOLS/npm-cache. Returns 1
# (after printing why) when it cannot.
sg_ensure_npm() {
  local name="$1" src="$SG_ROOT/scripts/$1" dir="$SG_TOOLS/npm-$1" want have
  [[ -f "$src/package.json" && -f "$src/package-lock.json" ]] ||
    { sg_log "no $src/package.json and package-lock.json"; return 1; }
  command -v node >/dev/null 2>&1 || { sg_log "node not found"; return 1; }
  command -v npm >/dev/null 2>&1 || { sg_log "npm not found"; return 1; }
  want="$({ cat "$src/package.json" "$src/package-lock.json"; node --version; } | sha256sum | cut -c1-16)"
  have="$(cat "$dir/.sparkgen-stamp" 2>/dev/null || true)"
  if [[ "$have" == "$want" && -d "$dir/node_modules" ]]; then
    printf '%s\n' "$dir"; return 0
  fi
  mkdir -p "$SG_TOOLS"
  (
    # One installer at a time per folder; a second caller waits, then re-checks.
    flock -w 900 9 || { sg_log "timed out waiting for $SG_TOOLS/npm-$name.lock"; exit 1; }
    have="$(cat "$dir/.sparkgen-stamp" 2>/dev/null || true)"
    [[ "$have" == "$want" && -d "$dir/node_modules" ]] && exit 0
    local start=$SECONDS log="$SG_TOOLS/npm-$name.install.log"
    sg_log "tools: installing npm-$name from ${src#"$SG_ROOT"/}/package-lock.json (log: $log)"
    rm -rf "$dir" && mkdir -p "$dir" && cp "$src/package.json" "$src/package-lock.json" "$dir/"
    if (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --no-update-notifier \
      --cache "$SG_TOOLS/npm-cache" --loglevel=warn) >"$log" 2>&1; then
      printf '%s\n' "$want" >"$dir/.sparkgen-stamp"
      sg_log "tools: npm-$name ready in $((SECONDS - start))s"
    else
      sg_log "tools: installing npm-$name FAILED after $((SECONDS - start))s; last lines of $log:"
      tail -n 20 "$log" >&2
      rm -rf "$dir"
      exit 1
    fi
  ) 9>"$SG_TOOLS/npm-$name.lock" || return 1
  printf '%s\n' "$dir"
}

# sg_tf_platform -> e.g. linux_amd64 (what terraform looks for in a mirror)
sg_tf_platform() {
  local os arch
  os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    i?86) arch=386 ;;
    *) arch="$(uname -m)" ;;
  esac
  printf '%s_%s\n' "$os" "$arch"
}

# _sg_mirror_of FILE -> the plugin dir (mirror root) holding FILE, which is
# ROOT/HOST/hashicorp/aws/VERSION/PLATFORM/terraform-provider-aws_* (unpacked) or
# ROOT/HOST/hashicorp/aws/terraform-provider-aws_VERSION_PLATFORM.zip (packed).
_sg_mirror_of() { sed -E 's#/[^/]+/hashicorp/aws/.*$##' <<<"$1"; }

_sg_aws_provider_in() {
  local plat; plat="$(sg_tf_platform)"
  find "$1" \( -path "*/hashicorp/aws/*/$plat/terraform-provider-aws*" \
    -o -path "*/hashicorp/aws/terraform-provider-aws_*_$plat.zip" \) \
    -not -path '*/.terraform/*' -print -quit 2>/dev/null
}

# sg_tf_plugin_dir -> prints the offline provider mirror that has hashicorp/aws for
# this platform; 1 when none. Known places first, then a search of the disk.
sg_tf_plugin_dir() {
  local d hit
  for d in "${SPARKGEN_TF_PLUGIN_DIR:-}" /opt/tf-plugins "${HOME:-/root}/.terraform.d/plugins" \
    "${XDG_DATA_HOME:-${HOME:-/root}/.local/share}/terraform/plugins" \
    /usr/local/share/terraform/plugins /usr/share/terraform/plugins; do
    [[ -n "$d" && -d "$d" ]] || continue
    hit="$(_sg_aws_provider_in "$d")"
    [[ -n "$hit" ]] && { _sg_mirror_of "$hit"; return 0; }
  done
  hit="$(find / \( -path /proc -o -path /sys -o -path /dev -o -path /run -o -name .terraform \) -prune \
    -o \( -path "*/hashicorp/aws/*/$(sg_tf_platform)/terraform-provider-aws*" \
    -o -path "*/hashicorp/aws/terraform-provider-aws_*_$(sg_tf_platform).zip" \) -print 2>/dev/null | head -n 1)"
  [[ -n "$hit" ]] && { _sg_mirror_of "$hit"; return 0; }
  return 1
}

# sg_path_without_cargo  ->  prints $PATH without every folder that holds a `cargo` or `rustc`:
# what a machine with no Rust toolchain sees. Returns 1 when `cargo` is still found through it.
sg_path_without_cargo() {
  local dir out=() IFS=:
  for dir in $PATH; do
    [[ -n "$dir" && ! -x "$dir/cargo" && ! -x "$dir/rustc" ]] && out+=("$dir")
  done
  local path="${out[*]}"
  if PATH="$path" command -v cargo >/dev/null 2>&1; then
    sg_log "cargo is still on PATH without its folders: $(PATH="$path" command -v cargo)"
    return 1
  fi
  printf '%s\n' "$path"
}

# sg_wheel  ->  prints the path of sparkgen's wheel for this platform: $SPARKGEN_WHEEL when set,
# otherwise built with maturin (venv-wheel, scripts/requirements/wheel.txt) from the release
# profile into ${CARGO_TARGET_DIR:-target}/wheels, which reuses the release build when it is
# current. Returns 1 (after printing why) when it cannot.
sg_wheel() {
  if [[ -n "${SPARKGEN_WHEEL:-}" ]]; then
    [[ -f "$SPARKGEN_WHEEL" ]] || { sg_log "SPARKGEN_WHEEL=$SPARKGEN_WHEEL is not a file"; return 1; }
    realpath "$SPARKGEN_WHEEL"
    return 0
  fi
  local bin out version
  bin="$(sg_ensure_venv wheel)" || return 1
  out="$(cd "$SG_ROOT" && realpath -m "${CARGO_TARGET_DIR:-target}/wheels")"
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$SG_ROOT/Cargo.toml" | head -n 1)"
  rm -f "$out"/sparkgen-"$version"-*.whl
  sg_log "+ maturin build --release --locked --out $out"
  (cd "$SG_ROOT" && "$bin/maturin" build --release --locked --quiet --out "$out" >&2) ||
    { sg_log "maturin build failed"; return 1; }
  local wheels=("$out"/sparkgen-"$version"-*.whl)
  [[ -f "${wheels[0]}" ]] || { sg_log "maturin wrote no sparkgen-$version wheel to $out"; return 1; }
  printf '%s\n' "${wheels[0]}"
}
