# The two commands a newcomer needs: `make dev` and `make test`. Each installs what it needs.
SHELL := bash
.DEFAULT_GOAL := help
export CARGO_TERM_COLOR ?= always

.PHONY: help dev test test-rust test-browser lint-infra tools build lambda fmt clippy bench-feedback

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

tools: ## Install the Python tools (moto) into .venv
	@tests/scripts/venv.sh

build: ## Build every crate (debug)
	cargo build --workspace --bins

dev: tools build ## Run the whole system locally: moto, the SES stand-in + DNS, the API on :3000
	@tests/scripts/local-aws.sh --fixed-ports -- tests/scripts/dev.sh

test: tools build ## Run every test against moto and the SES stand-in, the browser tests, then lint the infrastructure
	@tests/scripts/local-aws.sh -- cargo test --workspace --all-targets
	@tests/browser/run.sh
	@$(MAKE) --no-print-directory lint-infra

test-browser: tools build ## Only the browser tests of the Email Senders screen (Chromium, Playwright, axe-core)
	@tests/browser/run.sh

lint-infra: ## Lint infra/template.yaml offline (cfn-lint, sam validate --lint)
	@if [ -x infra/lint.sh ]; then infra/lint.sh; else echo "infra/lint.sh missing" >&2; exit 1; fi

bench-feedback: tools ## Bounce storm at full size: 50,000 bounces through the feedback queue handler, counted exactly
	@FEEDBACK_BURST=$${FEEDBACK_BURST:-50000} tests/scripts/local-aws.sh -- \
	  cargo test --release -p feedback --test feedback_queue a_bounce_storm -- --nocapture

lambda: ## Release-build the three functions for arm64 into target/lambda/
	@tests/scripts/lambda.sh

fmt: ## Format the code
	cargo fmt --all

clippy: ## Lint the code
	cargo clippy --workspace --all-targets -- -D warnings
