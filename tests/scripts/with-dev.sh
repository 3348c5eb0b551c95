#!/usr/bin/env bash
# Runs a command against a `make dev` of its own, on free ports: starts dev/run.sh, waits for the
# `export API=... SES=... TOKEN=...` line it prints when ready, runs that line as a reader pastes
# it, then the command; stops the instance (and everything it started) when the command ends.
#
#   tests/scripts/with-dev.sh -- COMMAND...      (make test-readme, make test-fuzz)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
[ "${1:-}" = "--" ] && shift

free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    tcp = socket.socket(); tcp.bind(("127.0.0.1", 0)); socks.append(tcp)
print(" ".join(str(s.getsockname()[1]) for s in socks))
PY
}
read -r API_PORT MOTO_PORT SES_PORT DNS_PORT <<<"$(free_ports 4)"
export API_PORT MOTO_PORT SES_PORT DNS_PORT
mkdir -p "$root/target/dev"
out="$root/target/dev/with-dev-$API_PORT.out"

setsid "$root/dev/run.sh" >"$out" 2>&1 &
dev_pid=$!
stop() {
  kill -INT -- "-$dev_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$dev_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$dev_pid" 2>/dev/null || true
}
trap stop EXIT

line=""
for _ in $(seq 1 600); do
  line="$(grep -m1 '^export API=' "$out" || true)"
  [ -n "$line" ] && break
  if ! kill -0 "$dev_pid" 2>/dev/null; then
    echo "with-dev: make dev stopped before it was ready:" >&2
    cat "$out" >&2
    exit 1
  fi
  sleep 0.1
done
if [ -z "$line" ]; then
  echo "with-dev: make dev printed no export line within 60 s:" >&2
  cat "$out" >&2
  exit 1
fi
eval "$line"
echo "with-dev: make dev on API_PORT=$API_PORT MOTO_PORT=$MOTO_PORT SES_PORT=$SES_PORT DNS_PORT=$DNS_PORT (output: ${out#"$root"/})"
set +e
"$@"
status=$?
set -e
if [ "$status" != 0 ]; then
  echo "with-dev: the make dev instance's last output:" >&2
  tail -n 30 "$out" >&2
else
  rm -f "$out"
fi
exit "$status"
