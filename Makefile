# Forum — the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: run test test-under-load serve lint babel-extract babel-compile bench clean

# `make test` runs independent tests on TEST_WORKERS processes at once (pytest-xdist); tests that share a server,
# a module's fixture or the clusters of real processes stay together on one worker (tests/conftest.py: _group).
TEST_WORKERS ?= 4
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadgroup
RUNS ?= 3

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

## run: start Forum on the embedded default (SQLite, one process) with the demo forum
run: $(VENV)/.installed
	$(PY) -m flask --app wsgi forum init
	$(PY) -m flask --app wsgi forum demo
	$(PY) wsgi.py

## test: the whole test suite (SQLite, the local PostgreSQL, a real Chromium), on TEST_WORKERS workers
test: $(VENV)/.installed
	scripts/ensure-chromium
	$(PY) -m pytest $(PYTEST_PARALLEL)

## test-under-load: the whole suite RUNS times in a row (default 3), each while a spinning process keeps one
##   CPU core busy (pytest --busy-core); stops at the first failing run
test-under-load: $(VENV)/.installed
	scripts/ensure-chromium
	for run in $$(seq $(RUNS)); do echo "== run $$run of $(RUNS), one core kept busy"; \
		$(PY) -m pytest $(PYTEST_PARALLEL) --busy-core || exit 1; done

## serve: the production server (gunicorn) on $(PORT), see docs/DEPLOY.md
serve: $(VENV)/.installed
	PYTHON=$(PY) scripts/serve

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check forum tests bench

## babel-extract: collect the interface's messages into translations/messages.pot and merge them into the
##   Indonesian catalogue; new entries arrive empty: translate them, then `make babel-compile`
babel-extract: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext --add-location=file \
		--project=Forum --copyright-holder=Forum -o translations/messages.pot .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations -l id \
		--no-fuzzy-matching --ignore-obsolete

## babel-compile: translations/id/LC_MESSAGES/messages.po -> messages.mo (tracked, so a clone needs no build)
babel-compile: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d translations --statistics

clean:
	rm -rf $(VENV) .pytest_cache
