# The two commands: `make build` (set up, build the example portal into site/) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: build serve studio test check chromium nginx node clean bench

# Decap CMS, the studio's editor, as npm publishes it: its dist/ only (the bundle needs none of the
# package's dependencies), checked against the pinned integrity before it is unpacked.
DECAP_VERSION := 3.16.3
DECAP_INTEGRITY := sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==
DECAP := studio/decap-cms-$(DECAP_VERSION)

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

$(DECAP)/dist/decap-cms.js: | node
	rm -rf $(DECAP).tmp && mkdir -p $(DECAP).tmp
	cd $(DECAP).tmp && npm pack decap-cms@$(DECAP_VERSION) --json --silent > pack.json
	$(PYTHON) -c "import json, sys; sys.exit(json.load(open('$(DECAP).tmp/pack.json'))[0]['integrity'] != '$(DECAP_INTEGRITY)')"
	tar -xzf $(DECAP).tmp/decap-cms-$(DECAP_VERSION).tgz -C $(DECAP).tmp
	rm -rf $(DECAP) && mv $(DECAP).tmp/package $(DECAP) && rm -rf $(DECAP).tmp

# npm fetches Decap CMS; install Node.js from Debian when it is missing (needs root).
node:
	@command -v npm >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }

build: $(VENV)/.installed $(DECAP)/dist/decap-cms.js
	$(BIN)/congtt build

studio: $(VENV)/.installed $(DECAP)/dist/decap-cms.js
	$(BIN)/congtt studio

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
test: $(VENV)/.installed-test tests/js/node_modules/.package-lock.json $(DECAP)/dist/decap-cms.js chromium nginx
	$(BIN)/python -m pytest -q || [ $$? -eq 5 ]

# Lighthouse, which the benchmark scores every page kind with, from npm.
bench/js/node_modules/.package-lock.json: bench/js/package.json | node
	cd bench/js && npm install --no-audit --no-fund --silent

# The benchmark lives in tools/bench (not in the package); ONLY=studio|lighthouse and SIZES=1000,5000 narrow it.
bench: $(VENV)/.installed-bench $(DECAP)/dist/decap-cms.js bench/js/node_modules/.package-lock.json chromium nginx
	$(BIN)/python -m tools.bench $(if $(ONLY),--only $(ONLY)) $(if $(SIZES),--sizes $(SIZES))

clean:
	rm -rf site .site.new-* test-artifacts studio/decap-cms-*
