# partywire — two commands on a fresh machine: `make demo`, then `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PW     := $(BIN)/partywire
STAMP  := $(VENV)/.installed

.PHONY: demo test run serve lint gates bench bench-extraction bench-dates bench-dedup bench-crawl bench-scale bench-workers mutants clean install

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## the programs the browser and feed-reader tests drive: Debian's chromium (Playwright) and newsboat
SYSDEPS := $(VENV)/.sysdeps
$(SYSDEPS): $(STAMP)
	@if command -v chromium >/dev/null && command -v newsboat >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  apt-get install -y --no-install-recommends chromium newsboat >/dev/null 2>&1 || \
	  { apt-get update >/dev/null && apt-get install -y --no-install-recommends chromium newsboat >/dev/null; }; \
	else echo "chromium or newsboat missing and not root: the browser and reader tests will be skipped, saying why"; fi
	touch $@

## demo: install, crawl every recorded site offline, publish the feeds, say where they are
SHARED ?= ../shared

demo: $(STAMP)
	rm -rf var/demo.db var/demo.db-wal var/demo.db-shm var/seeds
	@# the seed outlets' pages are built from ../shared/seeds (third-party text stays there)
	if [ -d $(SHARED)/seeds ]; then $(BIN)/python -m tests.recorded._author.seeds $(SHARED) var/seeds; \
	  else mkdir -p var/seeds; echo "no $(SHARED)/seeds: demo runs without the seed outlets' pages"; fi
	PARTYWIRE_DB=sqlite:///var/demo.db PARTYWIRE_LOG_LEVEL=WARNING \
	  $(PW) crawl --replay tests/recorded --replay var/seeds
	PARTYWIRE_DB=sqlite:///var/demo.db $(PW) publish
	@echo "Open output/public/feed.xml in a feed reader, or serve feeds, search and the web page:"
	@echo "  make serve   (then http://127.0.0.1:8000/)"
	@echo "Each site's state: PARTYWIRE_DB=sqlite:///var/demo.db $(PW) status (also output/public/status.html)"

## test: the gates, then the whole suite (needs PostgreSQL on 127.0.0.1:5432, database test,
## and Redis on 127.0.0.1:6379; PARTYWIRE_TEST_PG / PARTYWIRE_TEST_REDIS point elsewhere)
test: gates $(SYSDEPS)
	$(BIN)/python -m pytest -q

## gates: style, the layering contracts (.importlinter), types, complexity (no function above C)
gates: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/xenon --max-absolute C crawler spiders pipelines output

## run: one round of the service on the live sites (needs the web): every due site, then
## publish, whatever one site did; `partywire run` alone keeps going (docs/operating.md)
run: $(STAMP)
	$(PW) run --once

## serve: the feeds, search and web page of the demo store on http://127.0.0.1:8000/
serve: $(STAMP)
	PARTYWIRE_DB=sqlite:///var/demo.db $(PW) serve

lint: gates

## mutants: mutation score of the domain code (dates, clean, cluster, canonical, metadata); slow,
## not part of `make test`; prints the score per module
mutants: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[mutants]'
	$(BIN)/python bench/mutants.py

## benchmarks: each prints a table with ratios against its baseline measured in the same run;
## none is part of `make test` (bench-scale at 1M and bench-workers take many minutes)
bench: bench-extraction bench-dates bench-dedup bench-crawl bench-scale bench-workers

bench-extraction: $(STAMP)
	$(BIN)/python bench/extraction.py

bench-dates: $(STAMP)
	$(BIN)/python bench/dates.py

## the syndication index alone, on a real store of 10k and 100k articles
bench-dedup: $(STAMP)
	$(BIN)/python bench/dedup.py 10000 100000
	$(BIN)/python bench/dedup.py 100000 --span 37 --redis redis://127.0.0.1:6379/0

## cost per article: partywire's crawl vs a naive Scrapy + trafilatura + dateparser spider
bench-crawl: $(STAMP)
	$(BIN)/python bench/crawl.py

## start-up, placement and publish at 10k / 100k / 1M stored articles, SQLite and PostgreSQL
SCALE_SIZES ?= 10000,100000,1000000
bench-scale: $(STAMP)
	$(BIN)/python bench/scale.py --sizes $(SCALE_SIZES) --backends sqlite,postgresql

## 1, 2 and 4 `partywire worker` processes on scrapy-redis + PostgreSQL
bench-workers: $(STAMP)
	test -f var/bench/crawl-corpus/manifest.json || $(BIN)/python bench/crawl_corpus.py
	$(BIN)/python bench/workers.py

clean:
	rm -rf $(VENV) var output/public .pytest_cache
