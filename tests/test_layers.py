"""The layer rules: only ui/ imports Qt; the engine reaches providers through the registry and base only;
providers import nothing of the engine, the accounts or the simulator; simulator and providers never meet.

The Qt rule imports every desktop module in a fresh interpreter and looks at what got loaded, so an indirect import
(desktop.a → desktop.b → PySide6) is caught too; the others read each module's own import statements.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = ("PySide6", "shiboken6", "ui", "qasync", "pytestqt")

PROBE = r"""
import importlib, json, pkgutil, sys
import desktop
forbidden = tuple(sys.argv[1].split(","))
culprits = {}
def loaded():
    return {m for m in sys.modules if m.split(".")[0] in forbidden}
for info in pkgutil.walk_packages(desktop.__path__, "desktop."):
    if info.name.endswith("__main__"):
        continue
    before = loaded()
    importlib.import_module(info.name)
    new = loaded() - before
    if new:
        culprits[info.name] = sorted(new)[:3]
print(json.dumps(culprits))
"""


def desktop_modules() -> list[str]:
    return sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in (ROOT / "desktop").rglob("*.py")
        if path.name not in ("__main__.py",)
    )


def test_desktop_never_imports_qt_or_ui() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(FORBIDDEN)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    culprits = json.loads(result.stdout.strip().splitlines()[-1])
    assert culprits == {}, f"desktop/ modules that pull in Qt or ui/: {culprits}"


def test_probe_sees_every_desktop_module() -> None:
    """Guards the guard: the probe must walk real modules, not an empty package."""
    modules = desktop_modules()
    assert "desktop.store" in modules and "desktop.secrets" in modules
    assert len(modules) >= 8


# -- the import rules between the core's packages, checked on each module's own import statements --

PROVIDER_DOORS = {"desktop.providers", "desktop.providers.base", "desktop.providers.errors",
                  "desktop.providers.settings",  # the neutral base of account settings
                  "desktop.providers.notify"}  # the neutral side of provider notifications
#: Packages (and root modules) that may reach providers only through the registry, base and errors.
ENGINE = ("desktop.campaigns", "desktop.contacts", "desktop.recordings", "desktop.recordings.source",
          "desktop.recordings.bulk", "desktop.history", "desktop.notifications")
PROVIDER_KEYS = re.compile(r"\b(vbot|nxcloud|bizphone)\b")


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports; ``from package import name`` counts as ``package.name`` when that is a
    module (a provider folder imported from the registry's package, for example)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            for alias in node.names:
                if (ROOT / Path(*f"{node.module}.{alias.name}".split("."))).with_suffix(".py").exists() or (
                        ROOT / Path(*f"{node.module}.{alias.name}".split("."))).is_dir():
                    found.add(f"{node.module}.{alias.name}")
    return found


def _all_modules(package: str = "desktop") -> dict[str, Path]:
    out = {}
    for path in (ROOT / package).rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_engine_reaches_providers_only_through_the_registry_and_base() -> None:
    bad = {name: sorted(m for m in imports_of(path) if within(m, "desktop.providers") and m not in PROVIDER_DOORS)
           for name, path in _all_modules().items() if name.startswith(ENGINE)}
    assert {k: v for k, v in bad.items() if v} == {}


def test_providers_import_nothing_of_the_engine_accounts_or_simulator() -> None:
    forbidden = ("desktop.campaigns", "desktop.contacts", "desktop.accounts", "desktop.accounts.service",
                 "desktop.simulator", "desktop.demo")
    bad = {name: sorted(m for m in imports_of(path) if any(within(m, f) for f in forbidden))
           for name, path in _all_modules().items() if within(name, "desktop.providers")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_simulator_and_providers_never_import_each_other() -> None:
    bad = {name: sorted(m for m in imports_of(path) if within(m, "desktop.providers"))
           for name, path in _all_modules().items() if within(name, "desktop.simulator")}
    assert {k: v for k, v in bad.items() if v} == {}
    # the other direction is part of the rule above


#: Where a provider's key may be written: its own folder, its GUI page, and the simulator (an independent peer).
NAMING_PROVIDERS = ("desktop.providers", "desktop.simulator", "ui.providers")
#: The registry of preferences keeps the store keys people's saved values live under ("bizphone.flows"); the store's
#: first migration lists the providers of its day (later migrations never do).
HISTORICAL = ("desktop.settings", "desktop.store")


def test_no_provider_name_literal_outside_the_provider_folders() -> None:
    """Provider behaviour is asked of the provider (SPEC, options, client hooks), never chosen by its name."""
    found = []
    modules = {**_all_modules("desktop"), **_all_modules("ui")}
    for name, path in modules.items():
        if any(within(name, allowed) for allowed in NAMING_PROVIDERS + HISTORICAL):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        found += [f"{name}:{n.lineno}: {n.value!r}" for n in ast.walk(tree)
                  if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings
                  and PROVIDER_KEYS.search(n.value)]
    assert found == []


def test_only_the_provider_pages_of_ui_import_a_provider_folder() -> None:
    bad = {name: sorted(m for m in imports_of(path) if within(m, "desktop.providers") and m not in PROVIDER_DOORS)
           for name, path in _all_modules("ui").items() if not within(name, "ui.providers")}
    assert {k: v for k, v in bad.items() if v} == {}


def test_no_import_circle() -> None:
    """No module reaches itself through the modules it imports, type-checking imports included (a package's
    registry importing its own sub-packages is the registry, not a circle)."""
    modules = _all_modules()
    graph = {}
    for name, path in modules.items():
        deps = set()
        body = ast.parse(path.read_text(encoding="utf-8")).body
        for node in body + [n for top in body if isinstance(top, ast.If) for n in top.body]:
            if isinstance(node, ast.ImportFrom) and node.module and not node.level:
                subs = {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in modules}
                deps |= subs or ({node.module} & modules.keys())
            elif isinstance(node, ast.Import):
                deps |= {a.name for a in node.names} & modules.keys()
        graph[name] = deps - {name}
    circles = []
    for start in graph:
        seen, todo = set(), list(graph[start])
        while todo:
            module = todo.pop()
            if module == start:
                circles.append(start)
                break
            if module not in seen:
                seen.add(module)
                todo += graph[module]
    assert circles == []
