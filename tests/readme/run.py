"""Runs the README's walk-through as a reader would, and checks what it says it prints.

    python3 tests/readme/run.py README.md        (make test-readme, inside tests/scripts/with-dev.sh)

A block runs when the line just before its ```sh fence is `<!-- readme-test -->`; other blocks
are prose. The marked blocks run in order in one bash process, from the repository's root, with
the API, SES and TOKEN variables that the `export` line of `make dev` sets (with-dev.sh runs that
line first, exactly as printed). Inside a block, a line `# → TEXT` says what the commands above
it (since the previous `# →` group) print: the check is that TEXT occurs in their output, so the
README cannot drift from the product. Any command that fails stops the run (bash -e).
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

MARKER = "<!-- readme-test -->"
EXPECT = re.compile(r"^\s*# → (.+?)\s*$")


def blocks(markdown):
    """(first line number, lines) of each marked ```sh block."""
    lines = markdown.splitlines()
    found = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == MARKER:
            fence = i + 1
            if fence >= len(lines) or not lines[fence].startswith("```sh"):
                raise SystemExit(f"README line {i + 1}: {MARKER} must be followed by a ```sh block")
            end = fence + 1
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            found.append((fence + 2, lines[fence + 1 : end]))
            i = end
        i += 1
    return found


def steps(block_start, lines):
    """Splits a block into (line number, commands, expectations)."""
    out = []
    commands, expectations, start = [], [], block_start
    for offset, line in enumerate(lines):
        match = EXPECT.match(line)
        if match:
            expectations.append(match.group(1))
            continue
        if expectations:
            out.append((start, commands, expectations))
            commands, expectations, start = [], [], block_start + offset
        commands.append(line)
    if commands or expectations:
        out.append((start, commands, expectations))
    return out


def script(all_steps, workdir):
    """One bash script: each step's output to a file, checked before the next step runs."""
    parts = [
        "set -eo pipefail",
        "line=0; out=/dev/null",
        "report() { echo \"README line $line: $1\" >&2; echo '--- its output:' >&2; cat \"$out\" >&2; }",
        "trap 'rc=$?; [ $rc = 0 ] || report \"a command failed (exit $rc)\"' EXIT",
    ]
    for n, (line, commands, expectations) in enumerate(all_steps):
        out = shlex.quote(str(workdir / f"step-{n}.out"))
        parts.append(f"line={line}; out={out}; echo '--- README line {line}' >&2")
        parts.append("{")
        parts.extend(commands)
        parts.append(f"}} >{out} 2>&1")
        parts.append(f"cat {out} >&2; echo >&2")
        for text in expectations:
            quoted = shlex.quote(text)
            message = shlex.quote(f"expected to print: {text}")
            parts.append(f"grep -qF -- {quoted} {out} || {{ report {message}; trap - EXIT; exit 1; }}")
    parts.append("echo 'README walk-through: every step printed what the README says' >&2")
    return "\n".join(parts) + "\n"


def main():
    readme = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md").resolve()
    found = blocks(readme.read_text())
    if not found:
        raise SystemExit(f"no {MARKER} blocks in {readme}")
    all_steps = [step for start, lines in found for step in steps(start, lines)]
    checks = sum(len(expectations) for _, _, expectations in all_steps)
    print(f"README: {len(found)} blocks, {len(all_steps)} steps, {checks} expected outputs", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="readme-") as tmp:
        text = script(all_steps, Path(tmp))
        # A reader's shell is not inside make: `$(make token)` must not capture make's
        # "Entering directory" lines, which a nested make prints.
        env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
        result = subprocess.run(["bash", "-c", text], cwd=readme.parent, env=env)
    sys.exit(result.returncode)


if __name__ == "__main__":
    main()
