#!/usr/bin/env bash
# The browser tests: real headless Chromium (Debian's `chromium`), driven by Playwright from
# PyPI, against a real dev server (moto + the SES stand-in + the API with its dev authorizer)
# on free ports; axe-core from npm checks accessibility. Screenshots go to target/screenshots/.
#
#   tests/browser/run.sh [pytest args...]     (make test runs it; needs `make tools` and `make build`)
#
# Nothing here downloads a browser: without Chromium it stops and says how to install it.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

chromium="${CHROMIUM:-}"
if [ -z "$chromium" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then chromium="$candidate"; break; fi
  done
fi
if [ -z "$chromium" ] || [ ! -x "$chromium" ]; then
  cat >&2 <<'MSG'
error: the browser tests need Chromium, and none was found (looked for /usr/bin/chromium,
/usr/bin/chromium-browser, and $CHROMIUM).
  Debian or Ubuntu, as root:   apt-get update && apt-get install -y chromium
  elsewhere:                   install Chromium or Chrome and run  CHROMIUM=/path/to/it make test
(Playwright's own browser download is not used: `playwright install` is not needed.)
MSG
  exit 1
fi

if ! command -v npm >/dev/null; then
  cat >&2 <<'MSG'
error: the browser tests need npm (Node.js) to install axe-core, the accessibility checker.
  Debian or Ubuntu, as root:   apt-get update && apt-get install -y npm
MSG
  exit 1
fi

# axe-core, pinned by tests/browser/package-lock.json, into tests/browser/node_modules.
lock="tests/browser/package-lock.json"
stamp="tests/browser/node_modules/.installed-$(sha256sum "$lock" | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "==> installing axe-core into tests/browser/node_modules (once)"
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

for binary in local-dev ses-standin; do
  [ -x "target/debug/$binary" ] || { echo "error: target/debug/$binary is missing: run make build" >&2; exit 1; }
done
[ -x .venv/bin/pytest ] || { echo "error: .venv has no pytest: run make tools" >&2; exit 1; }

export CHROMIUM="$chromium"
export SCREENSHOTS="$root/target/screenshots"
mkdir -p "$SCREENSHOTS"
exec tests/scripts/local-aws.sh -- tests/browser/with-dev-server.sh \
  .venv/bin/pytest tests/browser -p no:cacheprovider -q "$@"
