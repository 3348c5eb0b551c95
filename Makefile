# The two commands a newcomer needs: `make dev` and `make test`. Each installs what it needs.
SHELL := bash
.DEFAULT_GOAL := help
export CARGO_TERM_COLOR ?= always

# make dev's ports (make dev API_PORT=3001 ...); it checks they are free before starting.
API_PORT ?= 3000
MOTO_PORT ?= 5055
SES_PORT ?= 5056
DNS_PORT ?= 5053
export API_PORT MOTO_PORT SES_PORT DNS_PORT
# make token: the tenant and roles (comma-separated) of the token, its lifetime in hours.
TENANT ?= demo
ROLES ?= admin
HOURS ?= 12
# make feedback: a sample of events/feedback/, sent to the API of the shell's $API if set.
SAMPLE ?= bounce-permanent
API ?= http://127.0.0.1:$(API_PORT)

.PHONY: help dev test test-tools test-rust test-others test-browser test-readme test-fuzz lint-infra tools build dev-server token feedback lambda fmt clippy bench-feedback bench-cadence bench

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

tools: ## Install the Python tools make dev needs (moto) into .venv
	@tests/scripts/venv.sh dev

test-tools: # the Python tools make test needs (moto, cfn-lint, the SAM CLI, schemathesis, checkov)
	@tests/scripts/venv.sh test

build: ## Build every crate (debug)
	cargo build --workspace --bins

dev: ## Run the whole system locally: moto, the SES stand-in + DNS, the API on :$(API_PORT)
	@# pip installs while cargo builds: on a fresh machine the two overlap.
	@$(MAKE) --no-print-directory -j2 tools build
	@dev/run.sh

dev-server: # the same feature set as `make build`, so no dependency is built twice
	@cargo build --quiet --workspace --bins

token: dev-server ## Print a dev token: make token TENANT=acme ROLES=viewer [HOURS=12]
	@target/debug/dev-server token --tenant "$(TENANT)" --roles "$(ROLES)" --hours "$(HOURS)"

feedback: dev-server ## Feed a sample SES notification, fresh ids, dated now: make feedback SAMPLE=complaint
	@event="$$(target/debug/dev-server feedback-event "$(SAMPLE)")" && \
	  curl -sS -X POST "$(API)/_local/feedback" -H 'content-type: application/json' --data-binary "$$event" && echo

test: ## Every test: Rust against moto and the SES stand-in, the browser tests, the infra lint, the README, the fuzzer
	@# pip installs while cargo builds: on a fresh machine the two overlap.
	@$(MAKE) --no-print-directory -j2 build test-tools
	@# The test binaries next, with both cores to themselves: built beside the other stages,
	@# the compile and those stages slowed each other down.
	cargo test --workspace --all-targets --no-run --quiet
	@# The Rust tests wait on moto (it answers one request at a time) more than on the CPU, so
	@# the other stages run beside them, each on a make dev of its own; each side's output is
	@# printed whole when it ends.
	@$(MAKE) --no-print-directory -j2 --output-sync=target test-rust test-others

test-rust: ## The Rust tests alone, against moto and the SES stand-in
	@tests/scripts/venv.sh test
	@tests/scripts/local-aws.sh -- cargo test --workspace --all-targets

test-others: # make test's other stages, one after another
	@$(MAKE) --no-print-directory test-browser lint-infra test-readme test-fuzz

test-readme: build ## Run the README's walk-through against a make dev of its own, on free ports
	@tests/scripts/venv.sh dev
	@tests/scripts/with-dev.sh -- python3 tests/readme/run.py README.md

test-fuzz: build ## Drive the API from its OpenAPI document with schemathesis, against a make dev of its own
	@tests/scripts/venv.sh test
	@# The fuzzer tests the API's contract, not the SES budget's pace (its own tests do): a
	@# budget of one SES call a second would make restart and resend wait most of the run.
	@SES_BUDGET_RATE_PER_SECOND=100 SES_BUDGET_BURST=100 SES_BUDGET_TENANT_PER_MINUTE=6000 \
	  SES_BUDGET_TENANT_BURST=100 tests/scripts/with-dev.sh -- tests/fuzz/run.sh

test-browser: build ## The browser tests of the Email Senders screen (Chromium, Playwright, axe-core), on a make dev of their own
	@tests/scripts/venv.sh test
	@tests/browser/run.sh

lint-infra: ## Lint infra/template.yaml offline (cfn-lint, sam validate --lint)
	@if [ -x infra/lint.sh ]; then infra/lint.sh; else echo "infra/lint.sh missing" >&2; exit 1; fi

bench-feedback: ## Bounce storm at full size: 50,000 bounces through the feedback queue handler, counted exactly
	@tests/scripts/venv.sh dev
	@FEEDBACK_BURST=$${FEEDBACK_BURST:-50000} tests/scripts/local-aws.sh -- \
	  cargo test --release -p feedback --test integration feedback_queue::a_bounce_storm -- --nocapture

bench-cadence: ## Today's verification cadence against the DNS-driven sweep, simulated over 1,000 subdomains (about 8 minutes): CADENCE_IDENTITIES=60 for a quick look
	@CADENCE_IDENTITIES=$${CADENCE_IDENTITIES:-1000} cargo test -p sweep --test integration cadence:: -- --ignored --nocapture

bench: ## Size and cold start of the release functions beside a floor (aws-config + 3 SDK clients), through a local Lambda Runtime API
	@tests/scripts/venv.sh dev
	@cargo build --quiet --workspace --bins # the SES stand-in for local-aws.sh, as make build makes it
	@nice -n 10 cargo build --release --bin floor --bin api --bin sweep --bin feedback --bin events
	@tests/scripts/local-aws.sh -- .venv/bin/python tests/bench/run.py

lambda: ## Release-build the three functions for arm64 into target/lambda/ (installs cargo-lambda, Zig)
	@infra/lambda.sh

fmt: ## Format the code
	cargo fmt --all

clippy: ## Lint the code
	cargo clippy --workspace --all-targets -- -D warnings
