"""Engine state in words for the UI: money, log events and commands as Rich `Text`.

Everything here builds `Text` objects from plain strings, so scenario and customer text is
always literal: a company called `[bold]Acme[/]` shows those characters. No Textual import.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CHF": "CHF "}

RATING_STYLE = {"good": "bold green", "neutral": "yellow", "harmful": "bold red"}
RATING_MARK = {"good": "✓ good", "neutral": "• neutral", "harmful": "✗ harmful"}


def money(value: float, currency: str = "USD") -> str:
    """`$12,300` style amount."""
    sym = SYMBOLS.get(currency, currency + " ")
    return f"{sym}{value:,.0f}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 deal`, `2 deals` (`many` for irregular plurals)."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def hours(h: float) -> str:
    """`5.5 h`, or `45 min` under an hour."""
    if 0 < h < 1:
        return f"{round(h * 60)} min"
    return f"{h:g} h"


def compact(value: float, currency: str = "USD") -> str:
    """`$12.3k` style amount for tight spaces."""
    sym = SYMBOLS.get(currency, currency + " ")
    v = abs(value)
    if v >= 1_000_000:
        s = f"{value / 1_000_000:.1f}M"
    elif v >= 10_000:
        s = f"{value / 1000:.0f}k"
    elif v >= 1000:
        s = f"{value / 1000:.1f}k"
    else:
        s = f"{value:.0f}"
    return sym + s


def company(game: Any, index: int | None) -> str:
    """The company name of customer `index` (plain text), or '' for none."""
    if index is None or not 0 <= index < len(game.customers):
        return ""
    return game.identity(index).company


def _label(game: Any, kind: str, ident: str) -> str:
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


def deltas_text(game: Any, deltas: dict[str, float] | None) -> str:
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


def event_text(game: Any, ev: dict[str, Any], with_customer: bool = True) -> Text:
    """One log event as a line of literal text (styled by kind)."""
    t = ev["type"]
    c = ev.get("customer")
    who = company(game, c) if with_customer and c is not None else ""
    text = Text()
    if who:
        text.append(who, style="bold")
        text.append(": ")
    cur = game.scenario.metadata.currency
    if t == "lead_arrived":
        persona = _label(game, "persona", ev["persona"])
        kind = (
            "referral" if "referred_by" in ev else ("inbound lead" if ev.get("inbound") else "lead")
        )
        text.append(f"new {kind} ({persona}, {money(ev['value'], cur)})", style="cyan")
    elif t == "action":
        label = _label(game, "action", ev["action"])
        if ev.get("success") is None:
            text.append(f"{label} — answer due day {ev.get('due_day')}")
        else:
            text.append(
                f"{label} — {'success' if ev['success'] else 'no luck'}",
                style="green" if ev["success"] else "yellow",
            )
        if ev.get("feedback"):
            text.append(" “" + game.text(ev["feedback"], c) + "”", style="italic")
        if ev.get("revealed"):
            text.append(
                " (learned: " + ", ".join(_fact_label(game, f) for f in ev["revealed"]) + ")"
            )
    elif t == "outcome":
        label = _label(game, "action", ev["action"])
        text.append(
            f"answer to {label} — {'yes' if ev['success'] else 'no'}",
            style="green" if ev["success"] else "yellow",
        )
        if ev.get("feedback"):
            text.append(" “" + game.text(ev["feedback"], c) + "”", style="italic")
    elif t == "stage_changed":
        text.append(
            f"{_label(game, 'stage', ev['from'])} → {_label(game, 'stage', ev['to'])}",
            style="bold blue",
        )
        if ev.get("unmet"):
            text.append(" (gate skipped: " + " ".join(ev["unmet"]) + ")", style="red")
    elif t == "deal_closed":
        won = ev["result"] == "won"
        reason = "won" if won else ev.get("reason", "lost")
        text.append(
            f"deal {reason} ({money(ev['value'], cur)})", style="bold green" if won else "bold red"
        )
    elif t == "gone_cold":
        text.append(game.text(ev.get("text", "gone cold"), c), style="red")
    elif t == "inbound_slow":
        text.append("inbound lead left unanswered too long", style="red")
    elif t == "rotting":
        text.append(
            f"rotting: {ev['idle']} days idle at {_label(game, 'stage', ev['stage'])}", style="red"
        )
    elif t == "rotting_summary":
        text.append(
            f"still rotting: {plural(ev['deals'], 'deal')} idle past their limit", style="red"
        )
    elif t == "overcontact":
        text.append(f"annoyed: {ev['contacts']} contacts in one day", style="red")
    elif t == "event":
        text.append(ev.get("label", ev.get("event", "event")) + ": ", style="magenta")
        text.append(game.text(ev.get("text", ""), c))
    elif t == "reminder_due":
        text.append("next step due today: " + ev.get("text", ""), style="yellow")
    elif t == "reminder_missed":
        text.append("missed next step: " + ev.get("text", ""), style="red")
    elif t == "forecast":
        text.append(
            f"forecast committed: {plural(len(ev['deals']), 'deal')}, {money(ev['amount'], cur)}"
        )
    elif t == "forecast_missed":
        text.append(f"no forecast committed at the day-{ev['checkpoint']} checkpoint", style="red")
    elif t == "note":
        text.append("note: " + ev.get("text", ""), style="dim")
    elif t == "next_step":
        text.append(f"next step for day {ev['due']}: " + ev.get("text", ""))
    elif t == "day_started":
        text.append(f"day {ev['day']} begins", style="dim")
    elif t == "day_ended":
        text.append(f"day {ev['day']} ends", style="dim")
    elif t == "game_over":
        text.append("the run is over", style="bold")
    elif t == "game_started":
        text.append("the run starts", style="dim")
    else:
        text.append(t)
    return text


def _fact_label(game: Any, fact_id: str) -> str:
    for f in game.scenario.facts:
        if f.id == fact_id:
            return f.label.lower()
    return fact_id


def command_text(game: Any, cmd: dict[str, Any]) -> Text:
    """One command of the game's history ('Phone call → Acme Corp') as literal text."""
    kind = cmd.get("cmd")
    c = cmd.get("customer")
    text = Text()
    if kind == "act":
        text.append(_label(game, "action", cmd["action"]), style="bold")
        text.append(" → " + company(game, c))
    elif kind == "end_day":
        text.append("End of day", style="dim")
    elif kind == "forecast":
        n = len(cmd.get("deals", []))
        text.append(f"Forecast: {n} deal{'s' if n != 1 else ''} committed")
    elif kind == "note":
        text.append("Note on " + company(game, c) + ": " + str(cmd.get("text", "")), style="dim")
    elif kind == "schedule":
        text.append(
            f"Next step day {cmd.get('day')} for "
            + company(game, c)
            + ": "
            + str(cmd.get("text", ""))
        )
    else:
        text.append(str(kind))
    return text


def command_days(commands: list[dict[str, Any]]) -> list[int]:
    """The day on which each command was given (commands carry no day; end_day counts them)."""
    day = 1
    days = []
    for cmd in commands:
        days.append(day)
        if cmd.get("cmd") == "end_day":
            day += 1
    return days
