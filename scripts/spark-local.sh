#!/usr/bin/env bash
# The generated Glue scripts on a local Spark, without AWS or Glue (README, "The Glue script on your machine").
#
# For every spec in examples/ and tests/spark/ (or the specs given as arguments): render the PySpark target into a
# temporary folder, then, in a venv with the PySpark of the spec's Glue version and that version's
# Python, run scripts/spark_local_check.py on it: the script runs as `python SCRIPT --source IN
# --sink OUT` on a few generated rows and must write the expected rows in the sink format, with
# the spec's partition folders; the generated pytest file must pass, and fail on a copy whose
# transform() drops a row.
#
#   scripts/spark-local.sh [SPEC...]
#
# Environment:
#   SPARKGEN_BIN    sparkgen binary to use (default: the release build, see scripts/lib.sh sg_bin)
#   SPARKGEN_TOOLS  where tool venvs live (default ~/.cache/sparkgen-tools); each is created once
#   SPARK_LOCAL_MUTANT=0  skip the dropped-row check (saves one pytest run per spec)
#   CI=true         install a missing Java runtime with apt-get; any missing tool is an error
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT=$SG_ROOT
TOOLS=$SG_TOOLS
IN_CI=false
[ "${CI:-}" = true ] && IN_CI=true
STARTED=$SECONDS

say() { printf 'spark-local: %s\n' "$*" >&2; }
die() {
    say "error: $*"
    exit 1
}

# pytest releases by Python: 8.x needs Python 3.8 or later.
pytest_for() {
    case $1 in
    3.7) echo "pytest==7.4.4" ;;
    *) echo "pytest==8.3.5" ;;
    esac
}

java_major() {
    # `openjdk version "17.0.15"` -> 17; `java version "1.8.0_392"` -> 8
    java -version 2>&1 | sed -n 's/.* version "\([0-9][0-9._]*\).*/\1/p' | head -n1 |
        awk -F. '{ print ($1 == 1) ? $2 : $1 }'
}

ensure_java() {
    if ! command -v java >/dev/null 2>&1; then
        if [ "$IN_CI" = true ]; then
            say "no Java runtime: installing Debian's default headless JRE"
            apt-get update -qq >&2 || die "apt-get update failed"
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
                default-jre-headless >&2 || die "cannot install a Java runtime"
        else
            die "Spark needs a Java runtime (8, 11 or 17): install one, e.g. apt-get install default-jre-headless"
        fi
    fi
    JAVA_MAJOR=$(java_major)
    [ -n "$JAVA_MAJOR" ] || die "cannot read the Java version from \`java -version\`"
    say "Java $JAVA_MAJOR at $(command -v java)"
}

# The Java releases each Spark line runs on (Spark's own docs).
java_fits() {
    local spark=$1
    case $spark in
    3.1.*) [ "$JAVA_MAJOR" -eq 8 ] || [ "$JAVA_MAJOR" -eq 11 ] ;;
    3.3.*) [ "$JAVA_MAJOR" -eq 8 ] || [ "$JAVA_MAJOR" -eq 11 ] || [ "$JAVA_MAJOR" -eq 17 ] ;;
    3.5.*) [ "$JAVA_MAJOR" -eq 8 ] || [ "$JAVA_MAJOR" -eq 11 ] || [ "$JAVA_MAJOR" -eq 17 ] || [ "$JAVA_MAJOR" -eq 21 ] ;;
    *) true ;;
    esac
}

# The interpreter of the Glue version's Python: pythonX.Y on PATH, else a pyenv build of it. Each
# candidate must run and be that version (a pyenv shim for a version not selected does neither).
find_python() {
    local version=$1 candidate
    for candidate in "$(command -v "python$version" 2>/dev/null || true)" \
        "${PYENV_ROOT:-$HOME/.pyenv}/versions/$version".*/bin/"python$version"; do
        if [ -n "$candidate" ] && [ -x "$candidate" ] &&
            [ "$("$candidate" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" = "$version" ]; then
            echo "$candidate"
            return
        fi
    done
    return 1
}

# A venv with pyspark==$1 and pytest on Python $2, created once (stamped when complete).
ensure_venv() {
    local pyspark=$1 python_version=$2 python venv stamp want
    venv="$TOOLS/venv-pyspark-$pyspark-py$python_version"
    want="pyspark==$pyspark $(pytest_for "$python_version")"
    stamp="$venv/.sparkgen-stamp"
    mkdir -p "$TOOLS"
    (
        flock 9
        if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
            exit 0
        fi
        python=$(find_python "$python_version") ||
            die "PySpark $pyspark (Glue's Spark) needs Python $python_version, which is not installed: \
no package registry here ships CPython; install it with pyenv (pyenv install $python_version)"
        say "creating $venv ($want on $python)"
        rm -rf "$venv"
        "$python" -m venv "$venv" || die "cannot create $venv"
        # shellcheck disable=SC2086
        "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --use-pep517 $want >&2 ||
            die "cannot install $want"
        echo "$want" >"$stamp"
    ) 9>"$TOOLS/venv-pyspark-$pyspark-py$python_version.lock" || exit 1
    echo "$venv"
}

constant() { # NAME FILE: the value of a `NAME = "value"` line of a generated script
    sed -n "s/^$1 = \"\\(.*\\)\"\$/\\1/p" "$2" | head -n1
}

# check_job LABEL DIR WORK MUTANT: compiles one job's generated files on every Python found and runs
# its script and test on the Glue version's PySpark (spark_local_check.py), counting the outcome;
# MUTANT 1 also checks that a transform() dropping a row fails the generated test.
check_job() {
    local label=$1 dir=$2 work=$3 test_file script spark python_version glue venv version python
    local step_started=$SECONDS
    test_file=$(grep -l '^SAMPLE_ROWS = ' "$dir"/test_*.py | head -n1)
    script="$dir/$(sed -n 's/^SCRIPT = .*, "\(.*\)")$/\1/p' "$test_file")"
    spark=$(constant SPARK_VERSION "$script")
    python_version=$(constant PYTHON_VERSION "$script")
    glue=$(constant GLUE_VERSION "$script")
    if [ -z "$spark" ] || [ -z "$python_version" ]; then
        die "cannot read the runtime from $script"
    fi
    java_fits "$spark" || die "Spark $spark (Glue $glue) does not run on Java $JAVA_MAJOR"
    venv=$(ensure_venv "$spark" "$python_version")
    say "$label: Glue $glue -> PySpark $spark on Python $python_version"
    local compiled=()
    for version in 3.7 3.8 3.9 3.10 3.11 3.12 3.13; do
        python=$(find_python "$version") || continue
        "$python" -c 'import sys
for path in sys.argv[1:]:
    compile(open(path).read(), path, "exec")' "$dir"/*.py || die "$label: the script does not compile on Python $version"
        compiled+=("$version")
    done
    say "$label: compiles on Python ${compiled[*]:-(none found)}"
    local mutant=--mutant
    [ "${SPARK_LOCAL_MUTANT:-1}" = 0 ] || [ "$4" = 0 ] && mutant=
    mkdir -p "$work"
    if "$venv/bin/python" "$ROOT/scripts/spark_local_check.py" "$dir" "$work" $mutant; then
        passed=$((passed + 1))
        say "$label: ok ($((SECONDS - step_started)) s)"
    else
        failed=$((failed + 1))
        say "$label: FAILED ($((SECONDS - step_started)) s)"
    fi
}

BIN=$(sg_bin) || die "no sparkgen binary"

if [ $# -gt 0 ]; then
    SPECS=("$@")
else
    SPECS=("$ROOT"/examples/*.yaml "$ROOT"/tests/spark/*.yaml)
fi
[ -e "${SPECS[0]}" ] || die "no specs to check"

ensure_java
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spark-local.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export SPARK_LOCAL_IP=127.0.0.1 PYTHONDONTWRITEBYTECODE=1
# Short-lived JVMs start about twice as fast without the optimising JIT.
export JAVA_TOOL_OPTIONS="${JAVA_TOOL_OPTIONS:+$JAVA_TOOL_OPTIONS }-XX:TieredStopAtLevel=1"

passed=0
failed=0
for spec in "${SPECS[@]}"; do
    name=$(basename "$spec")
    name=${name%.*}
    out="$WORK/$name"
    say "== $name: rendering $spec"
    "$BIN" render "$spec" --target pyspark --out "$out/render" 2>"$out.render.log" || {
        cat "$out.render.log" >&2
        die "sparkgen render failed for $spec"
    }
    # One tree, or one per environment (name@env); in each, one job: glue/; several:
    # glue/<job>/, each job's script, test and README in its folder.
    while IFS=$'\t' read -r tree_label tree; do
        mapfile -t job_dirs < <(grep -l '^SAMPLE_ROWS = ' "$tree/glue"/test_*.py "$tree/glue"/*/test_*.py 2>/dev/null |
            xargs -r -n1 dirname | LC_ALL=C sort -u)
        [ "${#job_dirs[@]}" -gt 0 ] || die "$tree_label: no generated test under $tree/glue"
        # The generated test is one template for every job: its mutant run on the first job says
        # whether it catches a changed transform(); the other jobs run their script and test.
        first=1
        for job_dir in "${job_dirs[@]}"; do
            label=$tree_label
            [ "$job_dir" = "$tree/glue" ] || label="$tree_label/$(basename "$job_dir")"
            check_job "$label" "$job_dir" "$out/work/${tree_label//@/-}-$(basename "$job_dir")" "$first"
            first=0
        done
    done < <(sg_trees "$out/render" "$name")
done

say "$((SECONDS - STARTED)) s in all"
echo "spark-local: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
