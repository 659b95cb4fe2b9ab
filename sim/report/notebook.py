"""The trainee's notebook in the debrief: the notes and next steps they wrote, in order,
with the customer each is about. Shown by every report format and by the debrief screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sim.engine.events import Event, NextStepSet, NoteAdded
from sim.i18n import N_, _, ntr, tr
from sim.report.fmt import step_text


@dataclass(frozen=True, slots=True)
class NotebookEntry:
    """One note or next step, as the trainee wrote it (untrusted text)."""

    day: int
    customer: int
    company: str
    kind: str
    """'note' or 'next step'."""
    text: str
    due: int | None = None
    """The day a next step is due (None for a note)."""


def notebook(log: Sequence[Event], company: Callable[[int], str]) -> tuple[NotebookEntry, ...]:
    """Every note and next step in `log`, in the order they were written."""
    out = []
    for e in log:
        match e:
            case NoteAdded(customer=i, text=text):
                out.append(NotebookEntry(e.day, i, company(i), N_("note"), text))
            case NextStepSet(customer=i, text=text, due=due):
                shown = step_text(text)
                out.append(NotebookEntry(e.day, i, company(i), N_("next step"), shown, due))
    return tuple(out)


def ghost_when(d: Any) -> str:
    """How the ghost line qualifies the ghost: '' for a finished run, else the days it
    played (the same as the unfinished run)."""
    if d.finished:
        return ""
    days = max(d.days_played - 1, 0)
    return ntr(", after the same {n} day as you", ", after the same {n} days as you", days)


def notebook_table(entries: Sequence[NotebookEntry]) -> Any:
    """The notebook as a report table (see `sim.report.tables`)."""
    from sim.report import tables

    return tables.Table(
        (N_("Day"), "#", N_("Company"), N_("Kind"), N_("What you wrote")),
        tuple(
            (
                e.day,
                e.customer,
                tables.Text(e.company),
                _(e.kind) if e.due is None else tr("next step, due day {day}", day=e.due),
                tables.Text(e.text),
            )
            for e in entries
        ),
        "rrlll",
        empty=_("You wrote no notes and set no next steps in this run."),
    )
