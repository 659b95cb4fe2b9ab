"""Sentences the engine says to the trainee, in English, with what a translation needs.

A `Phrase` is a `str` (the English sentence, so logs, tests and bots read it as before)
that also carries its template (`key`) and parameters; the UI and the reports pass it to
`sim.i18n.phrase` to show it in the trainee's language. The engine imports no gettext.
"""

from __future__ import annotations

from typing import Any


class Phrase(str):
    """English text filled from `key` with `params`; see the module docstring."""

    key: str
    """The template, `{name}` fields, as written in the catalogue (msgid)."""
    params: tuple[tuple[str, Any], ...]
    """The values of the fields, sorted by name."""

    def __new__(cls, key: str, /, **params: Any) -> Phrase:
        obj = super().__new__(cls, key.format(**params) if params else key)
        obj.key = key
        obj.params = tuple(sorted(params.items()))
        return obj

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.key, self.params))


def _rebuild(key: str, params: tuple[tuple[str, Any], ...]) -> Phrase:
    return Phrase(key, **dict(params))
