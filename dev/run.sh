#!/usr/bin/env bash
# Runs inside tests/scripts/local-aws.sh --fixed-ports (see `make dev`): verifies the
# platform's own sending identity in the SES stand-in, then serves the API on :3000.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
platform="${PLATFORM_DOMAIN:-mail.platform.test}"
ses="$AWS_ENDPOINT_URL_SESV2"

# The platform identity: created and verified once, so the default sender is green locally.
curl -fsS -o /dev/null -X POST "$ses/v2/email/identities" \
  -H 'content-type: application/json' -d "{\"EmailIdentity\":\"$platform\"}" 2>/dev/null || true
curl -fsS -o /dev/null -X POST "$ses/_local/identities/$platform/publish-records"
curl -fsS -o /dev/null "$ses/v2/email/identities/$platform"

cat <<INFO

Local AWS is running:
  DynamoDB + Scheduler (moto)   $AWS_ENDPOINT_URL
  SESv2 stand-in                $ses   (controls under $ses/_local/, see tests/ses-standin/README.md)
  Its DNS zone                  $SES_STANDIN_DNS   (dig @127.0.0.1 -p ${SES_STANDIN_DNS##*:} <name> CNAME)
  Platform identity             $platform (verified)
Ctrl-C stops everything.
INFO
exec "$root/target/debug/dev-server"
