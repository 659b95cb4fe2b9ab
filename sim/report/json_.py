"""The debrief as JSON: machine-readable, fixed key order, no wall-clock values.

The same run gives byte-identical output: every figure comes from the log and the scenario.
"""

from __future__ import annotations

import json

from sim.report.debrief import Debrief


def render_json(d: Debrief) -> str:
    """The debrief's `to_dict()` as indented JSON text (UTF-8, ends with a newline)."""
    return json.dumps(d.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
