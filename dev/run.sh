#!/usr/bin/env bash
# `make dev`: checks the settings and that every port is free (before it starts anything), then
# runs moto and the SES stand-in (tests/scripts/local-aws.sh) around the dev server.
#
#   API_PORT=3000 MOTO_PORT=5055 SES_PORT=5056 DNS_PORT=5053 dev/run.sh     (the defaults)
#
# Each instance keeps its logs in target/dev/api-<API_PORT>/, so a second `make dev` on other
# ports never touches the first one's files. Everything lives in memory: stopping it forgets it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
server="$root/target/debug/dev-server"

"$server" check

export PLATFORM_DOMAIN="${PLATFORM_DOMAIN:-mail.platform.test}"
# The platform's own identity exists verified in the stand-in from the start, and again after
# every /_local/reset, as its operator's identity does in real SES.
export SES_STANDIN_PREVERIFIED="$PLATFORM_DOMAIN"
# The account-wide SES budget runs locally as deployed (one call a second), but one local user
# clicking through the screen or the README walk may outrun a tenant's share: allow more.
export SES_BUDGET_TENANT_PER_MINUTE="${SES_BUDGET_TENANT_PER_MINUTE:-120}"
export SES_BUDGET_TENANT_BURST="${SES_BUDGET_TENANT_BURST:-20}"
export LOCAL_AWS_LOGS="$root/target/dev/api-${API_PORT:-3000}"
rm -rf "$LOCAL_AWS_LOGS"

cat <<INFO
Starting local AWS (logs in ${LOCAL_AWS_LOGS#"$root"/}/):
  DynamoDB + Scheduler (moto)   http://127.0.0.1:${MOTO_PORT:-5055}
  SESv2 stand-in                http://127.0.0.1:${SES_PORT:-5056}   (controls under /_local/, see tests/ses-standin/README.md)
  Its DNS zone                  127.0.0.1:${DNS_PORT:-5053}   (dig @127.0.0.1 -p ${DNS_PORT:-5053} <name> CNAME)
  Platform identity             $PLATFORM_DOMAIN (the stand-in starts with it verified; it survives /_local/reset)
Data lives in memory only. Ctrl-C stops everything.
INFO
exec "$root/tests/scripts/local-aws.sh" --fixed-ports -- "$server" serve
