"""Card lines about the buyer as a person: the buying style the trainee has learned, and
the objections they have raised and not yet had answered (literal text, never markup)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich.text import Text

from sim.engine.objections import better, open_objections
from sim.i18n import N_, _, phrase, tr
from sim.ui.describe import lead

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.scenario.model import Scenario


def style_line(sc: Scenario, c: Customer) -> Text:
    """'Buying style: Relationship buyer' once learned, 'unknown' before."""
    line = Text()
    line.append(lead(N_("Buying style:")), style="bold")
    if "style" in c.known:
        st = sc.style(c.style)
        line.append(st.label if st is not None else c.style)
        if st is not None and st.description:
            line.append(f" — {st.description}", style="dim")
    else:
        line.append(_("unknown — ask how they like to buy"), style="dim italic")
    return line


def objection_lines(sc: Scenario, c: Customer, env: Mapping[str, Any] | None = None) -> list[Text]:
    """One line per objection the buyer has raised and nobody has answered yet:
    'Objection open: “I need my boss” — blocks the gate · answer: Meet the boss (v)' (with
    the customer's `env`, an answer that does not push the deal through an unmet gate, or
    what to do first)."""
    out = []
    for o in open_objections(sc, c):
        line = Text()
        line.append(lead(N_("Objection open:")), style="bold yellow")
        line.append(f"“{o.label}”", style="bold")
        what = (
            _("blocks the gate")
            if o.blocks == "gate"
            else tr("closing odds −{cut}", cut=f"{o.close_cut:.0%}")
        )
        line.append(f" — {what}", style="yellow")
        fix = better(sc, c, o, env)
        if fix:
            line.append(" · " + tr("answer: {action}", action=phrase(fix)), style="dim")
        out.append(line)
    return out
