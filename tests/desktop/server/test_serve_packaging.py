"""The server's packaging: its systemd unit passes `systemd-analyze verify` and says what the setup guide says, the
unit's and the Docker image's command lines are ones `autocall serve` accepts, and the server's requirements (the
project's without Qt) are all that `autocall serve` loads."""

from __future__ import annotations

import configparser
import json
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from desktop.cli import build_parser

ROOT = Path(__file__).resolve().parents[3]
UNIT = ROOT / "packaging" / "linux" / "autocall-serve.service"
DOCKERFILE = ROOT / "packaging" / "docker" / "Dockerfile"


def unit() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # systemd's keys are case-sensitive
    parser.read(UNIT, encoding="utf-8")
    return parser


def serve_args(command: list[str]) -> object:
    """``command`` (after the program's name) parsed as ``autocall`` parses it."""
    return build_parser(command).parse_args(command)


def test_the_unit_runs_autocall_serve_as_its_own_user_restarting_on_failure_with_secrets_as_credentials() -> None:
    service = unit()["Service"]
    assert service["User"] == "autocall" and service["Restart"] == "on-failure"
    assert service["EnvironmentFile"] == "/etc/autocall/server.env"
    assert service["LoadCredential"].startswith("database:")  # the file name FolderKeyring reads the password from
    program, *command = shlex.split(service["ExecStart"])
    assert program.endswith("/bin/autocall")
    args = serve_args(command)
    assert args.command == "serve" and args.health == ("127.0.0.1", 8790)


def test_the_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed here")
    # The program is installed on the server only: verify everything else with a program that exists here.
    text = re.sub(r"^ExecStart=\S+", "ExecStart=/usr/bin/env", UNIT.read_text(encoding="utf-8"), flags=re.M)
    copy = tmp_path / UNIT.name
    copy.write_text(text, encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr


def test_the_images_command_is_one_autocall_serve_accepts() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", "")
    entrypoint = json.loads(re.search(r"^ENTRYPOINT (\[.*\])$", text, re.M).group(1))
    command = json.loads(re.search(r"^CMD (\[.*\])$", text, re.M).group(1))
    assert entrypoint == ["autocall"]
    args = serve_args(command)
    assert args.command == "serve" and args.credentials == Path("/run/secrets")
    assert "/readyz" in re.search(r"^HEALTHCHECK .*$", text, re.M).group(0)


def test_the_server_requirements_are_the_projects_without_qt_and_serve_loads_no_qt() -> None:
    printed = subprocess.run([sys.executable, str(ROOT / "packaging" / "server-requirements.py"),
                              str(ROOT / "pyproject.toml")], capture_output=True, text=True, check=True).stdout.split()
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    left_out = [d for d in dependencies if d not in printed]
    assert left_out and all(d.lower().startswith(("pyside6", "qasync")) for d in left_out)
    assert set(printed) <= set(dependencies)
    loaded = subprocess.run([sys.executable, "-c", "import sys, desktop.cli, desktop.server.cli; "
                             "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))"],
                            capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    assert not {"PySide6", "shiboken6", "qasync", "ui"} & set(loaded)
    assert "pythonjsonlogger" in loaded  # a requirement the server does load
