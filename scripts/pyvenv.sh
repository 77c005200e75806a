# shellcheck shell=bash
# Python tool venvs for scripts/deploy-moto.sh. Source it; defines functions.
#
# pyvenv_ensure NAME  ->  prints the bin dir of ${SPARKGEN_TOOLS:-~/.cache/sparkgen-tools}/venv-NAME,
# built from scripts/requirements/NAME.txt (+ NAME.constraints.txt, every package's frozen version)
# only when it is missing or the pins or the interpreter changed. PyPI is the only source.
# The layout and stamp are the ones scripts/lib.sh's sg_ensure_venv uses, so either may build a venv
# the other then reuses.

PYVENV_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYVENV_TOOLS="${SPARKGEN_TOOLS:-${HOME:-/root}/.cache/sparkgen-tools}"
PYVENV_PYTHON="${SPARKGEN_PYTHON:-python3}"

pyvenv_ensure() {
  local name="$1" req="$PYVENV_ROOT/scripts/requirements/$1.txt"
  local con="$PYVENV_ROOT/scripts/requirements/$1.constraints.txt"
  local venv="$PYVENV_TOOLS/venv-$name" want have pins=(-r "$req") files=("$req")
  [[ -f "$req" ]] || { echo "no requirements file $req" >&2; return 1; }
  if [[ -f "$con" ]]; then pins+=(-c "$con"); files+=("$con"); fi
  command -v "$PYVENV_PYTHON" >/dev/null 2>&1 || { echo "$PYVENV_PYTHON not found" >&2; return 1; }
  want="$({ cat "${files[@]}"; "$PYVENV_PYTHON" -c 'import sys; print(sys.executable, sys.version)'; } |
    sha256sum | cut -c1-16)"
  have="$(cat "$venv/.sparkgen-stamp" 2>/dev/null || true)"
  if [[ "$have" == "$want" && -x "$venv/bin/python" ]]; then
    printf '%s\n' "$venv/bin"
    return 0
  fi
  mkdir -p "$PYVENV_TOOLS"
  (
    flock -w 900 9 || { echo "timed out waiting for $PYVENV_TOOLS/$name.lock" >&2; exit 1; }
    have="$(cat "$venv/.sparkgen-stamp" 2>/dev/null || true)"
    [[ "$have" == "$want" && -x "$venv/bin/python" ]] && exit 0
    local start=$SECONDS log="$PYVENV_TOOLS/venv-$name.install.log"
    echo "tools: installing venv-$name from scripts/requirements/$name.txt (log: $log)" >&2
    rm -rf "$venv"
    if "$PYVENV_PYTHON" -m venv "$venv" >"$log" 2>&1 &&
      PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
        "$venv/bin/python" -m pip install --quiet --timeout 60 "${pins[@]}" >>"$log" 2>&1; then
      printf '%s\n' "$want" >"$venv/.sparkgen-stamp"
      echo "tools: venv-$name ready in $((SECONDS - start))s" >&2
    else
      echo "tools: installing venv-$name FAILED after $((SECONDS - start))s; last lines of $log:" >&2
      tail -n 20 "$log" >&2
      rm -rf "$venv"
      exit 1
    fi
  ) 9>"$PYVENV_TOOLS/$name.lock" || return 1
  printf '%s\n' "$venv/bin"
}
