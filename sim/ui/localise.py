"""The UI's side of the language: switch it for a scenario and translate key bindings.

Textual reads a binding's description (footer, help, key panel) from a copy of the class's
BINDINGS made when a node is created; `use_language` rewrites those class copies from the
English originals, so every screen, dialog and widget created afterwards shows its keys in
the language chosen, and nothing is translated at import time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from sim import i18n
from sim.i18n import N_

_ORIGINAL: dict[type, BindingsMap | None] = {}

TEXTUAL_DESCRIPTIONS = (N_("palette"),)
"""Descriptions of Textual's own bindings shown in the footer, for the catalogue."""


def _subclasses(cls: type) -> list[type]:
    out: list[type] = []
    todo: list[type] = [cls]
    while todo:
        c = todo.pop()
        sub: type
        for sub in c.__subclasses__():
            out.append(sub)
            todo.append(sub)
    return out


def _translated(bindings: BindingsMap) -> BindingsMap:
    new = BindingsMap()
    for key, items in bindings.key_to_bindings.items():
        new.key_to_bindings[key] = [_binding(b) for b in items]
    return new


def _binding(b: Binding) -> Binding:
    description = i18n._(b.description) if b.description else b.description
    tooltip = i18n._(b.tooltip) if b.tooltip else b.tooltip
    if description == b.description and tooltip == b.tooltip:
        return b
    return replace(b, description=description, tooltip=tooltip)


_EXTRA: dict[tuple[str, str], tuple[str, str | None]] = {}
"""English description and tooltip of bindings added to live nodes, as first seen."""


def _extra(key: str, b: Binding) -> Binding:
    description, tooltip = _EXTRA.setdefault((key, b.action), (b.description, b.tooltip))
    return _binding(replace(b, description=description, tooltip=tooltip or ""))


def localise_bindings(node: Any = None) -> None:
    """Translate every node class's bindings (and those of `node`, already created)."""
    for cls in _subclasses(DOMNode):
        merged = cls.__dict__.get("_merged_bindings")
        if merged is None and cls not in _ORIGINAL:
            continue
        original = _ORIGINAL.setdefault(cls, merged)
        if original is not None:
            cls._merged_bindings = _translated(original)  # type: ignore[attr-defined]
    if node is not None:
        original = _ORIGINAL.get(type(node))
        if original is not None:
            # bindings added to the live node (e.g. the app's command palette key) are kept
            new = _translated(original)
            for key, items in node._bindings.key_to_bindings.items():
                known = {b.action for b in original.key_to_bindings.get(key, [])}
                extra = [_extra(key, b) for b in items if b.action not in known]
                if extra:
                    new.key_to_bindings.setdefault(key, []).extend(extra)
            node._bindings = new


def use_language(code: str | None, app: Any = None) -> str:
    """Show `code` from now on (screens created after this call); returns the code used."""
    lang = i18n.set_language(code)
    localise_bindings(app)
    if app is not None and app.is_running:
        app.refresh_bindings()
    return lang
