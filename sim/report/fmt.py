"""Report-only helpers: chart axis ceilings, result labels and the deal counts. Money, numbers and points are
formatted by the one formatting module, `sim.engine.fmt`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

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


def forecast_summary(fc: Mapping[str, Any]) -> str:
    """The forecast's figures as the debrief states them: first what the score is made of
    (skill: how much closer the trainee's chances came than the stage probabilities), then
    the money figures, said to be unscored (a forecast can be 0 % accurate in money, with
    thousands of unworked deals counted at a small chance, and still earn full points)."""
    from sim.engine.scoring import SKILL_SLOPE, SKILL_ZERO

    skill = float(fc.get("skill", 0.0))
    scale = tr(
        "as good as the stage odds earns {zero} of 100, {full} or better earns 100, "
        "{none} or worse earns 0",
        zero=f"{SKILL_ZERO * 100:.0f}",
        full=f"{(1 - SKILL_ZERO) / SKILL_SLOPE:+.0%}",
        none=f"{-SKILL_ZERO / SKILL_SLOPE:+.0%}",
    )
    head = (
        _(
            "Forecast, scored on skill: none shown, for a checkpoint missed, an empty forecast "
            "while deals stood at best case or commit, or chances far worse than the stage odds"
        )
        if skill <= -1
        else tr(
            "Forecast, scored on skill: your chances beat the stage odds by {skill}",
            skill=f"{skill:.0%}",
        )
        if skill >= 0
        else tr(
            "Forecast, scored on skill: your chances did {skill} worse than the stage odds",
            skill=f"{-skill:.0%}",
        )
    )
    money = tr(
        "Not scored: the money expected was off what was won by {bias} (money accuracy "
        "{accuracy}).",
        accuracy=f"{fc.get('accuracy', 0):.0%}",
        bias=f"{fc.get('bias', 0):+.0%}",
    )
    return tr(
        "{head} ({scale}; Brier {brier}, 0 is perfect). {money}",
        head=head,
        scale=scale,
        brier=f"{fc.get('brier', 0):.2f}",
        money=money,
    )
