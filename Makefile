# The single entry point. `make run` and `make test` work on a fresh machine
# with only python3 and make: they create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install install-test browser lint clean bench eval bench-isaf gate

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

install: $(STAMP)

install-test: $(TEST_STAMP) browser

# Browser tests need a Chromium; Debian's package is used (Playwright's own
# browser download does not work offline). Installed when missing and we can.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "warning: could not install chromium; browser tests will be skipped"; \
	  else echo "note: chromium not found; browser tests will be skipped"; fi; }

run: $(STAMP)
	$(BIN)/frontlines extract --db $(VENV)/example.db examples/articles

test: install-test
	$(BIN)/python -m pytest -q

lint: install-test
	$(BIN)/ruff check src tests

bench: $(STAMP)
	$(BIN)/frontlines bench

# Measurement on the reference data beside the checkout (skipped when absent).
SHARED_DATA ?= ../shared/data
ISAF := $(SHARED_DATA)/isaf-press-releases/isaf_press_releases.jsonl
ACLED := $(SHARED_DATA)/acled-afghanistan-2019-dev/acled_afghanistan_2019-04_2019-05.csv

bench-isaf: $(STAMP)
	$(BIN)/frontlines bench $(ISAF) --repeat 3

# The held-out snippets are left out on purpose: they are scored by `make gate` only.
eval: $(STAMP)
	$(BIN)/frontlines eval snippets tests/data/snippets/dev.tsv
	if [ -f $(ACLED) ]; then $(BIN)/frontlines eval acled $(ACLED); else echo "skipped: $(ACLED) not found"; fi
	if [ -f $(ISAF) ]; then $(BIN)/frontlines eval isaf $(ISAF); else echo "skipped: $(ISAF) not found"; fi

# The quality gate alone, printing each figure beside its floor (tests/quality_baseline.json).
gate: install-test
	$(BIN)/python -m pytest -q -s tests/test_quality_gate.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
