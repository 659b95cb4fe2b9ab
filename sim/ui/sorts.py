"""The desk's sort orders: `Game.list_customers` keys with the labels the UI shows.

Kept apart from the desk screen so the command palette (sim/ui/commands.py) can list them
without importing the screen that imports it.
"""

from __future__ import annotations

SORTS: tuple[tuple[str, str], ...] = (
    ("index", "arrival"),
    ("weighted", "weighted value"),
    ("value", "value"),
    ("probability", "probability"),
    ("idle", "days idle"),
    ("due", "next step due"),
    ("stage", "stage"),
    ("name", "company"),
)
"""Sort keys of `Game.list_customers` in the order ctrl+o cycles through them."""
