#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) and installs one group of pinned tools into it:
#
#   tests/scripts/venv.sh dev|test|deploy
#
# dev: moto (make dev); test: moto, cfn-lint, the SAM CLI, schemathesis (make test); deploy:
# cargo-lambda, Zig, the SAM CLI (make lambda). Groups share the venv: every version comes from
# python/constraints.txt, so installing one group never changes another's packages.
# Idempotent: a stamp per group records what was installed, so a second run costs nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
here="$root/tests/scripts/python"
group="${1:?usage: venv.sh dev|test|deploy}"
requirements="$here/$group.txt"
[ -f "$requirements" ] || { echo "venv.sh: no group '$group' (dev, test, deploy)" >&2; exit 2; }
venv="$root/.venv"
hash="$(cat "$here"/*.txt | sha256sum | cut -c1-16)"
stamp="$venv/.installed-$group-$hash"

if [ -f "$stamp" ]; then
  exit 0
fi
case "$group" in
  dev) echo "==> installing the Python tools for make dev into .venv (once: about 10 s, 140 MB)" ;;
  test) echo "==> installing the Python tools for make test into .venv (once: about 1 min, 430 MB)" ;;
  deploy) echo "==> installing cargo-lambda, Zig and the SAM CLI into .venv (once: about 1 min, 700 MB)" ;;
esac
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  -r "$requirements" -c "$here/constraints.txt"
rm -f "$venv"/.installed-"$group"-*
touch "$stamp"
