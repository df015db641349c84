#!/usr/bin/env bash
# The translators' pass, one command: extract every tr()/translate() string of ui/ into
# resources/translations/autocall_vi.ts (strings gone from the code are dropped, no line numbers so merges stay
# quiet), then build the .qm files. Afterwards translate what lupdate reports as unfinished (Qt Linguist:
# .venv/bin/pyside6-linguist resources/translations/autocall_vi.ts) and run this again; the test
# tests/ui/test_translations.py fails while anything is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find ui -name '*.py' | sort)
.venv/bin/pyside6-lupdate -source-language en -target-language vi -no-obsolete -locations none "${sources[@]}" -ts resources/translations/autocall_vi.ts
make --no-print-directory translations
