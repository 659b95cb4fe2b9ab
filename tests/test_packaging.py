"""The wheel carries the bundled scenarios, and an installed salesim finds them."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_the_bundled_scenarios(tmp_path):
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
    wheel = next(tmp_path.glob("salesim-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    bundled = sorted(p.name for p in (ROOT / "scenarios").glob("*.yaml"))
    assert bundled and all(f"sim/scenarios/{n}" in names for n in bundled)
    assert "sim/ui/app.tcss" in names
    packs = sorted(p.name for p in (ROOT / "sim" / "scenario" / "packs").glob("*.yaml"))
    assert packs and all(f"sim/scenario/packs/{n}" in names for n in packs)
    entry = [n for n in names if n.endswith("entry_points.txt")]
    assert entry and "salesim = sim.cli:main" in zipfile.ZipFile(wheel).read(entry[0]).decode()


def test_command_line_lists_bundled_scenarios():
    proc = subprocess.run([sys.executable, "-m", "sim", "list"], capture_output=True, text=True)
    assert proc.returncode == 0 and "tutorial" in proc.stdout
