"""`make bench`: the release functions against the floor, each run through a local Lambda
Runtime API.

For each binary (the floor: tests/bench/floor, a lambda_runtime function that only loads
aws-config and builds the DynamoDB, SESv2 and Scheduler clients; then api, sweep, feedback,
events),
RUNS cold starts, each one a fresh process with a fresh Runtime API, taken round by round
(every binary once a round) so that other load on the machine falls on all of them alike:

  init            exec -> the function's first GET /runtime/invocation/next (what Lambda
                  bills as Init: runtime start, configuration, clients, wiring)
  first response  the event handed over -> its POST .../response (one real request against
                  moto: GET /v1/domains for api, a sweep of the due index, an SQS batch of SES
                  feedback notifications, an outbox insert relayed to moto's default bus)
  peak RSS        VmHWM of the process after the first response
  size            the stripped binary, and the zip Lambda would get (`bootstrap`, deflate -9)

Medians of RUNS (default 20). The Runtime API below implements the four calls a function
makes (next, response, error, init/error) as Lambda documents them
(https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html). Run it under
tests/scripts/local-aws.sh (moto for the table); the functions get the environment a
deployment gives them, DNS through the system's resolver as on Lambda.

Usage: python tests/bench/run.py [--runs N] [--only api,sweep] [--target-dir DIR]
"""

from __future__ import annotations

import argparse
import http.server
import io
import json
import os
import statistics
import subprocess
import threading
import time
import uuid
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FUNCTIONS = [
    ("floor", None),
    ("api", "events/api/get-v1-domains.json"),
    ("sweep", None),  # {"kind":"sweep"}
    ("feedback", "events/feedback/sqs-batch.json"),
    ("events", "events/relay/outbox-insert.json"),
]

# What every function reads at cold start (infra/template.yaml's Globals), local values.
ENVIRONMENT = {
    "PLATFORM_DOMAIN": "mail.platform.test",
    "DEFAULT_SENDER_EMAIL": "no-reply@mail.platform.test",
    "DEFAULT_SENDER_NAME": "Surveys Platform",
    "MAIL_FROM_LABEL": "bounce",
    "TENANT_CLAIM": "tenant_id",
    "ROLES_CLAIM": "roles",
    "ADMIN_ROLE": "admin",
    "MIRROR_ACCOUNT_SUPPRESSION": "false",
    "METRICS_NAMESPACE": "EmailSenders/bench",
    "RUST_LOG": "warn",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256",
    "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
    "AWS_LAMBDA_LOG_FORMAT": "JSON",
    # events' bus (its function's environment in infra/template.yaml); moto has `default`.
    "EVENT_BUS_NAME": "default",
}


class RuntimeApi(http.server.ThreadingHTTPServer):
    """One invocation: hands `event` to the first `next`, records when things happen."""

    daemon_threads = True

    def __init__(self, event: bytes):
        super().__init__(("127.0.0.1", 0), Handler)
        self.event = event
        self.request_id = str(uuid.uuid4())
        self.first_next: float | None = None
        self.answered: float | None = None
        self.outcome: str | None = None
        self.done = threading.Event()

    def handle_error(self, request, client_address):
        pass  # the process is killed while its second `next` waits: a broken pipe, expected


class Handler(http.server.BaseHTTPRequestHandler):
    server: RuntimeApi
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status: int, body: bytes = b"{}", headers: dict | None = None):
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if not self.path.endswith("/runtime/invocation/next"):
            return self.reply(404)
        server = self.server
        if server.first_next is not None:
            server.done.wait(30)  # the second `next`: the bench ends the process meanwhile
            return self.reply(410)
        server.first_next = time.perf_counter()
        deadline = int(time.time() * 1000) + 30_000
        self.reply(200, server.event, {
            "Lambda-Runtime-Aws-Request-Id": server.request_id,
            "Lambda-Runtime-Deadline-Ms": str(deadline),
            "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:123456789012:function:bench",
            "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Sampled=0",
        })

    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        server = self.server
        if self.path.endswith("/response") or self.path.endswith("/error"):
            server.answered = time.perf_counter()
            server.outcome = "response" if self.path.endswith("/response") else f"error: {body[:300]!r}"
        elif self.path.endswith("/init/error"):
            server.outcome = f"init error: {body[:300]!r}"
        self.reply(202)
        if server.outcome:
            server.done.set()


def peak_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def cold_start(binary: Path, event: bytes, env: dict) -> dict:
    api = RuntimeApi(event)
    thread = threading.Thread(target=api.serve_forever, daemon=True)
    thread.start()
    env = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{api.server_address[1]}",
               AWS_LAMBDA_FUNCTION_NAME=binary.name)
    started = time.perf_counter()
    process = subprocess.Popen([str(binary)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while not api.done.wait(0.05):
            # A function whose init fails returns from main: it exits without a word to the
            # Runtime API (lambda_runtime only reports errors once `run` has started).
            if process.poll() is not None:
                api.outcome = f"exited with {process.returncode} before answering"
                break
            if time.monotonic() > deadline:
                raise SystemExit(f"{binary.name}: no answer within 30 s")
        rss = peak_rss_kib(process.pid)
    finally:
        process.kill()
        _, stderr = process.communicate()
        api.done.set()
        api.shutdown()
        api.server_close()
    if api.outcome != "response":
        raise SystemExit(f"{binary.name}: {api.outcome}\n{stderr.decode(errors='replace')[-2000:]}")
    return {
        "init": (api.first_next - started) * 1000,
        "first": (api.answered - api.first_next) * 1000,
        "rss": rss / 1024,
    }


def zipped_size(binary: Path) -> int:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.write(binary, "bootstrap")
    return len(buffer.getvalue())


def create_table(table: str) -> None:
    import boto3  # from .venv (moto's dependency)

    client = boto3.client("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"],
                          region_name=os.environ.get("AWS_REGION", "us-east-1"))
    string = lambda name: {"AttributeName": name, "AttributeType": "S"}  # noqa: E731
    client.create_table(
        TableName=table,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[string("pk"), string("sk"), string("due_pk"), string("due_at")],
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        GlobalSecondaryIndexes=[{
            "IndexName": "due",
            "KeySchema": [{"AttributeName": "due_pk", "KeyType": "HASH"},
                          {"AttributeName": "due_at", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "KEYS_ONLY"},
        }],
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "20")))
    parser.add_argument("--only", default=os.environ.get("BENCH_FUNCTIONS", ""),
                        help="comma-separated subset, e.g. floor,api (the floor always first)")
    parser.add_argument("--target-dir", default=os.environ.get("CARGO_TARGET_DIR", str(ROOT / "target")))
    args = parser.parse_args()
    release = Path(args.target_dir) / "release"
    if "AWS_ENDPOINT_URL" not in os.environ:
        raise SystemExit("run under tests/scripts/local-aws.sh (make bench does)")

    table = f"bench-{uuid.uuid4().hex[:8]}"
    create_table(table)
    env = {k: v for k, v in os.environ.items() if k != "DNS_RESOLVER"}  # the system's, as on Lambda
    env.update(ENVIRONMENT, TABLE_NAME=table)

    wanted = {"floor", *filter(None, args.only.split(","))} if args.only else None
    chosen = []
    for name, event_path in FUNCTIONS:
        if wanted is not None and name not in wanted:
            continue
        binary = release / name
        if not binary.exists():
            raise SystemExit(f"{binary} is missing: cargo build --release --bin {name}")
        event = (ROOT / event_path).read_bytes() if event_path else b'{"kind":"sweep"}'
        chosen.append((name, binary, event))
    # Round by round, every function once a round: whatever else loads the machine meanwhile
    # slows the floor and the functions alike, so the ratios hold even when the times move.
    runs = {name: [] for name, _, _ in chosen}
    for _ in range(args.runs):
        for name, binary, event in chosen:
            runs[name].append(cold_start(binary, event, env))
    rows = [{
        "name": name,
        "size": binary.stat().st_size,
        "zip": zipped_size(binary),
        **{k: statistics.median(r[k] for r in runs[name]) for k in ("init", "first", "rss")},
    } for name, binary, _ in chosen]

    floor = rows[0]
    print(f"\nRelease builds ({os.uname().machine}), medians of {args.runs} cold starts each; "
          "x: times the floor.\n")
    print("| function | binary (bytes) | zip (bytes) | init (ms) | first response (ms) | peak RSS (MiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in rows:
        ratio = lambda key: "" if row is floor else f" ({row[key] / floor[key]:.2f}x)"  # noqa: E731
        print(f"| {row['name']} | {row['size']:,}{ratio('size')} | {row['zip']:,}{ratio('zip')} | "
              f"{row['init']:.1f}{ratio('init')} | {row['first']:.1f} | {row['rss']:.1f}{ratio('rss')} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
