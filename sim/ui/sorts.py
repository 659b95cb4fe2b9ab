"""The desk's sort orders: `Game.list_customers` keys with the labels the UI shows.

Kept apart from the desk screen so the command palette (sim/ui/commands.py) can list them
without importing the screen that imports it.
"""

from __future__ import annotations

from sim.i18n import N_

SORTS: tuple[tuple[str, str], ...] = (
    ("index", N_("arrival")),
    ("weighted", N_("weighted value")),
    ("value", N_("value")),
    ("probability", N_("probability")),
    ("idle", N_("days idle")),
    ("due", N_("next step due")),
    ("stage", N_("stage")),
    ("name", N_("company")),
)
"""Sort keys of `Game.list_customers` in the order ctrl+o cycles through them."""
