# Two commands on a fresh machine (Python 3.11+, pip, apt):
#   make run   - set up .venv and start the app on the bundled demo zone
#   make test  - set up .venv with the dev tools, install the browser, run lint and every test
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: run test setup setup-dev system-deps fonts apt lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

setup: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

setup-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Debian packages the tests need: chromium (browser test), postgresql (store tests), CJK fonts, Noto fonts for
# the PDF report in Thai, Arabic, Vietnamese and Russian (fonts-noto-core), pdftoppm to look at PDF pages (poppler-utils).
system-deps:
	@$(MAKE) --no-print-directory apt PKGS="chromium postgresql fonts-noto-cjk fonts-noto-core poppler-utils"

# the fonts the app's PDF reports embed (Thai, Arabic, Vietnamese, Russian; Chinese uses reportlab's CID font)
fonts:
	@$(MAKE) --no-print-directory apt PKGS="fonts-noto-core"

apt:
	@if command -v apt-get >/dev/null 2>&1; then \
	  missing=""; for p in $(PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	  if [ -n "$$missing" ]; then \
	    SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	    $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	  fi; \
	else echo "no apt-get: install $(PKGS) yourself"; fi

run: setup fonts
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup-dev system-deps lint
	$(BIN)/python -m pytest

bench: setup-dev
	$(BIN)/python bench/optimise.py

clean:
	rm -rf $(VENV) .pytest_cache
