"""Engine state in words for the UI: money, log events and commands as Rich `Text`.

Everything here builds `Text` objects from plain strings, so scenario and customer text is
always literal: a company called `[bold]Acme[/]` shows those characters. No Textual import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text

from sim.engine import events as E
from sim.engine.commands import Act, AddNote, Command, CommitForecast, EndDay, Schedule
from sim.engine.fmt import Formatter
from sim.engine.fmt import count as plural
from sim.i18n import N_, _, ntr, tr
from sim.report.fmt import DEFAULT_STEP, step_text

__all__ = ["DEFAULT_STEP", "hours", "plural", "step_text"]

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

RATING_STYLE = {"good": "bold green", "neutral": "yellow", "harmful": "bold red"}
RATING_MARKS = {"good": N_("✓ good"), "neutral": N_("• neutral"), "harmful": N_("✗ harmful")}


class _Marks(dict[str, str]):
    """The coach's rating marks in the current language (`RATING_MARK[rating]`)."""

    def get(self, key: str, default: Any = None) -> Any:
        return _(RATING_MARKS[key]) if key in RATING_MARKS else default

    def __getitem__(self, key: str) -> str:
        return _(RATING_MARKS[key])


RATING_MARK = _Marks(RATING_MARKS)

FORECAST_LABELS = {
    "pipeline": N_("pipeline"),
    "best_case": N_("best case"),
    "commit": N_("commit"),
    "closed": N_("closed"),
    "omitted": N_("omitted"),
}
CLOSE_REASONS = (N_("won"), N_("lost"), N_("disqualified"))
"""How a deal closes (`Customer.close_reason`), for the catalogue."""
BUYING_STYLES = (N_("relationship"), N_("consultative"))
"""A persona's buying style (`Persona.style`), for the catalogue."""


def lead(message: str) -> str:
    """A label that leads a line, translated, with the space after its colon that English
    needs ('Stage: ') and a full-width colon does not ('阶段：')."""
    text = _(message)
    return text if text.endswith(("：", " ")) else text + " "


def spaced(text: str) -> str:
    """`text` after a word: a space first, unless it opens with full-width punctuation,
    which brings its own ('（出口条件尚未满足）')."""
    return text if text[:1] in "（：；，、" else " " + text


def forecast_label(category: str) -> str:
    """A stage's forecast category in words ('best case')."""
    label = FORECAST_LABELS.get(category)
    return _(label) if label else category.replace("_", " ")


def hours(h: float) -> str:
    """`5.5 h`, or `45 min` under an hour (in the current language)."""
    if 0 < h < 1:
        return tr("{minutes} min", minutes=round(h * 60))
    return tr("{hours} h", hours=f"{h:g}")


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
            parts.append(tr("value {delta}", delta=f"{v:+,.0f}"))
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
        text.append(lead(":"))
    fm = Formatter.of(game.scenario.metadata)
    match ev:
        case E.LeadArrived():
            persona = _label(game, "persona", ev.persona)
            kind = (
                _("new referral")
                if ev.referred_by is not None
                else (_("new inbound lead") if ev.inbound else _("new lead"))
            )
            text.append(f"{kind} ({persona}, {fm.money(ev.value)})", style="cyan")
        case E.ActionTaken():
            label = _label(game, "action", ev.action)
            if ev.success is None:
                text.append(f"{label} — " + tr("answer due day {day}", day=ev.due_day))
            else:
                text.append(
                    f"{label} — " + (_("success") if ev.success else _("no luck")),
                    style="green" if ev.success else "yellow",
                )
            if ev.feedback:
                text.append(" “" + game.text(ev.feedback, c) + "”", style="italic")
            if ev.revealed:
                text.append(
                    " ("
                    + tr(
                        "learned: {facts}",
                        facts=", ".join(_fact_label(game, f) for f in ev.revealed),
                    )
                    + ")"
                )
        case E.ActionAnswered():
            label = _label(game, "action", ev.action)
            text.append(
                tr("answer to {action}", action=label)
                + " — "
                + (_("yes") if ev.success else _("no")),
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
                text.append(
                    " (" + tr("gate skipped: {unmet}", unmet=" ".join(ev.unmet)) + ")", style="red"
                )
        case E.DealClosed():
            won = ev.result == "won"
            amount = fm.money(ev.value)
            if won:
                line = tr("deal won ({amount})", amount=amount)
            elif ev.reason != "disqualified":
                line = tr("deal lost ({amount})", amount=amount)
            else:
                line = tr("deal disqualified ({amount})", amount=amount)
            text.append(line, style="bold green" if won else "bold red")
        case E.GoneCold():
            text.append(game.text(ev.text, c), style="red")
        case E.InboundSlow():
            text.append(_("inbound lead left unanswered too long"), style="red")
        case E.Rotting():
            text.append(
                tr(
                    "rotting: {days} days idle at {stage}",
                    days=ev.idle,
                    stage=_label(game, "stage", ev.stage),
                ),
                style="red",
            )
        case E.RottingSummary():
            text.append(
                ntr(
                    "still rotting: {n} deal idle past its limit",
                    "still rotting: {n} deals idle past their limit",
                    ev.deals,
                ),
                style="red",
            )
        case E.Overcontact():
            text.append(
                tr("annoyed: {contacts} contacts in one day", contacts=ev.contacts), style="red"
            )
        case E.EventFired():
            text.append(ev.label + ": ", style="magenta")
            text.append(game.text(ev.text, c))
        case E.ObjectionRaised():
            text.append(
                tr("objection: “{objection}”", objection=_objection(game, ev.objection)),
                style="bold yellow",
            )
            if ev.text:
                text.append(" " + game.text(ev.text, c), style="italic")
        case E.ObjectionHandled():
            text.append(
                tr("objection answered: “{objection}”", objection=_objection(game, ev.objection)),
                style="green",
            )
            if ev.text:
                text.append(" " + game.text(ev.text, c), style="italic")
        case E.ObjectionMishandled():
            text.append(
                tr(
                    "objection handled the wrong way: “{objection}”",
                    objection=_objection(game, ev.objection),
                ),
                style="red",
            )
            if ev.deltas:
                text.append(" (" + deltas_text(game, dict(ev.deltas)) + ")", style="dim")
        case E.ObjectionBlocked():
            text.append(
                tr(
                    "the deal cannot move on: “{objection}” is still open",
                    objection=_objection(game, ev.objection),
                ),
                style="red",
            )
        case E.ReminderDue():
            text.append(_("next step due today:") + " " + step_text(ev.text), style="yellow")
        case E.ReminderMissed():
            text.append(_("missed next step:") + " " + step_text(ev.text), style="red")
        case E.ForecastCommitted():
            text.append(
                ntr(
                    "forecast committed: {n} deal, {amount}",
                    "forecast committed: {n} deals, {amount}",
                    len(ev.deals),
                    amount=fm.money(ev.amount),
                )
            )
        case E.ForecastMissed():
            text.append(
                tr("no forecast committed at the day-{day} checkpoint", day=ev.checkpoint),
                style="red",
            )
        case E.NoteAdded():
            text.append(_("note:") + " " + ev.text, style="dim")
        case E.NextStepSet():
            text.append(tr("next step for day {day}:", day=ev.due) + " " + step_text(ev.text))
        case E.DayStarted():
            text.append(tr("day {day} begins", day=ev.day), style="dim")
        case E.DayEnded():
            text.append(tr("day {day} ends", day=ev.day), style="dim")
        case E.GameOver():
            text.append(_("the run is over"), style="bold")
        case E.GameStarted():
            text.append(_("the run starts"), style="dim")
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
        return _("buying style")
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
            text.append(_("End of day"), style="dim")
        case CommitForecast(deals=deals):
            n = len(deals)
            text.append(ntr("Forecast: {n} deal committed", "Forecast: {n} deals committed", n))
        case AddNote(customer=c, text=note):
            text.append(
                tr("Note on {company}:", company=company(game, c)) + " " + note, style="dim"
            )
        case Schedule(customer=c, day=day, text=note):
            text.append(
                tr("Next step day {day} for {company}:", day=day, company=company(game, c))
                + " "
                + step_text(note)
            )
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
