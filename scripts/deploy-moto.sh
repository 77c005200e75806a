#!/usr/bin/env bash
# Deploy stage: each spec's rendered CloudFormation and Terraform, deployed to a local AWS emulator
# (moto's server, from PyPI) on 127.0.0.1 over TLS.
#
# usage: scripts/deploy-moto.sh [--keep] [SPEC...]
#        scripts/deploy-moto.sh [--keep] --rendered OUT_ROOT...
#   SPEC        default: examples/*.yaml and tests/fixtures/deploy/*.yaml (removalPolicy: destroy)
#   --rendered  deploy trees already written by `sparkgen render SPEC --target all --out OUT_ROOT`
#               (to show the stage fails on a broken output, say)
#   --keep      keep the work directory (rendered trees, Terraform state, logs) and print its path
# Environment: SPARKGEN_BIN (default: the release build, see scripts/lib.sh sg_bin), SPARKGEN_TOOLS (venv cache),
#   SPARKGEN_TF_PLUGIN_DIR (offline hashicorp/aws mirror, default /opt/tf-plugins).
#
# Per spec:
#   CloudFormation  the template is created as a stack and must reach CREATE_COMPLETE; every resource
#                   is either created by the stack or of a type scripts/deploy_moto.py names as one
#                   moto cannot model (then created through its own API from the template's
#                   properties); values are read back; the stack is deleted and DeletionPolicy
#                   Retain must have kept the buckets and key.
#   Terraform       a copy of the rendered configuration plus a generated moto_override.tf (provider
#                   endpoints and test credentials; the rendered files are never touched) is applied;
#                   the resources are read back through the AWS API and compared with the values the
#                   CloudFormation template states; then destroyed: with removalPolicy retain a plain
#                   destroy must refuse (prevent_destroy), the prevent_destroy resources are removed
#                   from state as the README documents, the rest is destroyed, and the buckets (with
#                   their settings) and key must still exist; with destroy, everything must be gone.
# The emulator is started here and always stopped (trap). Exit 1 when anything fails to create or
# read back, 2 on usage errors.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$SG_ROOT"
HELPER="$ROOT/scripts/deploy_moto.py"

KEEP=0
RENDERED=0
SPECS=()
while (($#)); do
  case "$1" in
    --keep) KEEP=1 ;;
    --rendered) RENDERED=1 ;;
    -h | --help) sed -n '2,/^[^#]/s/^# \{0,1\}//p' "$0"; exit 0 ;;
    -*) echo "deploy-moto.sh: unknown option $1" >&2; exit 2 ;;
    *) SPECS+=("$1") ;;
  esac
  shift
done
if ((${#SPECS[@]} == 0 && !RENDERED)); then
  shopt -s nullglob
  SPECS=("$ROOT"/examples/*.yaml "$ROOT"/tests/fixtures/deploy/*.yaml)
  shopt -u nullglob
fi
((${#SPECS[@]})) || { echo "deploy-moto.sh: no specs" >&2; exit 2; }

if ((!RENDERED)); then BIN="$(sg_bin)" || exit 2; fi
TF_MIRROR="${SPARKGEN_TF_PLUGIN_DIR:-/opt/tf-plugins}"
[[ -d "$TF_MIRROR" ]] || { echo "deploy-moto.sh: no Terraform provider mirror at $TF_MIRROR" >&2; exit 2; }
command -v terraform >/dev/null || { echo "deploy-moto.sh: terraform not found" >&2; exit 2; }

T0=$SECONDS
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sparkgen-deploy.XXXXXX")"
MOTO_PID=""
declare -A PIDS=()
descendants() { # PID -> every process below it
  local p
  for p in $(pgrep -P "$1" || true); do
    echo "$p"
    descendants "$p"
  done
}
stop_tree() { # PID: it and its descendants get TERM, and KILL if still there 10 s later
  local pids p alive
  pids="$1 $(descendants "$1")"
  # shellcheck disable=SC2086 # a list of pids
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 1 50); do
    alive=0
    for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || return 0
    sleep 0.2
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}
stop_emulator() {
  if [[ -n "$MOTO_PID" ]] && kill -0 "$MOTO_PID" 2>/dev/null; then
    kill "$MOTO_PID" 2>/dev/null || true
    wait "$MOTO_PID" 2>/dev/null || true
    echo "emulator stopped (pid $MOTO_PID)"
  fi
  MOTO_PID=""
}
cleanup() {
  local rc=$? pid
  for pid in "${PIDS[@]}"; do # Terraform runs still going (interrupted): stop them first
    if kill -0 "$pid" 2>/dev/null; then stop_tree "$pid"; fi
  done
  stop_emulator
  if ((KEEP)); then echo "deploy-moto.sh: kept $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

BIN_DIR="$(sg_ensure_venv deploy)" || { echo "deploy-moto.sh: cannot install the emulator" >&2; exit 1; }
PY="$BIN_DIR/python"
echo "moto $("$PY" -c 'import moto; print(moto.__version__)'), $(terraform version | head -n 1), provider mirror $TF_MIRROR"

# Never reach a real account: fixed test credentials, no profile, no instance metadata.
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN AWS_DEFAULT_PROFILE AWS_CONFIG_FILE AWS_SHARED_CREDENTIALS_FILE
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
export TF_CLI_CONFIG_FILE=/dev/null CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0

# ------------------------------------------------------------------ the emulator
mkdir -p "$WORK/tls" "$WORK/log"
"$PY" "$HELPER" cert "$WORK/tls"
CA="$WORK/tls/cert.pem"
# A fresh emulator process on a free port: an empty account. (moto's /moto-api/reset is not
# enough: buckets a stack retained survived it, and the Terraform apply then failed with
# BucketAlreadyExists.)
start_emulator() {
  local t0=$SECONDS
  PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  ENDPOINT="https://127.0.0.1:$PORT"
  MOTO_IAM_LOAD_MANAGED_POLICIES=true "$PY" "$HELPER" serve --port "$PORT" \
    --cert "$CA" --key "$WORK/tls/key.pem" >>"$WORK/log/moto.log" 2>&1 &
  MOTO_PID=$!
  for _ in $(seq 1 100); do
    if "$PY" -c 'import sys, urllib.request, ssl
urllib.request.urlopen(sys.argv[1] + "/moto-api/", context=ssl.create_default_context(cafile=sys.argv[2]), timeout=1)' \
      "$ENDPOINT" "$CA" 2>/dev/null; then break; fi
    kill -0 "$MOTO_PID" 2>/dev/null || { echo "emulator died:"; tail -n 20 "$WORK/log/moto.log"; exit 1; }
    sleep 0.2
  done
  echo "emulator up at $ENDPOINT (pid $MOTO_PID) after $((SECONDS - t0))s"
}
start_emulator
helper() { "$PY" "$HELPER" --endpoint "$ENDPOINT" --ca "$CA" "$@"; }

# ------------------------------------------------------------------ render
NAMES=()
for spec in "${SPECS[@]}"; do
  name="$(basename "$spec" .yaml)"
  if ((RENDERED)); then
    [[ -f "$spec/cloudformation/template.yaml" && -d "$spec/terraform" ]] ||
      { echo "deploy-moto.sh: $spec is not a rendered tree" >&2; exit 2; }
    NAMES+=("$name")
    mkdir -p "$WORK/render/$name" && cp -R "$spec/." "$WORK/render/$name/"
    rm -rf "$WORK/render/$name/terraform/.terraform" "$WORK/render/$name/terraform/"*.tfstate*
    continue
  fi
  "$BIN" render "$spec" --target all --out "$WORK/rendered/$name" 2>"$WORK/log/$name.render" ||
    { cat "$WORK/log/$name.render"; echo "FAIL $name: render"; exit 1; }
  # One tree, or one per environment: each deploys as its own stack, NAME-ENV.
  while IFS=$'\t' read -r label tree; do
    NAMES+=("${label//@/-}")
    mkdir -p "$WORK/render/${label//@/-}" && cp -R "$tree/." "$WORK/render/${label//@/-}/"
  done < <(sg_trees "$WORK/rendered/$name" "$name")
done

declare -A RESULT SECS
# ------------------------------------------------------------------ CloudFormation
for name in "${NAMES[@]}"; do
  start=$SECONDS
  echo "== $name: CloudFormation"
  if helper cloudformation --stack "$name" --template "$WORK/render/$name/cloudformation/template.yaml" \
    >"$WORK/log/$name.cfn" 2>&1; then
    RESULT[$name.cfn]=PASS
  else
    RESULT[$name.cfn]=FAIL
  fi
  sed 's/^/   /' "$WORK/log/$name.cfn"
  SECS[$name.cfn]=$((SECONDS - start))
done
# The Terraform deploys create the same names: a fresh emulator.
stop_emulator
start_emulator

# ------------------------------------------------------------------ Terraform
override() { # the provider pointed at the emulator; never written into the rendered tree
  local s
  printf 'provider "aws" {\n'
  printf '  region                      = "us-east-1"\n'
  printf '  access_key                  = "test"\n'
  printf '  secret_key                  = "test"\n'
  printf '  skip_credentials_validation = true\n'
  printf '  skip_metadata_api_check     = true\n'
  printf '  s3_use_path_style           = true\n'
  printf '  custom_ca_bundle            = "%s"\n' "$CA"
  printf '\n  endpoints {\n'
  for s in cloudwatch events glue iam kms logs s3 sns sts; do
    printf '    %-10s = "%s"\n' "$s" "$ENDPOINT"
  done
  printf '  }\n}\n'
}

# README "Removing a stack": the addresses `terraform state rm` takes before a destroy under retain.
README_RETAINED='^(aws_s3_bucket[a-z_]*\.(data|working|access_logs)|aws_kms_key\.data)$'

terraform_one() { # NAME: apply, read back, destroy; runs under set -e, output goes to its log
  local name="$1" dir="$WORK/tf/$1" tf keep left documented
  tf="$dir/terraform"
  rm -rf "$dir" && mkdir -p "$dir" && cp -R "$WORK/render/$name/." "$dir/"
  override >"$tf/moto_override.tf"
  tfrun() { # LOG ARGS...: terraform ARGS with its output in LOG, shown when it fails
    local log="$dir/$1.log"
    shift
    echo "+ terraform $*"
    terraform -chdir="$tf" "$@" >"$log" 2>&1 || { tail -n 40 "$log"; return 1; }
  }
  tfrun init init -input=false -no-color -plugin-dir="$TF_MIRROR"
  # With existingBucket the team's bucket is already in the account: the harness creates it bare.
  helper prepare --template "$dir/cloudformation/template.yaml"
  tfrun apply apply -input=false -no-color -auto-approve
  grep -E '^Apply complete' "$dir/apply.log"
  # Applied means stable: a second plan may change nothing (but what moto answers differently).
  tfrun replan plan -input=false -no-color -out="$dir/replan.tfplan"
  terraform -chdir="$tf" show -json "$dir/replan.tfplan" >"$dir/replan.json"
  helper replan "$dir/replan.json"
  terraform -chdir="$tf" output -json >"$dir/outputs.json"
  helper terraform-readback --template "$dir/cloudformation/template.yaml" --outputs "$dir/outputs.json"
  keep="$(helper prevent-destroy "$tf/main.tf")"
  if [[ -n "$keep" ]]; then
    if terraform -chdir="$tf" plan -destroy -refresh=false -input=false -no-color >"$dir/destroy-refused.log" 2>&1; then
      echo "FAIL: terraform destroy went through despite prevent_destroy"
      return 1
    fi
    grep -q "prevent_destroy" "$dir/destroy-refused.log" ||
      { cat "$dir/destroy-refused.log"; echo "FAIL: destroy failed for another reason"; return 1; }
    echo "  ok  terraform destroy refuses while the retained resources are in state"
    # The README's command picks them; it must pick exactly what carries prevent_destroy.
    documented="$(terraform -chdir="$tf" state list | grep -E "$README_RETAINED" | sort)"
    [[ "$documented" == "$(sort <<<"$keep")" ]] ||
      { echo "FAIL: the README's state rm list differs from prevent_destroy:"; diff <(echo "$documented") <(sort <<<"$keep"); return 1; }
    echo "  ok  the README's state rm command picks exactly the prevent_destroy resources"
    # shellcheck disable=SC2086 # one address per line
    tfrun state-rm state rm -no-color $documented
    echo "  ok  removed from state: ${keep//$'\n'/ }"
    tfrun destroy destroy -refresh=false -input=false -no-color -auto-approve
    grep -E '^Destroy complete' "$dir/destroy.log"
    helper after-destroy --template "$dir/cloudformation/template.yaml" --retained yes
  else
    tfrun destroy destroy -refresh=false -input=false -no-color -auto-approve
    grep -E '^Destroy complete' "$dir/destroy.log"
    helper after-destroy --template "$dir/cloudformation/template.yaml" --retained no
  fi
  left="$(terraform -chdir="$tf" state list | grep -v '^data\.' || true)"
  [[ -z "$left" ]] || { echo "FAIL: still in state after destroy: $left"; return 1; }
}

# The applies run side by side (each waits on the provider's S3 lifecycle consistency checks).
for name in "${NAMES[@]}"; do
  (
    set -eo pipefail
    start=$SECONDS
    trap 'echo "$((SECONDS - start))" >"$WORK/log/$name.tf.secs"' EXIT
    terraform_one "$name" >"$WORK/log/$name.tf" 2>&1
  ) &
  PIDS[$name]=$!
done
for name in "${NAMES[@]}"; do
  if wait "${PIDS[$name]}"; then RESULT[$name.tf]=PASS; else RESULT[$name.tf]=FAIL; fi
  SECS[$name.tf]="$(cat "$WORK/log/$name.tf.secs" 2>/dev/null || echo '?')"
  echo "== $name: Terraform"
  sed 's/^/   /' "$WORK/log/$name.tf"
done

# ------------------------------------------------------------------ summary
failed=0
echo
echo "deploy stage (moto $ENDPOINT), $((SECONDS - T0))s:"
for name in "${NAMES[@]}"; do
  for t in cfn tf; do
    printf '  %-4s %-16s %-15s %4ss\n' "${RESULT[$name.$t]}" "$name" \
      "$([[ $t == cfn ]] && echo CloudFormation || echo Terraform)" "${SECS[$name.$t]}"
    [[ "${RESULT[$name.$t]}" == PASS ]] || failed=$((failed + 1))
  done
done
echo "deploy: $((2 * ${#NAMES[@]} - failed)) passed, $failed failed"
((failed == 0))
