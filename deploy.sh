#!/usr/bin/env bash
# Builds the six Lambda functions and deploys the stack with Terraform.
# Run ./deploy.sh --help for the options.
set -euo pipefail

readonly ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly TF_DIR="$ROOT/infra-terraform"
readonly ARTIFACTS="$ROOT/artifacts"
readonly PUBLISH="$ROOT/out/publish"
readonly OVERRIDE="$TF_DIR/emulator_override.tf"
readonly DEFINITIONS="$ROOT/functions/providers"
readonly PLUGIN_MIRROR="${ENRICHMENT_TF_PLUGIN_MIRROR:-/opt/tf-plugins}"

# function name => project folder under functions/
readonly FUNCTIONS=(api split worker check-completion aggregate webhook)
declare -A PROJECTS=(
  [api]=Enrichment.Api
  [split]=Enrichment.Split
  [worker]=Enrichment.Worker
  [check-completion]=Enrichment.CheckCompletion
  [aggregate]=Enrichment.Aggregate
  [webhook]=Enrichment.Webhook
)

usage() {
  cat <<'EOF'
Usage: ./deploy.sh [options] [-- extra terraform plan arguments]

Builds functions/Enrichment.{Api,Split,Worker,CheckCompletion,Aggregate,Webhook}, zips each into
artifacts/<name>.zip (bootstrap at the root, the provider definitions of functions/providers/ in
providers/) and runs terraform init, plan and apply in infra-terraform/ with environments/<env>.tfvars.
Prints the API URL when done. A definition that is not valid JSON stops the build.

Options:
  --env NAME        environment: dev (default) or prod (any environments/NAME.tfvars works)
  --arch ARCH       x86_64 (default: Native AOT, linux-x64) or arm64 (self-contained ReadyToRun, linux-arm64)
  --skip-build      reuse the zips already in artifacts/
  --build-only      build and zip the functions, then stop (no terraform)
  --plan            stop after terraform plan
  --destroy         destroy the environment instead of deploying it
  --yes             do not ask before applying or destroying
  --endpoint URL    target an AWS emulator (for example moto) at URL with dummy credentials
                    (or set ENRICHMENT_DEPLOY_ENDPOINT)
  -h, --help        show this help

Each environment has its own Terraform workspace (emulator targets use emulator-<env>).
Running the script twice is safe: zips are byte-for-byte reproducible and Terraform converges.
EOF
}

die() {
  echo "deploy.sh: error: $*" >&2
  exit 1
}

info() {
  echo "==> $*" >&2
}

env_name=dev
arch=x86_64
skip_build=false
build_only=false
plan_only=false
destroy=false
assume_yes=false
endpoint="${ENRICHMENT_DEPLOY_ENDPOINT:-}"
extra_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --env)
      [[ $# -ge 2 && -n "$2" ]] || die "--env needs a value (dev or prod)"
      env_name="$2"; shift 2 ;;
    --env=*) env_name="${1#*=}"; shift ;;
    --arch)
      [[ $# -ge 2 && -n "$2" ]] || die "--arch needs a value (x86_64 or arm64)"
      arch="$2"; shift 2 ;;
    --arch=*) arch="${1#*=}"; shift ;;
    --endpoint)
      [[ $# -ge 2 && -n "$2" ]] || die "--endpoint needs a URL"
      endpoint="$2"; shift 2 ;;
    --endpoint=*) endpoint="${1#*=}"; shift ;;
    --skip-build) skip_build=true; shift ;;
    --build-only) build_only=true; shift ;;
    --plan) plan_only=true; shift ;;
    --destroy) destroy=true; shift ;;
    --yes | -y) assume_yes=true; shift ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra_args=("$@"); break ;;
    *) die "unknown argument '$1' (see ./deploy.sh --help)" ;;
  esac
done

case "$arch" in
  x86_64 | x64 | amd64) arch=x86_64; rid=linux-x64 ;;
  arm64 | aarch64) arch=arm64; rid=linux-arm64 ;;
  *) die "--arch must be x86_64 or arm64, not '$arch'" ;;
esac

[[ "$env_name" =~ ^[a-z][a-z0-9-]{0,11}$ ]] || die "--env must be a short lowercase name such as dev or prod, not '$env_name'"
readonly TFVARS="$TF_DIR/environments/$env_name.tfvars"
[[ -f "$TFVARS" ]] || die "no environment '$env_name': $TFVARS does not exist"
if [[ -n "$endpoint" && ! "$endpoint" =~ ^https?://[^[:space:]]+$ ]]; then
  die "--endpoint must be an http:// or https:// URL, not '$endpoint'"
fi
if $plan_only && $destroy; then
  die "--plan and --destroy cannot be combined"
fi
if $build_only && ($skip_build || $plan_only || $destroy); then
  die "--build-only cannot be combined with --skip-build, --plan or --destroy"
fi

need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is not installed or not on PATH ($2)"
}

$build_only || need terraform "https://developer.hashicorp.com/terraform/install"
if ! $skip_build && ! $destroy; then
  need dotnet "https://dotnet.microsoft.com/download (the .NET 10 SDK)"
  command -v python3 >/dev/null 2>&1 || command -v zip >/dev/null 2>&1 ||
    die "neither python3 nor zip is installed; one of them is needed to package the functions"
fi

work="$(mktemp -d)"
cleanup() {
  rm -rf "$work"
  # The override only ever describes an emulator: never leave it behind for a real deployment.
  rm -f "$OVERRIDE"
}
trap cleanup EXIT

# ---------------------------------------------------------------- build

# Zips a publish folder with fixed timestamps, so identical binaries give an identical zip (and no redeploy).
zip_dir() {
  local source="$1" target="$2"
  rm -f "$target"
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$source" "$target" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(source):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".pdb", ".dbg")):
                continue
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, source), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            # Unix mode in the high 16 bits: Lambda needs bootstrap executable.
            mode = 0o755 if name == "bootstrap" else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.create_system = 3
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
  else
    chmod 755 "$source/bootstrap"
    (cd "$source" && find . -type f ! -name '*.pdb' ! -name '*.dbg' -print0 | sort -z |
      xargs -0 touch -t 198001010000 && find . -type f ! -name '*.pdb' ! -name '*.dbg' | sort |
      sed 's|^\./||' | zip -X -q "$target" -@)
  fi
}

# HTTP provider definitions ship in every zip (functions/Directory.Build.props copies them): a broken one
# must stop the build here, not the first worker that loads it.
check_definitions() {
  [[ -d "$DEFINITIONS" ]] || return 0
  local file problem
  for file in "$DEFINITIONS"/*.json; do
    [[ -e "$file" ]] || continue
    if command -v python3 >/dev/null 2>&1; then
      problem="$(python3 - "$file" <<'PY'
import json, sys
try:
    with open(sys.argv[1], encoding="utf-8") as f:
        value = json.load(f)
except json.JSONDecodeError as e:
    print(f"is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})")
except ValueError:
    print("is not valid JSON (not UTF-8 text)")
else:
    if not isinstance(value, dict):
        print("is not a JSON object (a definition is one object)")
PY
)" || die "cannot check ${file#"$ROOT"/} with python3"
    elif command -v jq >/dev/null 2>&1; then
      problem=""
      jq -e 'type == "object"' "$file" >/dev/null 2>&1 || problem="is not valid JSON or not a JSON object"
    else
      die "python3 or jq is needed to check the provider definitions in functions/providers"
    fi
    [[ -z "$problem" ]] || die "${file#"$ROOT"/} $problem; fix it before packaging"
  done
}

# Every shipped definition must have reached providers/ of the publish folder (and so the zip).
check_published_definitions() {
  local name="$1" out="$2" file
  [[ -d "$DEFINITIONS" ]] || return 0
  for file in "$DEFINITIONS"/*.json; do
    [[ -e "$file" ]] || continue
    [[ -f "$out/providers/${file##*/}" ]] ||
      die "$name was published without providers/${file##*/} (functions/Directory.Build.props copies the definitions)"
  done
}

build() {
  local name project out
  check_definitions
  mkdir -p "$ARTIFACTS"
  for name in "${FUNCTIONS[@]}"; do
    project="$ROOT/functions/${PROJECTS[$name]}"
    [[ -d "$project" ]] || die "function project $project does not exist"
    out="$PUBLISH/$name"
    rm -rf "$out"
    info "publishing $name ($rid)"
    if [[ "$arch" == x86_64 ]]; then
      dotnet publish "$project" -c Release -r "$rid" -p:PublishAot=true -o "$out" --nologo -v quiet ||
        die "dotnet publish of $name failed"
    else
      # Native AOT cannot cross-compile to arm64 here: self-contained ReadyToRun instead.
      dotnet publish "$project" -c Release -r "$rid" --self-contained true -p:PublishAot=false \
        -p:PublishReadyToRun=true -o "$out" --nologo -v quiet || die "dotnet publish of $name failed"
    fi
    [[ -f "$out/bootstrap" ]] || die "$name published no executable named bootstrap (set AssemblyName to bootstrap)"
    check_published_definitions "$name" "$out"
    zip_dir "$out" "$ARTIFACTS/$name.zip"
  done
}

check_artifacts() {
  local name
  for name in "${FUNCTIONS[@]}"; do
    [[ -f "$ARTIFACTS/$name.zip" ]] || die "artifacts/$name.zip is missing; run without --skip-build first"
  done
}

# ---------------------------------------------------------------- terraform

configure_terraform() {
  # Machines without registry access carry the provider in a filesystem mirror. A CLI config named but
  # missing (TF_CLI_CONFIG_FILE=/root/.terraformrc with no such file) counts as none.
  if [[ ( -z "${TF_CLI_CONFIG_FILE:-}" || ! -f "${TF_CLI_CONFIG_FILE}" ) && -d "$PLUGIN_MIRROR" ]]; then
    export TF_CLI_CONFIG_FILE="$work/terraform.rc"
    cat >"$TF_CLI_CONFIG_FILE" <<EOF
provider_installation {
  filesystem_mirror {
    path = "$PLUGIN_MIRROR"
  }
}
EOF
  fi

  if [[ -n "$endpoint" ]]; then
    info "targeting the emulator at $endpoint"
    local services=(apigatewayv2 cloudwatch dynamodb iam kms lambda logs s3 sfn sns sqs sts)
    {
      echo "# Written by deploy.sh --endpoint; removed when it exits. Points every service at an emulator."
      echo 'provider "aws" {'
      echo '  access_key                  = "test"'
      echo '  secret_key                  = "test"'
      echo '  skip_credentials_validation = true'
      echo '  skip_requesting_account_id  = true'
      echo '  skip_metadata_api_check     = true'
      echo '  s3_use_path_style           = true'
      echo '  endpoints {'
      for s in "${services[@]}"; do
        printf '    %-12s = "%s"\n' "$s" "$endpoint"
      done
      echo '  }'
      echo '}'
    } >"$OVERRIDE"
  else
    rm -f "$OVERRIDE"
  fi
}

tf() {
  terraform -chdir="$TF_DIR" "$@"
}

# Plain output when it goes to a file or a CI log.
color=()
[[ -t 1 ]] || color=(-no-color)

confirm() {
  $assume_yes && return 0
  [[ -t 0 ]] || die "not asking on a non-interactive terminal: pass --yes to go ahead"
  local answer
  read -r -p "$1 environment '$env_name'? [y/N] " answer
  [[ "$answer" == y || "$answer" == yes ]] || die "cancelled"
}

# Destroy evaluates every zip path but never uploads code: stand-ins do when the real zips are gone.
destroy_artifacts() {
  local name missing=false
  for name in "${FUNCTIONS[@]}"; do
    [[ -f "$ARTIFACTS/$name.zip" ]] || missing=true
  done
  if ! $missing; then
    echo "$ARTIFACTS"
    return
  fi
  command -v python3 >/dev/null 2>&1 || command -v zip >/dev/null 2>&1 ||
    die "artifacts/ is incomplete and neither python3 nor zip is installed to make stand-ins for destroy"
  mkdir -p "$work/stand-in/bin" "$work/stand-in/zips"
  printf '#!/bin/sh\nexit 1\n' >"$work/stand-in/bin/bootstrap"
  for name in "${FUNCTIONS[@]}"; do
    zip_dir "$work/stand-in/bin" "$work/stand-in/zips/$name.zip"
  done
  echo "$work/stand-in/zips"
}

main() {
  if ! $destroy; then
    if $skip_build; then
      check_artifacts
    else
      build
    fi
  fi
  if $build_only; then
    info "built ${FUNCTIONS[*]} into $ARTIFACTS"
    return
  fi

  $destroy && confirm "Destroy"
  configure_terraform
  local workspace="$env_name"
  [[ -n "$endpoint" ]] && workspace="emulator-$env_name"
  local artifacts_dir="$ARTIFACTS"
  $destroy && artifacts_dir="$(destroy_artifacts)"
  local vars=(-var-file="$TFVARS" -var="artifacts_dir=$artifacts_dir" -var="architecture=$arch")
  local commit
  if commit="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)"; then
    vars+=(-var="git_commit=$commit")
  fi

  info "terraform init"
  tf init -input=false "${color[@]}" >/dev/null || die "terraform init failed"
  tf workspace select -or-create=true "$workspace" >/dev/null || die "cannot select workspace $workspace"

  if $destroy; then
    tf destroy -input=false "${color[@]}" -auto-approve "${vars[@]}" "${extra_args[@]}" || die "terraform destroy failed"
    info "destroyed $env_name"
    return
  fi

  info "terraform plan ($env_name, workspace $workspace)"
  tf plan -input=false "${color[@]}" "${vars[@]}" -out="$work/plan.tfplan" "${extra_args[@]}" || die "terraform plan failed"
  if $plan_only; then
    info "plan only: nothing applied"
    return
  fi

  confirm "Apply this plan to"
  tf apply -input=false "${color[@]}" "$work/plan.tfplan" || die "terraform apply failed"
  local url
  url="$(tf output -raw api_url)" || die "terraform output api_url failed"
  info "deployed $env_name"
  echo "API URL: $url"
}

main
