# Two commands do all the set-up: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install system-deps run web worker test lint format bench messages clean

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Debian packages the browser test and the PDF documents need (Chromium, fonts with Kazakh
# letters). Installed when missing and we are root; otherwise the browser test is skipped.
system-deps:
	@bash scripts/system-deps.sh

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py collectstatic --noinput -v0
	@bash scripts/run-all.sh $(HOST) $(PORT)

test: install system-deps
	@$(VENV)/bin/pytest $(PYTEST_ARGS) || { s=$$?; \
	  [ $$s -eq 5 ] && echo "pytest collected no tests: the suite is missing" >&2; exit $$s; }

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench: install
	$(PY) bench/calendar.py

messages: install
	$(PY) manage.py makemessages -l kk -l ru -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/broker var/test-media
