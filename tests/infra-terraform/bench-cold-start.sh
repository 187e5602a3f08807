#!/usr/bin/env bash
# Cold-start benchmark of the function zips (a measurement, not a test; nothing fails on a slow figure).
#   tests/infra-terraform/bench-cold-start.sh            build both packagings, then measure
#   tests/infra-terraform/bench-cold-start.sh --skip-build   measure the zips already built
#   tests/infra-terraform/bench-cold-start.sh --aot-only     only what deploy.sh ships by default
# Native AOT linux-x64 zips come from ./deploy.sh --build-only (artifacts/). For comparison, the
# self-contained ReadyToRun packaging deploy.sh uses for --arch arm64 is built for linux-x64 (arm64
# cannot run here) into out/bench-r2r/. Each zip is unzipped and its bootstrap started 5 times against
# the fake Lambda Runtime API with its planned dev environment and the control table in moto; cold start is
# process start to the first answer of a real event. Prints a Markdown table.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
R2R="$ROOT/out/bench-r2r"
build=true
r2r=true
for arg in "$@"; do
  case "$arg" in
    --skip-build) build=false ;;
    --aot-only) r2r=false ;;
    -h | --help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench-cold-start.sh: unknown argument '$arg'" >&2; exit 1 ;;
  esac
done

declare -A PROJECTS=([api]=Enrichment.Api [split]=Enrichment.Split [worker]=Enrichment.Worker
  [check-completion]=Enrichment.CheckCompletion [aggregate]=Enrichment.Aggregate)

if $build; then
  "$ROOT/deploy.sh" --build-only
  if $r2r; then
    for name in "${!PROJECTS[@]}"; do
      echo "==> publishing $name (linux-x64, self-contained ReadyToRun)" >&2
      rm -rf "$R2R/$name"
      dotnet publish "$ROOT/functions/${PROJECTS[$name]}" -c Release -r linux-x64 --self-contained true \
        -p:PublishAot=false -p:PublishReadyToRun=true -o "$R2R/$name" --nologo -v quiet
      # Same layout as deploy.sh's zips: bootstrap executable at the root, no symbols.
      python3 - "$R2R/$name" "$R2R/$name.zip" <<'PY'
import os, sys, zipfile
source, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(source):
        for name in files:
            if name.endswith((".pdb", ".dbg")):
                continue
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo(os.path.relpath(path, source), date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100000 | (0o755 if name == "bootstrap" else 0o644)) << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
    done
  fi
fi

packages="Native AOT linux-x64=$ROOT/artifacts"
$r2r && packages+=";ReadyToRun self-contained linux-x64=$R2R"
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
ENRICHMENT_BENCH_PACKAGES="$packages" ENRICHMENT_BENCH_OUTPUT="$report" \
  dotnet test "$ROOT/tests/infra-terraform/Enrichment.Infra.Tests" --nologo -v quiet \
  --filter "TestCategory=ColdStartBenchmark" >&2
echo "Cold start, $(date -u +%Y-%m-%d), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg):"
cat "$report"
