#!/usr/bin/env bash
# The API driven by an outside fuzzer, schemathesis (pinned in tests/scripts/python/test.txt),
# from the OpenAPI document the API serves: every phase (examples, coverage, fuzzing, and the
# stateful phase that follows the document's links from each create to the reads and actions
# on what it created), every check. Any finding fails `make test`.
#
# Runs inside tests/scripts/with-dev.sh, which provides API and TOKEN (an admin of tenant demo).
# Settings (checks, statuses, limits) are in schemathesis.toml beside this script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
: "${API:?run me through tests/scripts/with-dev.sh}" "${TOKEN:?}"
reports="$root/target/fuzz"
mkdir -p "$reports"
# schemathesis keeps its cache in the working directory: target/fuzz, not the source tree.
cd "$reports"
export FUZZ_HOOKS="$here/hooks.py"
exec "$root/.venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$API/openapi.json" \
  --url "$API" -H "Authorization: Bearer $TOKEN" \
  --report junit,ndjson --report-dir "$reports" \
  "$@"
