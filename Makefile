# tsunagu — `make run` serves the embedded shape with demo data; `make test` runs every test.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := .tools/bin/uv
VENV := .venv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test install lint typecheck messages bench clean

$(UV):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "tsunagu needs Python 3.11 or newer (PYTHON=$(PYTHON))"; exit 1; }
	@$(PYTHON) -m venv .tools || { echo "Could not create a virtual environment: on Debian/Ubuntu run 'sudo apt-get install python3-venv'"; exit 1; }
	.tools/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --python $(PYTHON)
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m tsunagu migrate --noinput
	$(PY) -m tsunagu collectstatic --noinput --verbosity 0
	$(PY) -m tsunagu demo
	$(PY) -m tsunagu serve --bind 127.0.0.1:8000

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check tsunagu tests benchmarks
	$(VENV)/bin/ruff format --check tsunagu tests benchmarks

typecheck: install
	$(VENV)/bin/mypy tsunagu

# Extract strings into the .po files (needs GNU gettext), then compile them with polib (no gettext needed).
messages: install
	cd tsunagu && ../$(PY) -m tsunagu makemessages --locale ja --locale en --no-obsolete --add-location file --ignore 'static/*'
	$(PY) -m tsunagu compile_translations

# On-demand HTTP load benchmark (never part of `make test`; needs wrk: apt-get install wrk); it writes its
# results into docs/performance.md. SIZE=small|large, SHAPE=embedded|production (production: set DATABASE_URL
# and REDIS_URL to a database and Redis db of its own). See docs/performance.md.
SIZE ?= small
SHAPE ?= embedded
bench: install
	$(PY) -m benchmarks.suite --size $(SIZE) --shape $(SHAPE)

clean:
	rm -rf $(VENV) .tools var/static
