"""The commands a player (the TUI, a bot, a command file) gives a `Game`: frozen dataclasses.

`Game.apply(command)` is the one entry point. `Game.commands` keeps the commands it accepted
(normalised: a forecast's deals sorted, a note's text trimmed), and `replay` applies them
again. Each command is written as one JSON object, `cmd` first then its fields in the order
declared here; `to_dict` / `from_dict` are the round trip (`from_dict` reads the command
files and stored runs of every version so far, and accepts numbers given as text as before).

Adding a command is a dataclass here with a `type` literal and its fields, a case in
`from_dict`, and a case in `Game.apply`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from sim.engine.codec import encode, omitted


class CommandError(ValueError):
    """A command object that is malformed or of an unknown kind (the message says which)."""


@dataclass(frozen=True, slots=True)
class Command:
    type: ClassVar[str] = ""


@dataclass(frozen=True, slots=True)
class Act(Command):
    """Spend time on an action for a customer."""

    type: ClassVar[Literal["act"]] = "act"
    customer: int
    action: str
    contact: int | None = omitted()
    """The member of the customer's buying committee it is aimed at (absent: the contact
    on the card, member 0)."""


@dataclass(frozen=True, slots=True)
class EndDay(Command):
    """Close today; the night passes and the next day starts."""

    type: ClassVar[Literal["end_day"]] = "end_day"


@dataclass(frozen=True, slots=True)
class CommitForecast(Command):
    """Commit which open deals close won by the end of the run (at a checkpoint), with an
    optional probability per deal."""

    type: ClassVar[Literal["forecast"]] = "forecast"
    deals: tuple[int, ...]
    probabilities: Mapping[int, float] | None = omitted()


@dataclass(frozen=True, slots=True)
class AddNote(Command):
    type: ClassVar[Literal["note"]] = "note"
    customer: int
    text: str


@dataclass(frozen=True, slots=True)
class Schedule(Command):
    """Set a customer's next step, due on `day`."""

    type: ClassVar[Literal["schedule"]] = "schedule"
    customer: int
    day: int
    text: str = ""


KINDS = ("act", "end_day", "forecast", "note", "schedule")


def to_dict(cmd: Command) -> dict[str, Any]:
    """The command as its JSON object: `cmd`, then its fields."""
    return encode(cmd, {"cmd": cmd.type})


def from_dict(data: Mapping[str, Any]) -> Command:
    """A command from its JSON object (numbers may be given as text, as always)."""
    kind = data.get("cmd") if isinstance(data, Mapping) else None
    try:
        if kind == "act":
            contact = int(data.get("contact") or 0)  # 0 is the card's contact: not written
            return Act(int(data["customer"]), str(data["action"]), contact or None)
        if kind == "end_day":
            return EndDay()
        if kind == "forecast":
            probs = {int(k): float(v) for k, v in (data.get("probabilities") or {}).items()}
            return CommitForecast(tuple(int(x) for x in data.get("deals", [])), probs or None)
        if kind == "note":
            return AddNote(int(data["customer"]), str(data["text"]))
        if kind == "schedule":
            return Schedule(int(data["customer"]), int(data["day"]), str(data.get("text", "")))
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as e:
        raise CommandError(f"malformed command {data!r:.200}: {e}") from None
    raise CommandError(f"unknown command {kind!r}")


def parse_all(data: Iterable[Mapping[str, Any]]) -> list[Command]:
    """The commands of a stored list that read; one that does not is left out (the game
    refused it when it was given, so a replay is the same without it)."""
    out = []
    for d in data:
        try:
            out.append(from_dict(d))
        except CommandError:
            continue
    return out
