"""Engine state in words for the UI: money, log events and commands as Rich `Text`.

Everything here builds `Text` objects from plain strings, so scenario and customer text is
always literal: a company called `[bold]Acme[/]` shows those characters. No Textual import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from sim.engine import events as E
from sim.engine.commands import Act, AddNote, Command, CommitForecast, EndDay, Schedule
from sim.engine.fmt import Formatter, hours
from sim.engine.fmt import count as plural

__all__ = ["hours", "plural"]

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

RATING_STYLE = {"good": "bold green", "neutral": "yellow", "harmful": "bold red"}
RATING_MARK = {"good": "✓ good", "neutral": "• neutral", "harmful": "✗ harmful"}


def company(game: Game, index: int | None) -> str:
    """The company name of customer `index` (plain text), or '' for none."""
    if index is None or not 0 <= index < len(game.customers):
        return ""
    return game.identity(index).company


def _label(game: Game, kind: str, ident: str) -> str:
    sc = game.scenario
    try:
        if kind == "stage":
            return sc.stage(ident).label
        if kind == "action":
            return sc.action(ident).label
        if kind == "persona":
            return sc.persona(ident).label
    except KeyError:
        pass
    return ident


def deltas_text(game: Game, deltas: Mapping[str, float] | None) -> str:
    """`interest +6, trust +5` for meter changes."""
    if not deltas:
        return ""
    parts = []
    for k, v in deltas.items():
        if k == "value":
            parts.append(f"value {v:+,.0f}")
        else:
            try:
                label = game.scenario.meter(k).label.lower()
            except KeyError:
                label = k
            parts.append(f"{label} {v:+g}")
    return ", ".join(parts)


def event_text(game: Game, ev: E.Event, with_customer: bool = True) -> Text:
    """One log event as a line of literal text (styled by kind)."""
    c = ev.customer if isinstance(ev, E.CustomerEvent) else None
    who = company(game, c) if with_customer and c is not None else ""
    text = Text()
    if who:
        text.append(who, style="bold")
        text.append(": ")
    fm = Formatter.of(game.scenario.metadata)
    match ev:
        case E.LeadArrived():
            persona = _label(game, "persona", ev.persona)
            kind = (
                "referral"
                if ev.referred_by is not None
                else ("inbound lead" if ev.inbound else "lead")
            )
            text.append(f"new {kind} ({persona}, {fm.money(ev.value)})", style="cyan")
        case E.ActionTaken():
            label = _label(game, "action", ev.action)
            if ev.success is None:
                text.append(f"{label} — answer due day {ev.due_day}")
            else:
                text.append(
                    f"{label} — {'success' if ev.success else 'no luck'}",
                    style="green" if ev.success else "yellow",
                )
            if ev.feedback:
                text.append(" “" + game.text(ev.feedback, c) + "”", style="italic")
            if ev.revealed:
                text.append(
                    " (learned: " + ", ".join(_fact_label(game, f) for f in ev.revealed) + ")"
                )
        case E.ActionAnswered():
            label = _label(game, "action", ev.action)
            text.append(
                f"answer to {label} — {'yes' if ev.success else 'no'}",
                style="green" if ev.success else "yellow",
            )
            if ev.feedback:
                text.append(" “" + game.text(ev.feedback, c) + "”", style="italic")
        case E.StageChanged():
            text.append(
                f"{_label(game, 'stage', ev.from_)} → {_label(game, 'stage', ev.to)}",
                style="bold blue",
            )
            if ev.unmet:
                text.append(" (gate skipped: " + " ".join(ev.unmet) + ")", style="red")
        case E.DealClosed():
            won = ev.result == "won"
            reason = "won" if won else ev.reason
            text.append(
                f"deal {reason} ({fm.money(ev.value)})", style="bold green" if won else "bold red"
            )
        case E.GoneCold():
            text.append(game.text(ev.text, c), style="red")
        case E.InboundSlow():
            text.append("inbound lead left unanswered too long", style="red")
        case E.Rotting():
            text.append(
                f"rotting: {ev.idle} days idle at {_label(game, 'stage', ev.stage)}", style="red"
            )
        case E.RottingSummary():
            text.append(
                f"still rotting: {plural(ev.deals, 'deal')} idle past their limit", style="red"
            )
        case E.Overcontact():
            text.append(f"annoyed: {ev.contacts} contacts in one day", style="red")
        case E.EventFired():
            text.append(ev.label + ": ", style="magenta")
            text.append(game.text(ev.text, c))
        case E.ObjectionRaised():
            text.append(f"objection: “{_objection(game, ev.objection)}”", style="bold yellow")
            if ev.text:
                text.append(" " + game.text(ev.text, c), style="italic")
        case E.ObjectionHandled():
            text.append(f"objection answered: “{_objection(game, ev.objection)}”", style="green")
            if ev.text:
                text.append(" " + game.text(ev.text, c), style="italic")
        case E.ObjectionMishandled():
            text.append(
                f"objection handled the wrong way: “{_objection(game, ev.objection)}”",
                style="red",
            )
            if ev.deltas:
                text.append(" (" + deltas_text(game, dict(ev.deltas)) + ")", style="dim")
        case E.ObjectionBlocked():
            text.append(
                f"the deal cannot move on: “{_objection(game, ev.objection)}” is still open",
                style="red",
            )
        case E.ReminderDue():
            text.append("next step due today: " + ev.text, style="yellow")
        case E.ReminderMissed():
            text.append("missed next step: " + ev.text, style="red")
        case E.ForecastCommitted():
            text.append(
                f"forecast committed: {plural(len(ev.deals), 'deal')}, {fm.money(ev.amount)}"
            )
        case E.ForecastMissed():
            text.append(f"no forecast committed at the day-{ev.checkpoint} checkpoint", style="red")
        case E.NoteAdded():
            text.append("note: " + ev.text, style="dim")
        case E.NextStepSet():
            text.append(f"next step for day {ev.due}: " + ev.text)
        case E.DayStarted():
            text.append(f"day {ev.day} begins", style="dim")
        case E.DayEnded():
            text.append(f"day {ev.day} ends", style="dim")
        case E.GameOver():
            text.append("the run is over", style="bold")
        case E.GameStarted():
            text.append("the run starts", style="dim")
        case E.UnknownEvent():
            text.append(ev.name)
        case _:
            text.append(ev.type)
    return text


def _objection(game: Game, objection_id: str) -> str:
    for o in game.scenario.objections:
        if o.id == objection_id:
            return str(o.label)
    return objection_id


def _fact_label(game: Game, fact_id: str) -> str:
    if fact_id == "style":
        return "buying style"
    for f in game.scenario.facts:
        if f.id == fact_id:
            return f.label.lower()
    return fact_id


def command_text(game: Game, cmd: Command) -> Text:
    """One command of the game's history ('Phone call → Acme Corp') as literal text."""
    text = Text()
    match cmd:
        case Act(customer=c, action=a):
            text.append(_label(game, "action", a), style="bold")
            text.append(" → " + company(game, c))
        case EndDay():
            text.append("End of day", style="dim")
        case CommitForecast(deals=deals):
            n = len(deals)
            text.append(f"Forecast: {n} deal{'s' if n != 1 else ''} committed")
        case AddNote(customer=c, text=note):
            text.append("Note on " + company(game, c) + ": " + note, style="dim")
        case Schedule(customer=c, day=day, text=note):
            text.append(f"Next step day {day} for " + company(game, c) + ": " + note)
        case _:
            text.append(cmd.type)
    return text


def command_days(commands: Sequence[Command]) -> list[int]:
    """The day on which each command was given (commands carry no day; end_day counts them)."""
    day = 1
    days = []
    for cmd in commands:
        days.append(day)
        if isinstance(cmd, EndDay):
            day += 1
    return days
