#!/usr/bin/env bash
# Runs a command with local AWS around it: moto (DynamoDB, EventBridge Scheduler) and the
# project's SESv2 stand-in (with its DNS zone), all on loopback. Stops them when the command ends.
#
#   tests/scripts/local-aws.sh [--fixed-ports] -- COMMAND...
#
# --fixed-ports takes the ports from MOTO_PORT, SES_PORT and DNS_PORT (default 5055, 5056, 5053;
# make dev checks they are free first); otherwise free ports are picked (make test).
# Logs go to LOCAL_AWS_LOGS if set (make dev: one directory per instance), else to a fresh
# directory under target/local-aws/ that is removed when the command succeeds.
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
  moto_port="${MOTO_PORT:-5055}"; ses_port="${SES_PORT:-5056}"; dns_port="${DNS_PORT:-5053}"
else
  moto_port=$(free_port); ses_port=$(free_port); dns_port=$(free_port)
fi

if [ -n "${LOCAL_AWS_LOGS:-}" ]; then
  logs="$LOCAL_AWS_LOGS"; keep_logs=1
  mkdir -p "$logs"
else
  mkdir -p "$root/target/local-aws"
  logs="$(mktemp -d "$root/target/local-aws/run.XXXXXX")"; keep_logs=0
fi
pids=()
status=1
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$keep_logs" = 0 ] && [ "$status" = 0 ]; then rm -rf "$logs"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_for() { # url name pid: the process we started must be the one answering
  for _ in $(seq 1 150); do
    if ! kill -0 "$3" 2>/dev/null; then
      echo "error: $2 stopped while starting; its log:" >&2
      tail -n 20 "$logs/$4" >&2
      exit 1
    fi
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "error: $2 did not answer within 15 s; see $logs/$4" >&2
  exit 1
}

"$root/.venv/bin/python" "$root/tests/scripts/moto_server.py" -H 127.0.0.1 -p "$moto_port" >"$logs/moto.log" 2>&1 &
moto_pid=$!; pids+=("$moto_pid")
"$root/target/debug/ses-standin" --http "127.0.0.1:$ses_port" --dns "127.0.0.1:$dns_port" \
  >"$logs/ses-standin.log" 2>&1 &
ses_pid=$!; pids+=("$ses_pid")
wait_for "http://127.0.0.1:$moto_port/moto-api/" "moto" "$moto_pid" moto.log
wait_for "http://127.0.0.1:$ses_port/_local/clock" "the SES stand-in" "$ses_pid" ses-standin.log

export AWS_ENDPOINT_URL="http://127.0.0.1:$moto_port"
export AWS_ENDPOINT_URL_SESV2="http://127.0.0.1:$ses_port"
export SES_STANDIN_DNS="127.0.0.1:$dns_port"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_EC2_METADATA_DISABLED=true LOCAL_AWS_LOGS="$logs"
unset AWS_PROFILE
set +e
"$@"
status=$?
exit "$status"
