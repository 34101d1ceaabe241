# chitieu: `make extract` sets up and runs the pipeline on corpus/; `make test` runs the tests.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEV    ?= ../shared/dev
APT_PACKAGES := tesseract-ocr tesseract-ocr-vie chromium fonts-dejavu-core poppler-utils pandoc libreoffice-writer-nogui

.PHONY: setup system-deps extract test eval bench lint corpus renderings clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Debian packages for OCR (tesseract vie), .doc/.rtf/.odt and renderings (LibreOffice, pandoc) and the review-page browser test (chromium).
system-deps:
	@if command -v apt-get >/dev/null 2>&1; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $(APT_PACKAGES); \
	else echo "system-deps: no apt-get; install $(APT_PACKAGES) with your package manager" >&2; exit 1; fi

extract: setup
	$(VENV)/bin/chitieu extract corpus/ -o outputs/

test: setup
	$(PY) -m pytest -q

eval: setup
	$(VENV)/bin/chitieu eval corpus/ tests/data/renderings --gold tests/gold --dev $(DEV) --render 3

bench: setup
	$(PY) -m bench

lint: setup
	$(VENV)/bin/ruff check pipeline tests bench scripts

# Regenerate the DOCX/PDF/scanned renderings of the seeds (needs LibreOffice and pandoc).
corpus: setup
	$(PY) scripts/render_corpus.py

# Regenerate only the seeds' independent renderings, tests/data/renderings (pandoc, LibreOffice).
renderings: setup
	$(PY) scripts/render_corpus.py --renderings


clean:
	rm -rf $(VENV) outputs/*.json outputs/*.html outputs/tables
