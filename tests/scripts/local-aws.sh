#!/usr/bin/env bash
# Runs a command with local AWS around it: moto (DynamoDB, EventBridge Scheduler) and the
# project's SESv2 stand-in (with its DNS zone), all on loopback. Stops them when the command ends.
#
#   tests/scripts/local-aws.sh [--fixed-ports] -- COMMAND...
#
# --fixed-ports uses moto 5055, SES 5056, DNS 5053 (make dev); otherwise free ports (make test).
# The command sees AWS_ENDPOINT_URL (moto), AWS_ENDPOINT_URL_SESV2 (the stand-in),
# SES_STANDIN_DNS (its DNS server) and test credentials, so the SDK reaches them with no
# "local" switch in production code.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
fixed=0
if [ "${1:-}" = "--fixed-ports" ]; then fixed=1; shift; fi
[ "${1:-}" = "--" ] && shift

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

if [ "$fixed" = 1 ]; then
  moto_port=5055; ses_port=5056; dns_port=5053
else
  moto_port=$(free_port); ses_port=$(free_port); dns_port=$(free_port)
fi

logs="$root/target/local-aws"
mkdir -p "$logs"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

wait_for() { # url name
  for _ in $(seq 1 100); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: $2 did not start; see $logs" >&2
  exit 1
}

"$root/.venv/bin/python" "$root/tests/scripts/moto_server.py" -H 127.0.0.1 -p "$moto_port" >"$logs/moto.log" 2>&1 &
pids+=($!)
"$root/target/debug/ses-standin" --http "127.0.0.1:$ses_port" --dns "127.0.0.1:$dns_port" \
  >"$logs/ses-standin.log" 2>&1 &
pids+=($!)
wait_for "http://127.0.0.1:$moto_port/moto-api/" "moto"
wait_for "http://127.0.0.1:$ses_port/_local/clock" "the SES stand-in"

export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
export AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$ses_port"
export SES_STANDIN_DNS="127.0.0.1:$dns_port"
# The product's DNS checks look at the stand-in's zone (DNS_RESOLVER; the system's otherwise).
export DNS_RESOLVER="$SES_STANDIN_DNS"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE
"$@"
