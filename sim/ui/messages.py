"""Messages widgets post upward with the player's intent; screens turn them into commands."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class CustomerHighlighted(Message):
    """The cursor moved to a customer (or to no customer: -1)."""

    customer: int
    """Customer index in the game."""


@dataclass
class CustomerChosen(Message):
    """The player pressed enter / clicked on a customer: work on this one."""

    customer: int
    """Customer index in the game."""


@dataclass
class ActionChosen(Message):
    """The player picked an action for a customer."""

    customer: int
    """Customer index in the game."""
    action: str
    """Action id from the scenario."""


@dataclass
class StageFilterChosen(Message):
    """The player clicked a stage column of the pipeline board."""

    stage: str | None
    """Stage id to show, or None for all stages."""


@dataclass
class SortChosen(Message):
    """The player clicked a column heading of the customer table."""

    sort: str
    """A sort key of `Game.list_customers`."""


@dataclass
class FilterChanged(Message):
    """The player edited the type-to-filter text (posted straight to the screen)."""

    text: str
    """The whole filter text now."""
