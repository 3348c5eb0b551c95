#!/usr/bin/env bash
# Release-builds the Lambda functions for arm64 (Graviton, provided.al2023) into deployable zips:
# target/lambda/<binary>/bootstrap.zip. `make lambda` runs it.
#
#   infra/lambda.sh [BINARY...]      # default: api sweep feedback events
#
# Needs only Rust (rustup) and Python 3: cargo-lambda and Zig, the cross-linker, come from
# PyPI into .venv (tests/scripts/venv.sh deploy, pinned in tests/scripts/python/deploy.txt), and the arm64 standard
# library is added to the active toolchain once. The size and speed settings are the workspace's
# [profile.release] (root Cargo.toml). `sam build` in infra/ builds the same binaries itself.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target=aarch64-unknown-linux-gnu
binaries=("$@")
[ "${#binaries[@]}" -gt 0 ] || binaries=(api sweep feedback events)

"$root/tests/scripts/venv.sh" deploy
# cargo-lambda finds Zig through the venv's python (the ziglang package) on PATH.
export PATH="$root/.venv/bin:$PATH"

if [ ! -d "$(rustc --print sysroot)/lib/rustlib/$target" ]; then
  if ! command -v rustup >/dev/null; then
    echo "error: the $target standard library is missing, and there is no rustup to add it" >&2
    exit 1
  fi
  echo "==> adding the $target standard library to the Rust toolchain (once)"
  rustup target add "$target"
fi

bin_args=()
for binary in "${binaries[@]}"; do bin_args+=(--bin "$binary"); done

cd "$root"
cargo lambda build --release --arm64 --output-format zip "${bin_args[@]}"

# cargo-lambda writes to $CARGO_TARGET_DIR/lambda when that is set.
out="${CARGO_TARGET_DIR:-$root/target}/lambda"
echo "==> zips (bytes)"
for binary in "${binaries[@]}"; do
  zip="$out/$binary/bootstrap.zip"
  if [ ! -f "$zip" ]; then
    echo "error: $zip was not written" >&2
    exit 1
  fi
  printf '  %-10s %10s  %s\n' "$binary" "$(stat -c %s "$zip")" "${zip#"$root"/}"
done
