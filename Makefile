# Set-up is part of every target: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint samples producers golden fuzz bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# The demo shows failures rather than failing: without LibreOffice the .doc/.rtf/.odt
# samples are not converted (one line says how to install it), and the reading-order text
# dumps of the older-layout samples are known not to be read (README, "What is read").
demo: $(STAMP)
	rm -rf out/samples out/samples.csv
	$(BIN)/scrutiny-parse convert samples --out out/samples --records out/samples.csv --allow-failures
	@for f in samples/*.docx; do echo; $(BIN)/scrutiny-parse show "$$f" | head -n 40; done

# pytest exits 5 when it collects no tests: that must fail, not pass quietly.
test: $(STAMP)
	@$(BIN)/pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks
	$(BIN)/mypy src

# Rebuild samples/*.docx from scripts/sample_specs/*.json.
samples: $(STAMP)
	$(BIN)/python scripts/build_samples.py

# Rebuild samples/producers/: each spec printed by headless Chromium (ruled and plain
# looks; needs Debian's chromium) and drawn with reportlab (Word-style drawing). The
# PDFs are committed, so make test needs neither.
producers: $(STAMP)
	$(BIN)/python scripts/build_html.py
	$(BIN)/python scripts/build_reportlab.py
	$(BIN)/python scripts/producer_accuracy.py

# Rewrite tests/golden/*.records.json from the current parser (review the diff!).
golden: $(STAMP)
	SCRUTINY_REGENERATE_GOLDEN=1 $(BIN)/pytest tests/test_golden.py -q

# A long fuzz run (not part of make test): FUZZ_SECONDS=600 by default. atheris is
# used when it installs, hypothesis otherwise; reproducers land in out/fuzz/.
fuzz: $(STAMP)
	-$(BIN)/pip install --quiet atheris
	$(BIN)/python fuzz/run_fuzz.py

# Benchmarks print ratios against baselines measured in the same run.
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_docx.py
	$(BIN)/python benchmarks/bench_batch.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
