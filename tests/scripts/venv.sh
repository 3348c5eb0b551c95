#!/usr/bin/env bash
# Creates the project-local Python venv (.venv) and installs the pinned Python tools into it.
# Idempotent: a stamp file records what was installed, so a second run costs nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$root/.venv"
requirements="$root/tests/scripts/requirements.txt"
stamp="$venv/.installed-$(sha256sum "$requirements" | cut -c1-16)"

if [ -f "$stamp" ]; then
  exit 0
fi
echo "==> installing Python tools into .venv (once, about 30 s)"
python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
rm -f "$venv"/.installed-*
touch "$stamp"
