"""The gettext catalogues are complete and current: every wrapped string of the package is in
sim/locale/messages.pot (else `make i18n` was forgotten), and zh_CN translates each with the
same `{fields}` (a translation that drops or invents a field would show the English)."""

from __future__ import annotations

import string
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "sim" / "locale"
KEYWORDS = {
    "_": None,
    "N_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "tr": None,
    "ntr": (1, 2),
    "Phrase": None,
}
"""Must match I18N_KEYWORDS in the Makefile (plus Babel's defaults)."""


def _msgid(m: str | tuple[str, ...]) -> str:
    return m if isinstance(m, str) else m[0]


def _extracted() -> dict[str, str]:
    found = {}
    for filename, _line, message, _comments, _ctx in extract_from_dir(
        str(ROOT),
        method_map=[("sim/**.py", "python")],
        keywords=KEYWORDS,
    ):
        found[_msgid(message)] = filename
    return found


def _catalog(path: Path, locale: str | None = None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _fields(text: str) -> set[str]:
    return {f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None}


def test_every_wrapped_string_is_in_the_template():
    pot = {_msgid(m.id) for m in _catalog(LOCALE / "messages.pot") if m.id}
    missing = {m: f for m, f in _extracted().items() if m not in pot}
    assert not missing, f"catalogue out of date (run `make i18n`): {sorted(missing.items())[:10]}"


def test_every_template_string_has_a_chinese_translation_with_the_same_fields():
    pot = {_msgid(m.id) for m in _catalog(LOCALE / "messages.pot") if m.id}
    zh = _catalog(LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.po", "zh_CN")
    untranslated, bad_fields = [], []
    for m in zh:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if not all(strings) or m.fuzzy:
            untranslated.append(_msgid(m.id))
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        for s in strings:
            if _fields(s) - set().union(*(_fields(i) for i in ids)):
                bad_fields.append(_msgid(m.id))
    translated = {_msgid(m.id) for m in zh if m.id}
    assert not sorted(pot - translated), "zh_CN lacks entries (run `make i18n`)"
    assert not untranslated, f"zh_CN leaves these untranslated: {untranslated[:10]}"
    assert not bad_fields, f"zh_CN translations with unknown fields: {bad_fields[:10]}"


def test_templates_are_literal_strings():
    """`tr`, `ntr`, `ngettext`, `N_` and `Phrase` take the English text itself, never a
    variable: extraction only sees literals, so a variable template would never be translated
    (`_(variable)` is how a string marked elsewhere with `N_` is shown)."""
    import ast

    literal_only = {"tr", "ntr", "ngettext", "N_", "Phrase", "pgettext"}
    found = []
    for path in sorted((ROOT / "sim").rglob("*.py")):
        if path.name in ("i18n.py", "phrases.py"):  # where the functions are defined
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = getattr(node.func, "id", None)
            if name not in literal_only:
                continue
            n_literals = 2 if name in ("ntr", "ngettext", "pgettext") else 1
            for arg in node.args[:n_literals]:
                if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not found, found
