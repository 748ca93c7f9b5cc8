# Two commands: `make demo` runs the main job on the bundled example; `make test` runs the whole suite.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev

.PHONY: demo test fuzz venv bench clean

$(BIN)/python:
	@command -v $(PY) >/dev/null 2>&1 || { echo "python3.11 not found; set PY=python3"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# the demo's own suggestions (serve, datasette) need the web UI and Datasette
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[web,datasette]'
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev,web,datasette]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/readout read examples/2019-09-theme-education-roundup.txt
	rm -f readout.db readout.db-wal readout.db-shm
	$(BIN)/readout ingest examples/ --db readout.db
	$(BIN)/readout formulations --db readout.db --matrix --term 往深里走、往心里走、往实里走 --term 主题不变、标准不降、力度不减 \
	  --term 两个维护 --term 四个意识 --term 四项重点措施 --term 不忘初心、牢记使命
	$(BIN)/readout reuse --db readout.db --ratios
	$(BIN)/readout search 往深里走 --db readout.db --limit 5
	@echo "readout.db is ready. Next:"
	@echo "  $(BIN)/readout serve --db readout.db      # the web UI at http://127.0.0.1:8000/"
	@echo "  $(BIN)/datasette readout.db               # the same file in Datasette"
	@echo "  . $(BIN)/activate                          # then plain 'readout --help'"

test: $(STAMP)
	@# the browser tests need Debian's chromium and CJK fonts (installed when missing and we are root)
	@if [ -f scripts/ensure-browser.sh ]; then bash scripts/ensure-browser.sh; fi
	$(BIN)/python -m pytest -q

# The long fuzzing run: 10⁵ mutated reports (1% grown to 30 k–1 M characters), each checked for
# coded errors only, exact spans and offsets; prints the slowest inputs (scripts/fuzz.py).
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --cases $(or $(CASES),100000) --out fuzz-report.json

bench: $(STAMP)
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) readout.db* .pytest_cache
