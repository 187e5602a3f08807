#!/usr/bin/env bash
# Refreshes the data files taken from elsewhere (see SOURCES.md) from their npm packages.
# Usage: shared/Enrichment.Core/Data/refresh.sh [psl-version] [disposable-version] [free-version] [nicknames-commit]
# Needs npm (node-free: the packages are only unpacked) and, for the nickname list, which is on no
# registry, curl and access to github.com. Review the diff before committing; after a nickname
# refresh, NicknamesTests names any selected pair (nicknames.csv) the new list no longer holds.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
psl="${1:-1.15.0}"
disposable="${2:-1.0.62}"
free="${3:-1.12.6}"
nicknames="${4:-21d75051c39cb022d145388d60c87dc30505228b}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "psl@$psl" "disposable-email-domains@$disposable" "free-email-domains@$free" >/dev/null
for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done

# psl ships the Public Suffix List (ICANN and private sections) as a JS array of rules.
{
  echo "// Public Suffix List rules (ICANN and private sections), one per line, from the npm package psl@$psl."
  echo "// This Source Code Form is subject to the terms of the Mozilla Public License, v. 2.0 (https://mozilla.org/MPL/2.0/)."
  sed -n 's/^ *"\(.*\)",\{0,1\}$/\1/p' "psl-$psl/package/data/rules.js"
} > "$here/public_suffix_list.dat"

python3 - "$work/disposable-email-domains-$disposable/package/index.json" "$here/disposable-domains.txt" \
  "$work/free-email-domains-$free/package/domains.json" "$here/free-domains.txt" <<'PY'
import json, sys
for source, target in ((sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])):
    with open(source, encoding="utf-8") as f:
        domains = sorted({d.strip().lower() for d in json.load(f) if d.strip()})
    with open(target, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(domains) + "\n")
PY
# carltonnorthern/nicknames (Apache-2.0) is carried unchanged, with its licence beside it.
base="https://raw.githubusercontent.com/carltonnorthern/nicknames/$nicknames"
curl -fsSL "$base/names.csv" -o "$work/names.csv"
curl -fsSL "$base/License.txt" -o "$work/License.txt"
head -n 1 "$work/names.csv" | grep -qx 'name1,relationship,name2' || { echo "names.csv has an unexpected header" >&2; exit 1; }
mv "$work/names.csv" "$here/nicknames.carltonnorthern.csv"
mv "$work/License.txt" "$here/nicknames.carltonnorthern.LICENSE"

echo "refreshed: psl $psl, disposable-email-domains $disposable, free-email-domains $free, nicknames $nicknames (update the commit in SOURCES.md)"
