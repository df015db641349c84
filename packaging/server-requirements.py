"""Print the packages ``autocall serve`` needs, one per line: pyproject.toml's dependencies without the window's
(PySide6, qasync), which a server never loads (tests/test_layers.py keeps desktop/ free of Qt). The Dockerfile and
the server install in docs/team-mode-server.md feed this to ``pip install -r``, then install the project with
``--no-deps``, so a server downloads no Qt.

    python packaging/server-requirements.py [pyproject.toml] > requirements.txt
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

#: Distributions only the window uses (lower-case name prefixes).
WINDOW_ONLY = ("pyside6", "qasync")


def server_requirements(pyproject: Path) -> list[str]:
    """The project's dependencies a server needs, as pyproject.toml writes them."""
    dependencies = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    return [d for d in dependencies if not d.lower().startswith(WINDOW_ONLY)]


if __name__ == "__main__":
    print("\n".join(server_requirements(Path(sys.argv[1] if len(sys.argv) > 1 else "pyproject.toml"))))
