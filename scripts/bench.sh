#!/usr/bin/env bash
# Whole-process benchmark against the budget in the README ("Performance"); prints one table
#   figure | measured | budget | OK/OVER
# usage: scripts/bench.sh [--smoke] [--criterion]
#   --smoke      one run of each command, no thresholds: exits 0 unless a command fails (CI)
#   --criterion  also run `cargo bench --bench stages` and report its render-all/seed median
# Figures:
#   render (first write)  `render examples/seed.yaml --target all --out DIR`, DIR fresh each run:
#                         median wall time (hyperfine), budget 3 ms
#   render (unchanged)    the same into a DIR that already holds the output (every file
#                         "unchanged"), for information
#   plan                  `plan examples/seed.yaml --format json`: median, budget 3 ms
#   render 20 jobs        `render` of a generated 20-job pipeline (a workflow of chained jobs,
#                         others on their own schedules), --target all, first write: budget 5 ms
#   validate x1000        `validate` of 1,000 distinct valid specs in one process: median, 0.5 s
#   peak RSS              /usr/bin/time -v, largest of several runs: render 10 MiB; validate info
# Environment:
#   SPARKGEN_BIN          the binary to measure (default: `cargo build --release --locked`, then
#                         target/release/sparkgen)
#   BENCH_RUNS            hyperfine runs of the render figures (default 300; validate: 10)
#   CI                    "true": a missing hyperfine or GNU time is installed with apt-get, and
#                         fails the run when it cannot be; locally it is a loud SKIP
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; }

SMOKE=0 CRITERION=0
while (($#)); do
  case "$1" in
    --smoke) SMOKE=1 ;;
    --criterion) CRITERION=1 ;;
    -h | --help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

RUNS="${BENCH_RUNS:-300}" WARMUP=20 V_RUNS=10 V_WARMUP=2 RSS_RUNS=5
if ((SMOKE)); then RUNS=1 WARMUP=0 V_RUNS=1 V_WARMUP=0 RSS_RUNS=1; fi
SEED="$SG_ROOT/examples/seed.yaml"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-bench.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# ---------------------------------------------------------------- tools
# have_tool CMD PACKAGE: CMD is there, or (CI only) apt-get installs PACKAGE. Locally a missing
# tool is never installed behind the user's back: its figures are SKIPPED, loudly.
APT_UPDATED=0
have_tool() {
  local cmd="$1" pkg="$2"
  [[ -x "$cmd" ]] || command -v "$cmd" >/dev/null 2>&1 && return 0
  if sg_is_ci && command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]]; then
    sg_log "bench.sh: $cmd missing: apt-get install $pkg"
    if ((APT_UPDATED == 0)); then
      apt-get update -qq >&2 || true
      APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$pkg" >&2 || true
    [[ -x "$cmd" ]] || command -v "$cmd" >/dev/null 2>&1 && return 0
  fi
  return 1
}

MISSING=() # tools that are missing: their rows are SKIPPED locally, the run FAILS in CI
have_tool hyperfine hyperfine || MISSING+=(hyperfine)
have_tool /usr/bin/time time || MISSING+=("/usr/bin/time (GNU time)")
command -v python3 >/dev/null 2>&1 || MISSING+=(python3)
if ((${#MISSING[@]})); then
  if sg_is_ci; then
    echo "bench.sh: missing ${MISSING[*]} and could not install it (CI=true makes this a failure)" >&2
    exit 1
  fi
  echo "bench.sh: *** missing ${MISSING[*]}: the figures that need it are SKIPPED ***" >&2
  echo "bench.sh:     (apt-get install hyperfine time python3)" >&2
fi
missing() { [[ " ${MISSING[*]} " == *" $1"* ]]; }

# ---------------------------------------------------------------- binary
BIN="$(sg_bin)" || exit 2

# ---------------------------------------------------------------- 1,000 specs
# Distinct, valid, and as varied as the spec is: four Glue versions, worker types, encryption
# on and off, alarms to an email or a topic, source and sink, arguments, lifecycle, CORS, tags.
gen_specs() { # gen_specs DIR COUNT
  local dir="$1" n="$2" i v w
  local versions=(3.0 4.0 5.0 5.1) workers=(G.1X G.2X G.4X G.8X) formats=(json csv parquet)
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    v="${versions[i % 4]}" w="${workers[i % 4]}"
    {
      printf '# spec %d of %d\n' "$i" "$n"
      printf 'bucketName: bench-bucket-%04d\n' "$i"
      printf 'glueJobName: bench-job-%d\n' "$i"
      printf 'glueJobScript: s3://bench-bucket-%04d/jobs/job_%d.py\n' "$i" "$i"
      printf 'glueVersion: "%s"\nglueWorkerType: %s\n' "$v" "$w"
      printf 'glueNumberOfWorkers: %d\nglueTimeout: %d\n' $((2 + i % 200)) $((60 + i))
      printf 'enableEncryption: %s\nenableMetrics: %s\n' \
        "$( ((i % 2 == 0)) && echo true || echo false)" "$( ((i % 3 == 0)) && echo true || echo false)"
      printf 'alarmThresholds:\n  failedTasks: %d\n  memoryUtilization: %d\n  processingTime: %d\n' \
        $((i % 10)) $((50 + i % 50)) $((600 + i))
      printf 'tags:\n  team: team-%d\n  index: "%d"\n' $((i % 7)) "$i"
      if ((i % 3 == 0)); then
        printf 'environment: production\nmaxRetries: %d\nlogRetentionDays: 365\n' $((i % 11))
        printf 'alarmEmail: oncall-%d@example.com\n' "$i"
        printf 'customMetrics:\n  - glue.driver.aggregate.recordsRead\n'
        printf 'defaultArguments:\n  --source_prefix: raw/%d/\n' "$i"
        printf 'source:\n  path: s3://bench-bucket-%04d/raw/\n  format: %s\n' "$i" "${formats[i % 3]}"
        printf 'sink:\n  path: s3://bench-bucket-%04d/curated/\n  format: parquet\n' "$i"
        printf '  partitionKeys: [day]\n'
        printf 'lifecycleRules:\n  transitionToInfrequentAccessDays: %d\n' $((30 + i % 60))
        printf 'corsRules:\n  - allowedOrigins: ["https://app%d.example.com"]\n' "$i"
        printf '    allowedMethods: [GET, HEAD]\n'
      elif ((i % 3 == 1)); then
        printf 'alarmTopicArn: arn:aws:sns:eu-west-1:123456789012:alarms-%d\n' "$i"
      fi
    } >"$dir/spec-$(printf %04d "$i").yaml"
  done
}

# A 20-job pipeline: the first job scheduled, jobs 1-13 chained by `after` (some waiting for two),
# the rest on schedules of their own; each job with its own script, workers, source and sink.
gen_pipeline() { # gen_pipeline FILE
  local i
  {
    printf 'bucketName: bench-pipeline-lake\nglueJobName: step-00\n'
    printf 'glueJobScript: s3://bench-pipeline-lake/scripts/step_00.py\n'
    printf 'glueVersion: "5.0"\nglueNumberOfWorkers: 10\nschedule: cron(0 2 * * ? *)\n'
    printf 'enableEncryption: true\nalarmEmail: oncall@example.com\n'
    printf 'source:\n  path: s3://bench-pipeline-lake/raw/\n  format: csv\n'
    printf 'sink:\n  path: s3://bench-pipeline-lake/step-00/\n'
    printf 'jobs:\n'
    for ((i = 1; i < 20; i++)); do
      printf '  step-%02d:\n' "$i"
      if ((i < 14)); then
        if ((i > 1 && i % 3 == 0)); then
          printf '    after: [step-%02d, step-%02d]\n' $((i - 1)) $((i - 2))
        else
          printf '    after: [step-%02d]\n' $((i - 1))
        fi
      else
        printf '    schedule: cron(%d 4 ? * SUN *)\n' $((i * 2))
      fi
      printf '    glueJobScript: s3://bench-pipeline-lake/scripts/step_%02d.py\n' "$i"
      printf '    glueNumberOfWorkers: %d\n' $((2 + i))
      printf '    source:\n      path: s3://bench-pipeline-lake/step-%02d/\n      format: parquet\n' $((i - 1))
      printf '    sink:\n      path: s3://bench-pipeline-lake/step-%02d/\n' "$i"
    done
  } >"$1"
}

# ---------------------------------------------------------------- measuring
declare -a ROWS=() # "figure|measured|budget|status"
FAILED=0
row() { ROWS+=("$1|$2|$3|$4"); }

# verdict VALUE BUDGET -> OK / OVER (smoke: "smoke", no threshold); BUDGET "-" is information only
verdict() {
  if ((SMOKE)); then echo smoke
  elif [[ "$2" == - ]]; then echo info
  elif python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < float(sys.argv[2]) else 1)" "$1" "$2"; then echo OK
  else echo OVER; fi
}

# median_ms JSON -> the median of hyperfine's runs, in ms
median_ms() {
  python3 -c 'import json, statistics, sys
times = json.load(open(sys.argv[1]))["results"][0]["times"]
print("%.2f" % (statistics.median(times) * 1000))' "$1"
}

# hyper NAME ARGS... : hyperfine with --export-json to $WORK/NAME.json; a failing command fails the run
hyper() {
  local name="$1"; shift
  local iters=(--runs "$RUNS" --warmup "$WARMUP")
  if [[ "$name" == validate* ]]; then iters=(--runs "$V_RUNS" --warmup "$V_WARMUP"); fi
  if ! hyperfine -N --style basic "${iters[@]}" --export-json "$WORK/$name.json" "$@" >"$WORK/$name.log" 2>&1; then
    cat "$WORK/$name.log" >&2
    echo "bench.sh: hyperfine: a command failed ($name)" >&2
    FAILED=1
    return 1
  fi
  sed -n '/Time (/,/Range/p' "$WORK/$name.log" | sed 's/^/    /'
}

# peak_kib RUNS CMD... -> the largest "Maximum resident set size" of RUNS runs, in KiB
peak_kib() {
  local runs="$1" max=0 kib i
  shift
  for ((i = 0; i < runs; i++)); do
    if ! /usr/bin/time -f '%M' -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/time.err"; then
      cat "$WORK/time.err" >&2
      echo "bench.sh: failed: $*" >&2
      return 1
    fi
    kib="$(tail -n 1 "$WORK/time.out")"
    ((kib > max)) && max="$kib"
  done
  echo "$max"
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "bench.sh: $BIN"
echo "machine:  $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load:     $(load) (1, 5, 15 min) at start"
if ((SMOKE)); then echo "mode:     smoke (one run each, no thresholds)"; fi

OUT="$WORK/out"
RENDER=("$BIN" render "$SEED" --target all --out "$OUT")
if missing hyperfine; then
  row "render --target all, first write (median)" SKIPPED "3 ms" SKIP
  row "render --target all, unchanged (median)" SKIPPED - SKIP
else
  echo "render, first write: ${RENDER[*]}"
  if hyper render-first --prepare "rm -rf $OUT" "${RENDER[*]}"; then
    ms="$(median_ms "$WORK/render-first.json")"
    row "render --target all, first write (median)" "$ms ms" "3 ms" "$(verdict "$ms" 3)"
  fi
  echo "render, unchanged:"
  rm -rf "$OUT" && "${RENDER[@]}" 2>/dev/null
  if hyper render-unchanged "${RENDER[*]}"; then
    ms="$(median_ms "$WORK/render-unchanged.json")"
    row "render --target all, unchanged (median)" "$ms ms" - "$(verdict "$ms" -)"
  fi
fi
PLAN=("$BIN" plan "$SEED" --format json)
if missing hyperfine; then
  row "plan of the seed, JSON (median)" SKIPPED "3 ms" SKIP
else
  echo "plan: ${PLAN[*]}"
  if hyper plan-seed "${PLAN[*]}"; then
    ms="$(median_ms "$WORK/plan-seed.json")"
    row "plan of the seed, JSON (median)" "$ms ms" "3 ms" "$(verdict "$ms" 3)"
  fi
fi
PIPELINE="$WORK/pipeline.yaml"
gen_pipeline "$PIPELINE"
"$BIN" validate "$PIPELINE" >/dev/null || { echo "bench.sh: the generated pipeline is invalid" >&2; exit 2; }
PIPELINE_RENDER=("$BIN" render "$PIPELINE" --target all --out "$OUT")
if missing hyperfine; then
  row "render 20-job pipeline, first write (median)" SKIPPED "5 ms" SKIP
else
  echo "render, 20-job pipeline, first write: ${PIPELINE_RENDER[*]}"
  if hyper render-pipeline --prepare "rm -rf $OUT" "${PIPELINE_RENDER[*]}"; then
    ms="$(median_ms "$WORK/render-pipeline.json")"
    row "render 20-job pipeline, first write (median)" "$ms ms" "5 ms" "$(verdict "$ms" 5)"
  fi
fi
if missing /usr/bin/time; then
  row "render --target all, peak RSS" SKIPPED "10 MiB" SKIP
else
  rm -rf "$OUT"
  if kib="$(peak_kib "$RSS_RUNS" "${RENDER[@]}")"; then
    mib="$(python3 -c "print('%.1f' % ($kib / 1024))")"
    row "render --target all, peak RSS" "$mib MiB" "10 MiB" "$(verdict "$mib" 10)"
  else FAILED=1; fi
fi

SPECS="$WORK/specs"
gen_specs "$SPECS" 1000
# 1,000 paths on one command line (about 40 KiB: far below ARG_MAX).
mapfile -t SPEC_FILES < <(find "$SPECS" -name '*.yaml' | LC_ALL=C sort)
VALIDATE=("$BIN" validate "${SPEC_FILES[@]}")
if missing hyperfine; then
  row "validate x1000, one process (median)" SKIPPED "500 ms" SKIP
else
  echo "validate x1000: $BIN validate $SPECS/spec-0000.yaml ... spec-0999.yaml"
  if hyper validate-1000 "${VALIDATE[*]}"; then
    ms="$(median_ms "$WORK/validate-1000.json")"
    row "validate x1000, one process (median)" "$ms ms" "500 ms" "$(verdict "$ms" 500)"
  fi
fi
if missing /usr/bin/time; then
  row "validate x1000, peak RSS" SKIPPED - SKIP
elif kib="$(peak_kib "$RSS_RUNS" "${VALIDATE[@]}")"; then
  mib="$(python3 -c "print('%.1f' % ($kib / 1024))")"
  row "validate x1000, peak RSS" "$mib MiB" - "$(verdict "$mib" -)"
else FAILED=1; fi

if ((CRITERION)); then
  echo "+ cargo bench --bench stages -- render-all/seed"
  if (cd "$SG_ROOT" && cargo bench --locked --bench stages -- render-all/seed >&2); then
    est="${CARGO_TARGET_DIR:-$SG_ROOT/target}/criterion/render-all/seed/new/estimates.json"
    us="$(python3 -c 'import json, sys
print("%.1f" % (json.load(open(sys.argv[1]))["median"]["point_estimate"] / 1000))' "$est")"
    row "in-process render-all/seed (criterion median)" "$us us" "200 us" "$(verdict "$us" 200)"
  else
    FAILED=1
  fi
fi

echo "load:     $(load) (1, 5, 15 min) at end"
echo
printf '%-46s | %-11s | %-7s | %s\n' figure measured budget "OK/OVER"
printf '%s\n' "-----------------------------------------------+-------------+---------+--------"
over=0 skipped=0
for r in "${ROWS[@]}"; do
  IFS='|' read -r f m b s <<<"$r"
  printf '%-46s | %-11s | %-7s | %s\n' "$f" "$m" "$b" "$s"
  [[ "$s" != OVER ]] || over=$((over + 1))
  [[ "$s" != SKIP ]] || skipped=$((skipped + 1))
done
echo
if ((skipped)); then echo "bench.sh: *** $skipped figure(s) SKIPPED: a tool is missing (see above) ***"; fi
if ((FAILED)); then echo "bench.sh: FAILED (a command failed)"; exit 1; fi
if ((SMOKE)); then echo "bench.sh: smoke run passed (figures of one run each; no thresholds)"; exit 0; fi
if ((over)); then echo "bench.sh: $over figure(s) OVER budget"; exit 1; fi
if ((skipped)); then echo "bench.sh: the figures measured are within budget"; exit 0; fi
echo "bench.sh: every figure within budget"
