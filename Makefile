# Every target sets itself up from a fresh clone: a .venv made with the standard library's venv.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# The `package` extra (PyInstaller) on top of the development install; only `make package` needs it.
PACKAGE_STAMP := $(VENV)/.package-stamp

.PHONY: run test bench lint format venv clean icons translations package install-desktop uninstall-desktop

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $@

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/replicate-chat $(ARGS)

# pytest exits 5 when it collects nothing; that is a broken suite here, not a pass.
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Benchmarks against the peers and the practical limit (tests/benchmarks/): one table of figures,
# targets and whether each is met; never a pass/fail on speed. The first run also makes the
# peers' own venvs in build/bench/venvs/. BENCH_ARGS="--only view --quick" runs a part, small.
bench: $(STAMP)
	$(BIN)/python -m tests.benchmarks $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Render every icon size, the .ico and the .icns from resources/icons/replicate-chat.svg.
icons: $(STAMP)
	$(BIN)/python packaging/make_icons.py

# Refresh resources/translations/*.ts from the sources and compile them to .qm.
translations: $(STAMP)
	$(BIN)/python packaging/update_translations.py

# The PyInstaller one-folder build in dist/replicate-chat/, then a smoke test of the built
# program itself (demo, offscreen, a message and its whole reply, the real Secret Service).
package: $(PACKAGE_STAMP)
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--distpath dist --workpath build/pyinstaller packaging/replicate-chat.spec
	$(BIN)/python packaging/smoke_test_bundle.py dist/replicate-chat
	@du -sh dist/replicate-chat

# The launcher, icons and AppStream file for the current user, in ${XDG_DATA_HOME:-~/.local/share};
# the launcher runs this checkout's .venv/bin/replicate-chat. (After `pipx install .`, run
# `python3 packaging/install_desktop.py` instead: it launches `replicate-chat` from PATH.)
install-desktop: $(STAMP)
	$(PYTHON) packaging/install_desktop.py --exec "$(CURDIR)/$(BIN)/replicate-chat"

uninstall-desktop:
	$(PYTHON) packaging/install_desktop.py --uninstall

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
