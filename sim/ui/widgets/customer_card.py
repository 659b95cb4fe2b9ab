"""The customer card: one unified record of everything the trainee knows about a customer.

Identity, deal, stage and its exit criteria, meters, discovered facts (unknown ones show the
question discovery would answer), next step, notes and the history timeline. The hidden
truth is never shown here.
"""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from sim.engine import coach
from sim.engine.fmt import Formatter
from sim.engine.outcomes import style_hidden
from sim.ui.describe import event_text
from sim.ui.widgets.buyer_lines import objection_lines, style_line

HISTORY_SHOWN = 40


def bar(value: float, low: float, high: float, width: int = 10) -> Text:
    """A meter as a bar of `width` cells and its value."""
    frac = 0.0 if high <= low else (value - low) / (high - low)
    frac = max(0.0, min(1.0, frac))
    filled = round(frac * width)
    style = "green" if frac >= 0.6 else ("yellow" if frac >= 0.3 else "red")
    text = Text(no_wrap=True)
    text.append("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {value:3.0f}")
    return text


def fact_value(fact: Any, value: Any) -> str:
    if fact.type == "bool":
        return "yes" if value else "no"
    return f"{value:g}"


def section(title: str) -> Text:
    return Text(title, style="bold underline")


def card_renderable(game: Any, index: int) -> RenderableType:
    """The whole card for customer `index` as one Rich renderable (all text literal).

    Essentials first (who, deal, stage, what the stage asks and how far along it is, what
    moves the deal on, meters); contact details, facts, notes and history below."""
    sc = game.scenario
    c = game.customers[index]
    ident = game.identity(index)
    st = game.stage_of(c)
    fm = Formatter.of(sc.metadata)
    parts: list[RenderableType] = []

    head = Text()
    head.append(ident.company, style="bold")
    head.append(f"  #{index}  ", style="dim")
    head.append(fm.money(c.value), style="bold")
    if c.value != c.initial_value:
        head.append(f" (was {fm.money(c.initial_value)})", style="dim")
    parts.append(head)
    parts.append(Text(f"{ident.contact}, {ident.title}"))
    persona = sc.persona(c.persona)
    deal = Text(persona.label if style_hidden(sc) else f"{persona.label} ({c.style})")
    origin = "inbound" if c.inbound else "existing"
    deal.append(f" · {origin}, since day {c.arrived_day}", style="dim")
    if c.inbound and c.answered_day is None and c.is_open:
        deal.append("  NEW — not answered yet", style="bold cyan")
    parts.append(deal)
    if style_hidden(sc):
        parts.append(style_line(sc, c))

    stage = Text()
    stage.append("Stage: ", style="bold")
    stage.append(f"{st.label} ({st.probability}%, {st.forecast.replace('_', ' ')})")
    if not c.is_open:
        stage.append(f" — closed day {c.closed_day}: {c.close_reason}", style="bold")
    elif game.is_rotting(c):
        stage.append(
            f" — ROTTING ({c.days_idle(game.day)} days idle, limit {st.rot_days})", style="bold red"
        )
    elif st.rot_days is not None:
        stage.append(f" — idle {c.days_idle(game.day)}/{st.rot_days} days", style="dim")
    parts.append(stage)
    if c.is_open:
        parts.extend(objection_lines(sc, c))
        parts.extend(stage_lines(game, c))
    if c.pending is not None:
        try:
            label = sc.action(c.pending.action).label
        except KeyError:
            label = c.pending.action
        parts.append(
            Text(f"  … waiting for the answer to {label} (day {c.pending.due_day})", style="yellow")
        )

    pad = max((cell_len(m.label) for m in sc.meters), default=0)
    for m in sc.meters:
        line = Text(m.label + " " * (pad - cell_len(m.label) + 1))
        line.append_text(bar(c.meters.get(m.id, m.default), m.min, m.max))
        parts.append(line)

    nxt = Text()
    nxt.append("Next step: ", style="bold")
    if c.next_step:
        day, what = c.next_step
        style = "bold red" if day < game.day else ("bold yellow" if day == game.day else "")
        nxt.append(f"day {day} — ", style=style)
        nxt.append(what, style=style)
    else:
        nxt.append("none scheduled (^t)", style="dim")
    parts.append(nxt)
    parts.append(Text(""))

    parts.append(section("What you know"))
    pad = max((cell_len(f.label) for f in sc.facts), default=0)
    for f in sc.facts:
        gap = " " * (pad - cell_len(f.label) + 1)
        if f.id in c.known:
            line = Text(f.label + gap)
            line.append(fact_value(f, c.facts.get(f.id)), style="bold")
        else:
            line = Text(f.label + gap, style="dim")
            line.append("unknown — " + f.question, style="dim italic")
        parts.append(line)
    parts.append(Text(""))

    parts.append(section("Contact"))
    parts.append(Text(f"{ident.industry} · {ident.city}", style="dim"))
    parts.append(Text(f"{ident.email} · {ident.phone}", style="dim"))
    parts.append(Text(""))

    parts.append(section("Notes"))
    if c.notes:
        for day, note in c.notes:
            line = Text(f"  d{day} ", style="dim")
            line.append(note, style="")
            parts.append(line)
    else:
        parts.append(Text("  no notes yet (^n)", style="dim"))
    parts.append(Text(""))

    parts.append(section("History"))
    seqs = c.history[-HISTORY_SHOWN:]
    if len(c.history) > HISTORY_SHOWN:
        parts.append(Text(f"  … {len(c.history) - HISTORY_SHOWN} earlier entries", style="dim"))
    for seq in reversed(seqs):
        ev = game.log[seq]
        line = Text(f"  d{ev.day} ", style="dim")
        line.append_text(event_text(game, ev, with_customer=False))
        parts.append(line)
    return Text("\n").join(parts)


def stage_lines(game: Any, c: Any) -> list[Text]:
    """Exit criteria with values and thresholds, what moves the deal on, and a bad fit's
    reason — derived from the scenario's expressions by `sim.engine.coach`."""
    out: list[Text] = []
    views = coach.criteria(game, c)
    for v in views:
        line = Text("  ")
        line.append("✓ " if v.met else "✗ ", style="bold green" if v.met else "bold red")
        line.append(v.text)
        out.append(line)
        if v.parts:
            detail = Text("      ")
            for k, p in enumerate(v.parts):
                if k:
                    detail.append(" · ", style="dim")
                detail.append(f"{p.label}{'' if p.value[:1].isdigit() else ':'} ")
                detail.append(p.value, style="green" if p.met else "red")
            out.append(detail)
        if v.better:
            out.append(Text(f"      → {v.better}", style="cyan"))
    moves = coach.moves_on(game, c)
    if moves:
        ready = all(v.met for v in views)
        line = Text("  Moves on: ", style="bold")
        line.append("; ".join(moves))
        if views and not ready:
            line.append(" (gate not met yet)", style="yellow")
        out.append(line)
    if game.evident_bad_fit(c):
        reasons = coach.bad_fit_reasons(game, c)
        line = Text("  ✗ Bad fit: ", style="bold red")
        line.append(", ".join(reasons) if reasons else "what discovery found rules them out")
        dq = next((a for a in game.scenario.actions if "disqualify" in a.tags), None)
        if dq is not None:
            line.append(f" — {dq.label} ({dq.key})", style="dim")
        out.append(line)
    return out


class CustomerCard(VerticalScroll):
    """Scrollable card; `show(game, index)` fills it."""

    DEFAULT_CSS = """
    CustomerCard { height: 1fr; padding: 0 1; }
    CustomerCard > Static { width: 100%; }
    """

    _shown: int | None = None

    def compose(self):  # type: ignore[override]
        yield Static(Text("Select a customer.", style="dim"), id="card-body")

    def show(self, game: Any, index: int | None) -> None:
        """Show customer `index` (None: nothing selected)."""
        body = self.query_one("#card-body", Static)
        if index is None or index < 0:
            body.update(Text("No customer selected.", style="dim"))
            self.border_title = None
            self._shown = None
            return
        body.update(card_renderable(game, index))
        if index != self._shown:  # a new customer starts at the top of their card
            self._shown = index
            self.scroll_home(animate=False)
