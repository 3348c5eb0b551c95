#!/usr/bin/env bash
# Lints infra/template.yaml (or the template given as $1) offline: PyPI is the only network it
# may use, once, to install the tools.
#   1. the SAM transform, run locally by infra/translate.py: it checks what cfn-lint does not
#      on a SAM template (event sources, auth, properties SAM consumes);
#   2. cfn-lint on the SAM template and on the transformed CloudFormation, so the resources
#      SAM generates (roles, routes, permissions, subscriptions) are linted as well;
#   3. sam validate --lint (cfn-lint as the SAM CLI runs it);
#   4. checkov, the security scan: every failed check fails the script; the checks that do not
#      fit this service are skipped in the template itself (Metadata: checkov: skip), each
#      with its reason, so every exception is visible where the resource is;
#   5. infra/iam_check.py: each function's IAM grants against the AWS SDK calls its code makes,
#      both ways (missing and unused grants fail), then its self-test, which shows it fails on
#      altered copies of the template.
# Any error or warning fails the script. The pinned tools come from tests/scripts/venv.sh.
set -euo pipefail

REGION=us-east-1

root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.venv"
template="${1:-infra/template.yaml}"
cd "$root"
[ -f "$template" ] || { echo "infra/lint.sh: no template at $template" >&2; exit 1; }

# No usage telemetry. Note: the SAM CLI also asks PyPI for a newer version at most once a week;
# offline that check times out after 5 s and is ignored.
export SAM_CLI_TELEMETRY=0

"$root/tests/scripts/venv.sh" test  # the pinned tools: tests/scripts/python/test.txt

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
transformed="$workdir/template.transformed.json"

echo "==> SAM transform of $template (offline)"
"$venv/bin/python" infra/translate.py "$template" "$REGION" >"$transformed"

echo "==> cfn-lint $template and its transformed CloudFormation"
"$venv/bin/cfn-lint" --regions "$REGION" -- "$template" "$transformed"

echo "==> sam validate --lint $template"
"$venv/bin/sam" validate --lint --region "$REGION" -t "$template"

echo "==> checkov (security scan) $template"
# --skip-download: no guideline or policy download from Prisma Cloud (offline, no account).
"$venv/checkov/bin/checkov" --quiet --compact --skip-download \
  --framework cloudformation -f "$template"

echo "==> IAM grants against the SDK calls of each function"
"$venv/bin/python" infra/iam_check.py "$template"
"$venv/bin/python" infra/iam_check.py --self-test "$template" >/dev/null

echo "infra lint: OK"
