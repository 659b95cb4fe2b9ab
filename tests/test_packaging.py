"""The wheel carries the bundled scenarios and the translations, and an installed salesim
finds them."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _wheel(tmp_path: Path) -> Path:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return next(tmp_path.glob("salesim-*.whl"))


def test_wheel_ships_the_bundled_scenarios(tmp_path):
    wheel = _wheel(tmp_path)
    names = zipfile.ZipFile(wheel).namelist()
    bundled = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert bundled and all(f"sim/scenarios/{n}" in names for n in bundled)
    assert "sim/ui/app.tcss" in names
    packs = sorted(p.name for p in (ROOT / "sim" / "scenario" / "packs").glob("*.yaml"))
    assert packs and all(f"sim/scenario/packs/{n}" in names for n in packs)
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "salesim = sim.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()
    for lang in ("en", "zh_CN"):
        assert f"sim/locale/{lang}/LC_MESSAGES/messages.po" in names


def test_installed_wheel_speaks_chinese(tmp_path):
    """The catalogues are read from the installed package (no build step, no download)."""
    wheel = _wheel(tmp_path)
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    proc = subprocess.run(
        [sys.executable, "-m", "sim", "run", "tutorial", "--policy", "expert", "--quiet"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site), "SALESIM_LANG": "zh_CN"},
    )
    assert proc.returncode == 0, proc.stderr
    assert "收入" in proc.stdout and "得分" in proc.stdout


def test_command_line_lists_bundled_scenarios():
    proc = subprocess.run([sys.executable, "-m", "sim", "list"], capture_output=True, text=True)
    assert proc.returncode == 0 and "tutorial" in proc.stdout
