# Two commands for a newcomer (README): `make run` opens the app on the built-in demo provider, `make test`
# runs the whole suite headless. Both install what is missing first: system libraries (apt, as root), the
# virtual environment and the package.

PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: run test system-deps system-deps-test screenshots bench package package-test clean translations

run: system-deps $(STAMP) translations
	$(VENV)/bin/autocall-desk --demo $(ARGS)

test: system-deps-test $(STAMP) translations
	scripts/run-tests.sh $(PYTEST_ARGS)

system-deps:
	@scripts/ensure-system-deps.sh

system-deps-test:
	@scripts/ensure-system-deps.sh test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/python -m pip install --quiet --upgrade pip
	$(VENV)/bin/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

screenshots: system-deps-test $(STAMP) translations
	QT_QPA_PLATFORM=offscreen scripts/with-private-keyring.sh $(VENV)/bin/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info resources/translations/*.qm

# The window's languages: Qt Linguist sources (.ts, in git) compiled to the .qm files the app loads (not in git).
# scripts/update-translations.sh extracts new strings from ui/ first.
QM := $(patsubst %.ts,%.qm,$(wildcard resources/translations/*.ts))

translations: $(QM)

resources/translations/%.qm: resources/translations/%.ts | $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Installers (README "Installers"). `package` builds dist/autocall-desk_<version>_<arch>.deb with PyInstaller;
# `package-test` installs it with apt, smoke-tests the installed app and removes it again (root needed).
PKG_STAMP := $(VENV)/.installed-package

$(PKG_STAMP): $(STAMP) pyproject.toml
	$(VENV)/bin/python -m pip install --quiet -e '.[test,package]'
	touch $(PKG_STAMP)

package: system-deps $(PKG_STAMP) translations
	packaging/linux/build-deb.sh

package-test: system-deps-test package
	packaging/linux/package-test.sh
