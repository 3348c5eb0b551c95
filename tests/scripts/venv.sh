#!/usr/bin/env bash
# Creates the project-local Python venvs and installs the pinned Python tools into them:
#   .venv          tests/scripts/requirements.txt (moto, cfn-lint, aws-sam-cli, cargo-lambda)
#   .venv/checkov  tests/scripts/requirements-checkov.txt (checkov pins boto3 versions that
#                  aws-sam-cli excludes, so it cannot share one resolver pass with them)
# Idempotent: a stamp file per venv records what was installed, so a second run costs nothing.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"

install() { # <venv> <requirements>
  local venv="$1" requirements="$2"
  local stamp="$venv/.installed-$(sha256sum "$requirements" | cut -c1-16)"
  [ -f "$stamp" ] && return 0
  echo "==> installing $(basename "$requirements") into ${venv#"$root"/} (once, about 30 s)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
  rm -f "$venv"/.installed-*
  touch "$stamp"
}

install "$root/.venv" "$root/tests/scripts/requirements.txt"
install "$root/.venv/checkov" "$root/tests/scripts/requirements-checkov.txt"
