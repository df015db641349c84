"""The Linux menu entry and AppStream metainfo the .deb ships pass the freedesktop validators, carry Vietnamese
text, and point at each other and at the app id the window announces (make package-test validates the files as
the .deb installs them)."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop import APP_RDNS_ID

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP_ENTRY = LINUX / f"{APP_RDNS_ID}.desktop"
METAINFO = LINUX / f"{APP_RDNS_ID}.metainfo.xml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def run_validator(*command: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is missing: scripts/ensure-system-deps.sh test installs it (make test runs it)")
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive: Name[vi]
    parser.read(DESKTOP_ENTRY, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry_passes_desktop_file_validate() -> None:
    result = run_validator("desktop-file-validate", str(DESKTOP_ENTRY))
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_desktop_entry_speaks_vietnamese_and_names_the_shipped_icon() -> None:
    entry = desktop_entry()
    assert entry["Exec"] == "autocall-desk"
    assert entry["Name[vi]"] == "Gọi tự động Autocall Desk"  # the same Vietnamese name as the AppStream metainfo
    assert entry["GenericName[vi]"] == "Chiến dịch gọi tự động"
    assert entry["Comment[vi]"].startswith("Chạy chiến dịch gọi tự động")
    assert "gọi tự động" in entry["Keywords[vi]"].split(";")
    icons = {path.name for path in (ROOT / "resources" / "icons").glob(f"{entry['Icon']}-*.png")}
    assert icons == {f"{entry['Icon']}-{size}.png" for size in (48, 128, 256, 512)}  # build-deb.sh installs these


def test_the_appstream_metainfo_passes_appstreamcli_validate() -> None:
    result = run_validator("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_metainfo_has_a_vietnamese_name_and_summary_and_launches_the_desktop_entry() -> None:
    component = ET.parse(METAINFO).getroot()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == APP_RDNS_ID
    assert component.find("launchable[@type='desktop-id']").text == DESKTOP_ENTRY.name
    vietnamese = {child.tag: child.text for child in component if child.get(XML_LANG) == "vi"}
    assert vietnamese == {"name": "Gọi tự động Autocall Desk",
                          "summary": "Chạy chiến dịch gọi tự động qua VBot, NXCLOUD và BizPhone"}
    assert component.find(f"description/p[@{XML_LANG}='vi']") is not None
