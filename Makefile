# Two commands for a newcomer (README): `make run` opens the app on the built-in demo provider, `make test`
# runs the whole suite headless. Both install what is missing first: system libraries (apt, as root), the
# virtual environment and the package.

PYTHON ?= python3
VENV   := .venv
STAMP  := $(VENV)/.installed

.PHONY: run test system-deps system-deps-test screenshots bench package package-test clean translations catalogues messages

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

# The core's translations (desktop/i18n.py): each catalogue desktop/locale/<lang>/LC_MESSAGES/autocall.po is
# compiled to the .mo beside it (built, not committed). `make messages` re-extracts the marked sentences into
# autocall.pot and merges them into every .po (sorted by text, so parallel branches merge without conflicts).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard desktop/locale/*/LC_MESSAGES/autocall.po))

catalogues: $(CATALOGUES)

desktop/locale/%/LC_MESSAGES/autocall.mo: desktop/locale/%/LC_MESSAGES/autocall.po $(STAMP)
	$(VENV)/bin/pybabel compile --domain autocall --input-file $< --output-file $@

messages: $(STAMP)
	$(VENV)/bin/pybabel extract --mapping-file babel.cfg --sort-output --add-location file --no-wrap \
	    --project "Autocall Desk" --output-file desktop/locale/autocall.pot desktop
	$(VENV)/bin/pybabel update --domain autocall --input-file desktop/locale/autocall.pot \
	    --output-dir desktop/locale --no-fuzzy-matching --ignore-obsolete --no-wrap

screenshots: system-deps-test $(STAMP) translations
	QT_QPA_PLATFORM=offscreen scripts/with-private-keyring.sh $(VENV)/bin/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info resources/translations/*.qm

# The window's languages: Qt Linguist sources (.ts, in git) compiled to the .qm files the app loads (not in git).
# scripts/update-translations.sh extracts new strings from ui/ first.
QM := $(patsubst %.ts,%.qm,$(wildcard resources/translations/*.ts))

translations: $(QM) catalogues  # the window's .qm and the core's .mo

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
