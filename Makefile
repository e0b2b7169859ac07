# The single entry point. `make run` and `make test` work on a fresh machine
# with only python3 and make: they create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: run test install install-test browser lint clean bench eval bench-isaf bench-serve bench-size bench-dask gate lock fuzz soak soak-shuffled

# Installs come from the locks alone: every package at its pinned version with
# its sha256 checked (--require-hashes), nothing resolved here (--no-deps), then
# Frontlines itself, editable. A change to a lock reinstalls; a package dropped
# from a lock stays in .venv until `make clean`.
RUN_LOCK := requirements.lock
TEST_LOCK := requirements-test.lock

$(STAMP): $(RUN_LOCK) pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(RUN_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

$(TEST_STAMP): $(STAMP) $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(TEST_LOCK)
	$(BIN)/python -m pip check
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

# `frontlines serve` under 100 concurrent clients for 60 s (the ACLED dev notes and the
# seeds loaded, built once into build/bench-serve.db), and the watcher's item-to-event
# latency on the test fixture feeds. Loopback only; see benchmarks/serve_load.py.
bench-serve: install-test
	$(BIN)/python benchmarks/serve_load.py --json build/bench-serve.json

# Cost against article size: one article of 100 KB and one of 1 MB extracted whole (issue 10:
# the larger within 10x the time of the smaller). See benchmarks/article_size.py.
bench-size: $(STAMP)
	$(BIN)/python benchmarks/article_size.py --json build/bench-size.json

# `frontlines extract --engine dask` on a LocalCluster of 1 then 2 workers over
# BENCH_DASK_ARTICLES articles of shuffled real sentences (made from ../shared at run
# time into build/bench-dask): articles/s, words per CPU-second, scaling, memory per
# worker, and the projection for a 10-node, 16-core cluster. See benchmarks/dask_scale.py.
BENCH_DASK_ARTICLES ?= 20000
bench-dask: install-test
	$(BIN)/python benchmarks/dask_scale.py --shared ../shared --articles $(BENCH_DASK_ARTICLES) \
	  --json build/bench-dask/report.json

# The held-out snippets are left out on purpose: they are scored by `make gate` only.
eval: $(STAMP)
	$(BIN)/frontlines eval snippets tests/data/snippets/dev.tsv
	if [ -f $(ACLED) ]; then $(BIN)/frontlines eval acled $(ACLED); else echo "skipped: $(ACLED) not found"; fi
	if [ -f $(ISAF) ]; then $(BIN)/frontlines eval isaf $(ISAF); else echo "skipped: $(ISAF) not found"; fi

# The quality gate alone, printing each figure beside its floor (tests/quality_baseline.json).
gate: install-test
	$(BIN)/python -m pytest -q -s tests/test_quality_gate.py

# Whole-pipeline fuzzing (not part of `make test`, which runs a small hypothesis sample):
# FUZZ_ARTICLES articles composed from real sentence fragments (../shared, read at run
# time) and hostile pieces, through extract, fusion, control, exports and map, in
# batches through the worker pool. Figures and failing inputs in build/fuzz.
FUZZ_ARTICLES ?= 100000
FUZZ_SEED ?= 1
fuzz: $(STAMP)
	$(BIN)/python -m frontlines.fuzz --articles $(FUZZ_ARTICLES) --seed $(FUZZ_SEED) --shared ../shared --out build/fuzz

# `frontlines extract` over every real corpus in ../shared/data (ACLED dev notes, ISAF,
# news-2016, the seeds) into one store; then the same over 20,000 articles of shuffled
# real sentences. Figures in build/soak*/report.json.
soak: $(STAMP)
	$(BIN)/python -m frontlines.fuzz.soak --shared ../shared --out build/soak

soak-shuffled: $(STAMP)
	$(BIN)/python -m frontlines.fuzz.soak --shared ../shared --shuffled 20000 --out build/soak-shuffled

# `make lock` refreshes both locks on purpose; nothing else resolves versions.
# It re-resolves pyproject.toml's ranges (requirements-test.lock: with the [test]
# and [dask] extras; requirements.lock: the runtime subset at the same versions,
# without the optional [dask] extra) with uv,
# installed into a scratch venv (build/lock-tools), against PyPI alone (uv's
# default index; uv reads no pip configuration), for CPython 3.11 on Linux
# x86_64, with the sha256 of every file of each pin. By default every package
# moves to its newest allowed version; `make lock UPGRADE=` keeps the current
# pins that still fit (after adding or narrowing a requirement). Review the
# diff, run `make test`, commit both files.
UV_VERSION := 0.13.9
LOCK_TOOLS := build/lock-tools
UPGRADE ?= --upgrade
UV_COMPILE = $(LOCK_TOOLS)/bin/uv pip compile --quiet --no-config --generate-hashes \
	--python-version 3.11 --python-platform x86_64-manylinux_2_28 --custom-compile-command 'make lock'

define LOCK_HEADER
# Frontlines' locked install for CPython 3.11 on Linux x86_64: every package
# with its version and the sha256 of each of its files on PyPI. `make install`
# and `make install-test` install it with pip --require-hashes --no-deps;
# `make lock` (see the Makefile) regenerates it. Do not edit by hand.
#
# Some packages are declared by our dependencies for features Frontlines never
# calls (it reads local files, downloads nothing, runs no spaCy command). They
# are locked anyway, so that `pip check` passes; spaCy and iso3166-2 import some
# of them when they are imported, so they could not be left out regardless:
#   weasel (spaCy's project workflows) with cloudpathlib, smart-open, wrapt,
#     httpx, httpcore, h11 and anyio;
#   typer, shellingham, annotated-doc (spaCy's command line);
#   requests (spaCy's model download; iso3166-2's fetch of newer data);
#   spacy-legacy, spacy-loggers (spaCy plug-ins the model does not load).
endef
export LOCK_HEADER

$(LOCK_TOOLS)/.uv-$(UV_VERSION):
	$(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	touch $@

lock: $(LOCK_TOOLS)/.uv-$(UV_VERSION)
	$(UV_COMPILE) $(UPGRADE) pyproject.toml --extra test --extra dask -o $(TEST_LOCK)
	$(UV_COMPILE) pyproject.toml -c $(TEST_LOCK) -o $(RUN_LOCK)
	for f in $(TEST_LOCK) $(RUN_LOCK); do { printf '%s\n' "$$LOCK_HEADER"; cat $$f; } > $$f.new && mv $$f.new $$f; done

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
