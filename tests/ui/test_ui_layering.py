"""Only `sim.ui` imports Textual: the scenario format and the engine load without it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "module",
    [
        "sim.scenario",
        "sim.engine",
        "sim.engine.game",
        "sim.engine.scoring",
        "sim.engine.bots",
        "sim.cli",
    ],
)
def test_module_imports_without_textual(module):
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_describe_helpers_need_no_textual():
    # sim.ui.describe builds Rich text only; it is shared with non-Textual callers.
    code = "import sys, sim.ui.describe\nassert 'textual' not in sys.modules\n"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
