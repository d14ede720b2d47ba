# The two commands: `make build` (set up, build the example portal into site/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve test check chromium nginx clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[bench]'
	touch $@

# Independent clients the tests check our output with (rss-parser, axe-core), from npm.
tests/js/node_modules/.package-lock.json: tests/js/package.json
	cd tests/js && npm install --no-audit --no-fund --silent

build: $(VENV)/.installed
	$(BIN)/congtt build

serve: $(VENV)/.installed
	$(BIN)/congtt serve

check: $(VENV)/.installed
	$(BIN)/congtt check

# Browser tests drive Debian's chromium; install it when missing (needs root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium fonts-noto-core >/dev/null; }

# The deployment tests and the benchmark serve the site with nginx and the shipped configuration;
# without root the tests that need it skip and the benchmark serves with Python.
nginx:
	@command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq nginx >/dev/null; } || true

# pytest exits 5 when it collects no test: not a failure of the code.
test: $(VENV)/.installed-test tests/js/node_modules/.package-lock.json chromium nginx
	$(BIN)/python -m pytest -q || [ $$? -eq 5 ]

bench: $(VENV)/.installed-bench chromium nginx
	$(BIN)/congtt bench

clean:
	rm -rf site .site.new-* test-artifacts
