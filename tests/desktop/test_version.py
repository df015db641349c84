"""The version the app shows is the one its package is built and installed with."""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_the_version_is_pyprojects_and_the_installed_packages() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert __version__ == project["version"] == metadata.version("autocall-desk")
