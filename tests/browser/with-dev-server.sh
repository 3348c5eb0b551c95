#!/usr/bin/env bash
# Inside tests/scripts/local-aws.sh: starts the dev server (tests/scripts/dev.sh, as `make dev`
# does, but on a free port and with its own table), waits for it, runs the command with
# SCREEN_URL set, and stops the server.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
log="$root/target/local-aws/browser-dev-server.log"
export LOCAL_DEV_LISTEN="127.0.0.1:$port"
export TABLE_NAME="browser-tests-$port"
export LOCAL_SWEEP_SECONDS=3600   # the tests press Verify Status themselves
export RUST_LOG="${RUST_LOG:-warn}"
"$root/tests/scripts/dev.sh" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 150); do
  if curl -fsS -o /dev/null "http://$LOCAL_DEV_LISTEN/" 2>/dev/null; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then echo "error: the dev server stopped; see $log" >&2; cat "$log" >&2; exit 1; fi
  sleep 0.1
done
curl -fsS -o /dev/null "http://$LOCAL_DEV_LISTEN/" || { echo "error: the dev server did not answer; see $log" >&2; exit 1; }
export SCREEN_URL="http://$LOCAL_DEV_LISTEN"
"$@"
