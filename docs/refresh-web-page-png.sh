#!/usr/bin/env bash
# Refreshes docs/web-page.png, the README's picture of the web page, from the browser test that
# takes it: the summary state of Page_PreviewsAList_RunsIt_AndDownloadsTheEnrichedFile
# (Debian's Chromium at 1100 px, driven by Playwright against `serve`; see the README's "Web page").
set -euo pipefail
cd "$(dirname "$0")/.."
project=tests/functions/Enrichment.Api.Web.Tests
name=Page_PreviewsAList_RunsIt_AndDownloadsTheEnrichedFile
# An old screenshot must not pass for a new one.
find "$project/bin" -path "*/web-screenshots/$name-4-summary.png" -delete 2>/dev/null || true
dotnet test "$project" --filter "FullyQualifiedName~$name"
shot=$(find "$project/bin" -path "*/web-screenshots/$name-4-summary.png" | head -n 1)
[ -n "$shot" ] || { echo "the test wrote no summary screenshot" >&2; exit 1; }
cp "$shot" docs/web-page.png
echo "docs/web-page.png <- $shot"
