# chitieu: `make extract` sets up and runs the pipeline on corpus/; `make test` runs the tests.
# Both first install what they need: the Debian packages below (only those missing, with
# apt-get as root or through sudo) and the Python packages of pyproject.toml into .venv.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
DEV    ?= ../shared/dev
# Debian packages: OCR of scanned PDFs (tesseract, vie model), the review-page browser test
# (chromium), fonts and poppler, .doc/.rtf/.odt and renderings (LibreOffice, pandoc), and a
# C compiler for the PDF reader's compiled loops (gcc, and the C library's headers, which apt-get
# leaves out of gcc without its recommends; Python's headers, which Debian's own python3 has in
# python3-dev, where $(PYTHON) has none: pyenv's and python.org's ship theirs).
PYTHON_HEADERS := $(shell $(PYTHON) -c 'import os, sysconfig; h = os.path.join(sysconfig.get_paths()["include"], "Python.h"); print("" if os.path.isfile(h) else "python3-dev")' 2>/dev/null)
APT_PACKAGES := gcc libc6-dev $(PYTHON_HEADERS) tesseract-ocr tesseract-ocr-vie chromium fonts-dejavu-core poppler-utils libreoffice-writer-nogui pandoc
# The package manager; `make extract APT_GET=none` behaves as on a machine without one.
APT_GET ?= apt-get
SYSTEM_DEPS := APT_GET=$(APT_GET) sh scripts/system-deps.sh

.PHONY: setup system-deps system-deps-if-possible extract test eval bench fuzz lint corpus renderings clean

setup: $(STAMP)

# setup.py compiles the PDF reader's two per-glyph loops (pipeline/readers/*.c) in place;
# where it cannot, PDFs are read by their Python twins, which give the same, slower.
$(STAMP): pyproject.toml setup.py $(wildcard pipeline/readers/*.c)
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@$(PY) -c 'import pipeline.readers._pdfium_chars, pipeline.readers._text_lines' 2>/dev/null || echo "warning: the PDF reader's compiled loops were not built (they need gcc and Python's headers, Debian: python3-dev); PDFs are read in Python, slower; once they are there: rm $(STAMP) && make setup" >&2
	touch $(STAMP)

# Install the missing Debian packages; fails when it cannot (CI calls this one).
system-deps:
	@$(SYSTEM_DEPS) $(APT_PACKAGES)

# The same, but where they cannot be installed it says what to install and lets the
# command go on: extraction of everything that needs no OCR, tests that need no browser.
system-deps-if-possible:
	@$(SYSTEM_DEPS) --best-effort $(APT_PACKAGES)

# chitieu extract exits 0 when every document is done, 3 when only documents that need a
# missing system tool (OCR) are not, 1 when some failed for other reasons, 2 on usage errors.
extract: system-deps-if-possible setup
	$(VENV)/bin/chitieu extract corpus/ -o outputs/

test: system-deps-if-possible setup
	$(PY) -m pytest -q

eval: system-deps-if-possible setup
	$(VENV)/bin/chitieu eval corpus/ tests/data/renderings --gold tests/gold --dev $(DEV) --render 3

bench: setup
	$(PY) -m bench

# A longer fuzzing campaign over the readers than the one in `make test`.
fuzz: setup
	$(PY) tests/fuzzing.py

lint: setup
	$(VENV)/bin/ruff check pipeline tests bench scripts setup.py

# Regenerate the DOCX/PDF/scanned renderings of the seeds (needs LibreOffice and pandoc).
corpus: setup
	$(PY) scripts/render_corpus.py

# Regenerate only the seeds' independent renderings, tests/data/renderings (pandoc, LibreOffice).
renderings: setup
	$(PY) scripts/render_corpus.py --renderings

clean:
	rm -rf $(VENV) outputs/*.json outputs/*.html outputs/tables pipeline/readers/*.so
