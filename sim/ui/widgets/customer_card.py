"""The customer card: one unified record of everything the trainee knows about a customer.

Essentials first, so they fit the top of the card even at 80x24: the deal and its stage,
the exit criteria with value and threshold, what moves the deal on, the meters and the next
step. Below them what discovery found, the contact and company, notes and the history. The
hidden truth is never shown here.

The card is a list of sections (`SECTIONS`): each is a function from a `CardView` to the
lines it adds. A new construct (objections, a committee, a learned style) adds its own
function to the list at the place it belongs instead of growing one long function.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len, set_cell_size
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from sim.engine import coach, committee
from sim.engine.fmt import Formatter
from sim.engine.outcomes import style_hidden
from sim.i18n import N_, _, ntr, phrase, tr
from sim.ui.describe import event_text, forecast_label, lead, spaced, step_text
from sim.ui.widgets.buyer_lines import objection_lines, style_line
from sim.ui.widgets.prerendered import Prerendered

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.customer import Customer
    from sim.engine.game import Game
    from sim.scenario.model import Fact

HISTORY_SHOWN = 40
NARROW = 44
"""Below this many cells of card width the card uses its compact layout."""
LEVELS = " ▁▂▃▄▅▆▇█"
"""A one-cell bar: the glyph for eighths 0..8."""


def bar(value: float, low: float, high: float, width: int = 10) -> Text:
    """A meter as a bar of `width` cells and its value."""
    frac = 0.0 if high <= low else (value - low) / (high - low)
    frac = max(0.0, min(1.0, frac))
    filled = round(frac * width)
    style = "green" if frac >= 0.6 else ("yellow" if frac >= 0.3 else "red")
    text = Text(no_wrap=True)
    if width == 1:  # one cell: its height shows the level
        level = round(frac * 8)
        text.append(LEVELS[level] if level else "░", style=style if level else "dim")
        text.append(f" {value:3.0f}")
        return text
    text.append("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {value:3.0f}")
    return text


def fact_value(fact: Fact, value: object) -> str:
    """A discovered fact's value as the card shows it: yes / no, or the number."""
    if fact.type == "bool":
        return _("yes") if value else _("no")
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def day_mark(day: int) -> str:
    """The short day stamp of a note or a history line ('d3')."""
    return tr("d{day}", day=day)


def section(title: str) -> Text:
    return Text(title, style="bold underline")


def hang(lead: str | Text, body: Text, style: str = "") -> Table:
    """`lead` then `body`; wrapped lines of the body stay indented under its first line."""
    grid = Table.grid(padding=0, expand=True)
    lead_text = Text(lead, style=style) if isinstance(lead, str) else lead
    grid.add_column(width=max(1, cell_len(lead_text.plain)), no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(lead_text, body)
    return grid


@dataclass(frozen=True)
class CardView:
    """What every section reads: the game, the customer and the card's width."""

    game: Game
    index: int
    width: int
    """Cells available for text (0: unknown, laid out as wide)."""

    @property
    def narrow(self) -> bool:
        return 0 < self.width < NARROW

    @property
    def c(self) -> Customer:
        return self.game.customers[self.index]


Section = Callable[[CardView], list[RenderableType]]


# ---------------------------------------------------------------- essentials
def head_section(v: CardView) -> list[RenderableType]:
    """The deal (the company is in the border title) and the stage with its clock."""
    game, c = v.game, v.c
    sc = game.scenario
    fm = Formatter.of(sc.metadata)
    st = game.stage_of(c)
    head = Text()
    if not v.narrow:  # the company is the card's border title
        head.append(f"#{v.index}  ", style="dim")
    head.append(fm.money(c.value), style="bold")
    if c.value != c.initial_value:
        head.append(spaced(tr("(was {amount})", amount=fm.money(c.initial_value))), style="dim")
    if c.inbound and c.answered_day is None and c.is_open:
        head.append("  " + _("NEW — not answered yet"), style="bold cyan")
    stage = head.copy() if v.narrow else Text()  # narrow: value and stage share a line
    if v.narrow:
        stage.append(" · ")
    else:
        stage.append(lead(N_("Stage:")), style="bold")
    stage.append(st.label, style="bold")
    if v.narrow:
        stage.append(f" {st.probability}%")
    else:
        stage.append(f" ({st.probability}%, {forecast_label(st.forecast)})")
    if not c.is_open:
        reason = _(c.close_reason) if c.close_reason else ""
        stage.append(
            " — " + tr("closed day {day}: {reason}", day=c.closed_day, reason=reason), style="bold"
        )
    elif game.is_rotting(c):
        stage.append(
            " — "
            + tr(
                "ROTTING {days} days idle (limit {limit})",
                days=c.days_idle(game.day),
                limit=st.rot_days,
            ),
            style="bold red",
        )
    elif st.rot_days is not None:
        idle = c.days_idle(game.day)
        text = (
            tr("idle {idle}/{limit}d", idle=idle, limit=st.rot_days)
            if v.narrow
            else tr("idle {idle}/{limit} days", idle=idle, limit=st.rot_days)
        )
        stage.append(" · " + text, style="dim")
    return [stage] if v.narrow else [head, stage]


def criteria_section(v: CardView) -> list[RenderableType]:
    """Exit criteria with values and thresholds, what builds each, what moves the deal on,
    a bad fit's reason and an answer still awaited — from `sim.engine.coach`."""
    game, c = v.game, v.c
    if not c.is_open:
        return []
    out: list[RenderableType] = []
    views = coach.criteria(game, c)
    moves = coach.moves_on(game, c)
    if moves:
        body = Text()
        body.append(lead(N_("Moves on:")), style="bold")
        body.append(_("; ").join(phrase(m) for m in moves))
        if any(not cv.met and not cv.unsure for cv in views):  # the ✗ lines below
            body.append(spaced(_("(gate not met yet)")), style="yellow")
        elif any(cv.unsure for cv in views):  # the ? lines below
            body.append(spaced(_("(gate depends on the buyer's style)")), style="yellow")
        blocked = coach.moves_on_blocked(game, c)
        if blocked:
            answers = _("; ").join(phrase(b) for b in blocked)
            body.append(
                " — " + tr("blocked until you answer: {objections}", objections=answers),
                style="yellow",
            )
        out.append(hang("▶ ", body, style="bold"))
    for cv in views:
        # Narrow: the tested values say what the criterion is; its sentence only if none.
        body = Text("" if v.narrow and cv.parts else cv.text)
        if cv.parts:
            if body.plain:
                body.append("\n")
            for k, p in enumerate(cv.parts):
                if k:
                    body.append(" · ", style="dim")
                body.append(f"{p.label}{'' if p.value[:1].isdigit() else ':'} ")
                shown = "?" if v.narrow and p.value == "unknown" else phrase(p.value)
                body.append(shown, style="green" if p.met else "red")
        if cv.unsure:
            body.append("\n? " + phrase(coach.style_hint(game.scenario, c)), style="yellow")
        if cv.better:
            body.append("\n→ " + phrase(cv.better), style="cyan")
        mark = Text("✓ " if cv.met else "✗ ", style="bold green" if cv.met else "bold red")
        if cv.unsure:
            mark = Text("? ", style="bold yellow")
        out.append(hang(mark, body))
    if game.evident_bad_fit(c):
        reasons = coach.bad_fit_reasons(game, c)
        body = Text()
        body.append(lead(N_("Bad fit:")), style="bold red")
        body.append(
            _(", ").join(phrase(r) for r in reasons)
            if reasons
            else _("what discovery found rules them out")
        )
        dq = next((a for a in game.scenario.actions if "disqualify" in a.tags), None)
        if dq is not None:
            body.append(f" — {dq.label} ({dq.key})", style="dim")
        out.append(hang("✗ ", body, style="bold red"))
    if c.pending is not None:
        sc = game.scenario
        try:
            label = sc.action(c.pending.action).label
        except KeyError:
            label = c.pending.action
        body = Text(
            tr("the answer to {action} (day {day})", action=label, day=c.pending.due_day),
            style="yellow",
        )
        out.append(hang("… " + _("waiting for") + " ", body, style="yellow"))
    return out


def objections_section(v: CardView) -> list[RenderableType]:
    """Objections the buyer raised and nobody has answered: they block the gate or cut the
    closing odds, so they sit with the criteria."""
    if not v.c.is_open:
        return []
    sc = v.game.scenario
    env = v.c.env(sc, v.game.day) if v.c.objections else None
    return list(objection_lines(sc, v.c, env))


def style_section(v: CardView) -> list[RenderableType]:
    """The buying style, when the scenario makes the trainee learn it."""
    sc = v.game.scenario
    return [style_line(sc, v.c)] if style_hidden(sc) else []


def committee_section(v: CardView) -> list[RenderableType]:
    """The buying committee, one line each: who, role, personal meters, engaged or not."""
    people = committee.people(v.game, v.index)
    if not people:
        return []
    n = sum(1 for p in people if p["engaged"])
    out: list[RenderableType] = [
        Text(tr("Committee: {n} of {total} engaged", n=n, total=len(people)), style="bold")
    ]
    for p in people:
        mark = Text(
            "  ✓ " if p["engaged"] else "  · ", style="bold green" if p["engaged"] else "dim"
        )
        body = Text(f"{p['name']}, {p['title']}")
        body.append(f" — {phrase(p['role_label'])}", style="cyan")
        for meter, value in p["meters"].items():
            body.append(f" · {meter_word(v.game, meter)} {value}", style="dim")
        out.append(hang(mark, body))
    return out


def meter_word(game: Game, meter: str) -> str:
    """A meter's label in running text ('trust'); its id when the scenario has no such meter."""
    try:
        return game.scenario.meter(meter).label.lower()
    except KeyError:
        return meter


def short_label(label: str, width: int = 12) -> str:
    """A meter's label for the compact layout: as is when short, else its last word
    ('Consultative depth' → 'Depth'), else cut with an ellipsis."""
    if cell_len(label) <= width:
        return label
    last = label.split()[-1] if label.split() else label
    if 4 <= cell_len(last) <= width:
        return last[:1].upper() + last[1:]
    return set_cell_size(label, width - 1) + "…"


def meters_section(v: CardView) -> list[RenderableType]:
    """The meters two to a line: label, a bar (one cell when narrow) and the value."""
    sc, c = v.game.scenario, v.c
    meters = list(sc.meters)
    if not meters:
        return []
    labels = [short_label(m.label) for m in meters]
    pad = max(cell_len(s) for s in labels)
    avail = (v.width or 52) - 1
    bar_w = max(1, min(8, avail // 2 - (pad + 6)))
    grid = Table.grid(padding=(0, 1, 0, 0))
    for _col in range(2):
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
    row: list[RenderableType] = []
    for m, label in zip(meters, labels, strict=True):
        value = c.meters.get(m.id, m.default)
        row.append(Text(label if not row else " " + label))
        row.append(bar(value, m.min, m.max, bar_w))
        if len(row) == 4:
            grid.add_row(*row)
            row = []
    if row:
        grid.add_row(*row, *([Text("")] * (4 - len(row))))
    return [grid]


def next_step_section(v: CardView) -> list[RenderableType]:
    game, c = v.game, v.c
    nxt = Text()
    nxt.append(lead(N_("Next step:")), style="bold")
    if c.next_step:
        day, what = c.next_step
        style = "bold red" if day < game.day else ("bold yellow" if day == game.day else "")
        nxt.append(tr("day {day}", day=day) + " — ", style=style)
        nxt.append(step_text(what), style=style)
    else:
        nxt.append(_("none scheduled (^t)"), style="dim")
    return [nxt]


# ---------------------------------------------------------------- details
def facts_section(v: CardView) -> list[RenderableType]:
    sc, c = v.game.scenario, v.c
    out: list[RenderableType] = [Text(""), section(_("What you know"))]
    pad = max((cell_len(f.label) for f in sc.facts), default=0)
    for f in sc.facts:
        gap = " " * (pad - cell_len(f.label) + 1)
        if f.id in c.known:
            line = Text(f.label + gap)
            line.append(fact_value(f, c.facts.get(f.id)), style="bold")
            out.append(line)
        else:
            body = Text(_("unknown") + " — " + f.question, style="dim italic")
            out.append(hang(f.label + gap, body, style="dim"))
    return out


def contact_section(v: CardView) -> list[RenderableType]:
    game, c = v.game, v.c
    ident = game.identity(v.index)
    sc = game.scenario
    persona = sc.persona(c.persona)
    deal = Text(persona.label if style_hidden(sc) else f"{persona.label} ({_(c.style)})")
    origin = _("inbound") if c.inbound else _("existing")
    deal.append(
        " · " + tr("{origin}, since day {day}", origin=origin, day=c.arrived_day), style="dim"
    )
    return [
        Text(""),
        section(_("Contact")),
        Text(f"{ident.contact}, {ident.title}"),
        deal,
        Text(f"{ident.industry} · {ident.city}", style="dim"),
        Text(f"{ident.email} · {ident.phone}", style="dim"),
    ]


def notes_section(v: CardView) -> list[RenderableType]:
    out: list[RenderableType] = [Text(""), section(_("Notes"))]
    if v.c.notes:
        for day, note in v.c.notes:
            out.append(hang(Text(f"  {day_mark(day)} ", style="dim"), Text(note)))
    else:
        out.append(Text("  " + _("no notes yet (^n)"), style="dim"))
    return out


def history_section(v: CardView) -> list[RenderableType]:
    game, c = v.game, v.c
    out: list[RenderableType] = [Text(""), section(_("History"))]
    seqs = c.history[-HISTORY_SHOWN:]
    if len(c.history) > HISTORY_SHOWN:
        n = len(c.history) - HISTORY_SHOWN
        out.append(Text("  … " + ntr("{n} earlier entry", "{n} earlier entries", n), style="dim"))
    for seq in reversed(seqs):
        ev = game.log[seq]
        out.append(
            hang(
                Text(f"  {day_mark(ev.day)} ", style="dim"),
                event_text(game, ev, with_customer=False),
            )
        )
    return out


SECTIONS: list[Section] = [
    head_section,
    criteria_section,
    objections_section,
    meters_section,
    committee_section,
    next_step_section,
    style_section,
    facts_section,
    contact_section,
    notes_section,
    history_section,
]
"""The card from top to bottom. Essentials (through the next step) come first."""


def card_renderable(game: Game, index: int, width: int = 0) -> RenderableType:
    """The whole card for customer `index` as one Rich renderable (all text literal), laid
    out for `width` cells (0: unknown, the wide layout)."""
    v = CardView(game, index, width)
    return Group(*(line for part in SECTIONS for line in part(v)))


def card_lines(game: Game, index: int, width: int = 52) -> list[str]:
    """The card as plain lines `width` cells wide, as a trainee reads it (for tests and
    tools; trailing spaces stripped)."""
    from rich.console import Console

    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(card_renderable(game, index, width))
    return [line.rstrip() for line in console.export_text().splitlines()]


class CustomerCard(VerticalScroll):
    """Scrollable card; `show(game, index)` fills it. Focused (Tab), the arrows and PgUp/PgDn
    scroll it; ← or Esc go back to the list. Actions always act on the customer it shows."""

    BINDINGS = [Binding("left", "leave", N_("Back to the list"), show=False)]

    DEFAULT_CSS = """
    CustomerCard { height: 1fr; padding: 0 0 0 1; scrollbar-size-vertical: 1; }
    CustomerCard > Prerendered { width: 100%; }
    """

    _shown: int | None = None
    _game: Game | None = None
    _width = 0

    def compose(self) -> ComposeResult:
        yield Prerendered(Text(_("Select a customer."), style="dim"), id="card-body")

    def _text_width(self) -> int:
        width = self.scrollable_content_region.width
        if width <= 0:  # not laid out yet: judge by the terminal, as the stylesheet does
            width = 34 if self.app.size.width < 110 else 52
        return width

    def show(self, game: Game, index: int | None) -> None:
        """Show customer `index` (None: nothing selected)."""
        body = self.query_one("#card-body", Prerendered)
        self._game = game
        if index is None or index < 0:
            body.update(Text(_("No customer selected."), style="dim"))
            self.border_title = None
            self._shown = None
            return
        self._width = self._text_width()
        body.update(card_renderable(game, index, self._width))
        if index != self._shown:  # a new customer starts at the top of their card
            self._shown = index
            self.scroll_home(animate=False)

    def action_leave(self) -> None:
        """Give the focus back to the widget before the card (the customer list)."""
        self.screen.focus_previous()

    def on_resize(self, event: events.Resize) -> None:
        """Switch between the compact and the wide layout when the card's width changes."""
        if self._game is None or self._shown is None:
            return
        if (0 < self._text_width() < NARROW) != (0 < self._width < NARROW):
            self.show(self._game, self._shown)
