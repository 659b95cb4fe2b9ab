"""Report-only helpers: chart axis ceilings, result labels and the deal counts. Money, numbers and points are
formatted by the one formatting module, `sim.engine.fmt`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sim.i18n import N_, _, tr

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (for chart axes)."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    base = 10.0**exp
    for m in (1, 2, 2.5, 5, 10):
        if m * base >= value - 1e-9:
            return m * base
    return 10 * base


DEFAULT_STEP = N_("Follow up")
"""The next step the game saves when the trainee leaves its text empty (logged in English)."""


def step_text(text: str) -> str:
    """A next step's text as the trainee reads it: the default one in their language."""
    return _(text) if text == DEFAULT_STEP else text


def result_label(result: str) -> str:
    label = {
        "won": N_("Won"),
        "lost": N_("Lost"),
        "disqualified": N_("Disqualified"),
        "open": N_("Open"),
    }.get(result)
    return _(label) if label else result


def deal_counts(won: int, lost: int, disqualified: int, open_: int) -> str:
    """The run's deals as every end-of-run line says them. A disqualified bad fit is hygiene,
    not a lost sale, so it has its own count (the win rate still counts it as closed)."""
    return tr(
        "won {won}, lost {lost}, disqualified {disqualified}, open {open}",
        won=won,
        lost=lost,
        disqualified=disqualified,
        open=open_,
    )


def game_deal_counts(game: Game) -> str:
    """`deal_counts` of a game in play or over (`Game.outcome` counts disqualified as lost)."""
    o = game.outcome()
    disqualified = sum(1 for c in game.customers if c.close_reason == "disqualified")
    return deal_counts(o["won"], o["lost"] - disqualified, disqualified, o["open"])
