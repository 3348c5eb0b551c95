#!/usr/bin/env bash
# The browser tests: real headless Chromium (Debian's `chromium`), driven by Playwright from
# PyPI, against a `make dev` of their own (moto + the SES stand-in + the API with its dev
# authorizer) on free ports (tests/scripts/with-dev.sh); axe-core from npm checks
# accessibility. Screenshots go to target/screenshots/.
#
#   tests/browser/run.sh [pytest args...]     (make test and make test-browser run it, after make build)
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

for binary in dev-server ses-standin; do
  [ -x "target/debug/$binary" ] || { echo "error: target/debug/$binary is missing: run make build" >&2; exit 1; }
done
[ -x .venv/bin/pytest ] || { echo "error: .venv has no pytest: run tests/scripts/venv.sh test" >&2; exit 1; }

export CHROMIUM="$chromium"
export SCREENSHOTS="$root/target/screenshots"
mkdir -p "$SCREENSHOTS"
export LOCAL_SWEEP_SECONDS=3600   # the tests press Verify Status themselves
export VERIFY_FRESH_SECONDS=1      # an address asked about within 1 s answers what is stored (default 60 s)
# The screen is driven faster than a person clicks; the SES budget has its own tests
# (functions/api/tests/ses_budget.rs), so here it only must not get in the way.
export SES_BUDGET_RATE_PER_SECOND=20 SES_BUDGET_TENANT_PER_MINUTE=1200 SES_BUDGET_TENANT_BURST=100
export RUST_LOG="${RUST_LOG:-warn}"
# The screen at $API/, the stand-in's controls at $SES (the export line make dev prints).
exec tests/scripts/with-dev.sh -- bash -c \
  'SCREEN_URL="$API" AWS_ENDPOINT_URL_SESV2="$SES" exec "$0" "$@"' \
  .venv/bin/pytest tests/browser -p no:cacheprovider -q "$@"
