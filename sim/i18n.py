"""The language of what salesim shows: gettext catalogues in sim/locale, the current
language, and `_` / `ngettext` / `tr` for the UI, the reports and the CLI.

Catalogues ship as `.po` files inside the package and are compiled in memory with Babel
when a language is first used (no build step, nothing downloaded). A missing or broken
translation falls back to the English text, never to an error. The engine never imports
this module: it returns data, or a `Phrase` (English text + parameters) that a renderer
passes to `tr`, so logs are the same in every language.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import string
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

LOCALE_DIR = Path(__file__).parent / "locale"
"""Where the catalogues live: LOCALE_DIR/LANG/LC_MESSAGES/messages.po."""
DOMAIN = "messages"
DEFAULT = "en"
LANGUAGES: dict[str, str] = {"en": "English", "zh_CN": "简体中文"}
"""The languages with a catalogue: code -> name in that language."""

_ALIASES = {"zh": "zh_CN", "zh_hans": "zh_CN", "zh_sg": "zh_CN", "zh_hans_cn": "zh_CN"}

_lang = DEFAULT
_current: gettext.NullTranslations = gettext.NullTranslations()


def normalise(code: str | None) -> str | None:
    """The catalogue for a language or locale code (`zh`, `zh-CN`, `zh_CN.UTF-8`, `en_US`),
    or None when salesim has no catalogue for it."""
    if not code:
        return None
    c = code.split(".")[0].split("@")[0].replace("-", "_").strip()
    if not c or c in ("C", "POSIX"):
        return None
    for known in LANGUAGES:
        if c.lower() == known.lower():
            return known
    low = c.lower()
    if low in _ALIASES:
        return _ALIASES[low]
    base = low.split("_")[0]
    if base == "zh" and low not in ("zh_tw", "zh_hk", "zh_hant", "zh_mo"):
        return "zh_CN"
    return DEFAULT if base == "en" else None


class UnknownLanguage(ValueError):
    """--lang names a language salesim has no catalogue for."""

    def __init__(self, code: str):
        names = ", ".join(LANGUAGES)
        super().__init__(f"unknown language {code!r}; available: {names}")


def check(code: str) -> str:
    """The catalogue code for a language the user asked for; `UnknownLanguage` otherwise."""
    found = normalise(code)
    if found is None:
        raise UnknownLanguage(code)
    return found


def system_language() -> str | None:
    """The catalogue matching the environment's locale (LC_ALL, LC_MESSAGES, LANG), if any."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return normalise(value)
    return None


def choose(override: str | None = None, scenario_locale: str | None = None) -> str:
    """The language to show: `override` (--lang), else $SALESIM_LANG, else the scenario's
    locale, else (no scenario) the system locale, else English."""
    for code in (override, os.environ.get("SALESIM_LANG")):
        if code:
            found = normalise(code)
            if found is not None:
                return found
    if scenario_locale is not None:
        return normalise(scenario_locale) or DEFAULT
    return system_language() or DEFAULT


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang` (English text for whatever it lacks)."""
    if lang == DEFAULT:
        return gettext.NullTranslations()
    po = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with po.open("rb") as f:
            catalog = read_po(f, locale=lang)
        buf = io.BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return gettext.GNUTranslations(buf)
    except Exception:  # noqa: BLE001 - a missing or broken catalogue means English
        return gettext.NullTranslations()


def set_language(code: str | None) -> str:
    """Make `code` (any spelling `normalise` accepts) the language shown; unknown means
    English. Returns the catalogue code now in use."""
    global _lang, _current
    _lang = normalise(code) or DEFAULT
    _current = translations(_lang)
    return _lang


def language() -> str:
    """The catalogue code in use (`en`, `zh_CN`)."""
    return _lang


def _(message: str) -> str:
    """`message` in the current language ('' stays '', never the catalogue's header)."""
    return _current.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language, where the English word alone is ambiguous."""
    return _current.pgettext(context, message) if message else message


def N_(message: str) -> str:
    """Mark `message` for extraction; it is translated later, where it is shown."""
    return message


def _fields(text: str) -> set[str]:
    try:
        return {f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None}
    except ValueError:
        return {"\0"}


def fill(template: str, original: str, params: Mapping[str, Any]) -> str:
    """`template.format(**params)`; the English `original` when a translation's fields do
    not match (a translator's slip must not crash the game)."""
    if params:
        if template is not original and _fields(template) - _fields(original):
            template = original
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError, AttributeError):
            return original.format(**params)
    return template


def tr(message: str, /, **params: Any) -> str:
    """`message` translated, then filled with `params` (`{name}` fields)."""
    return fill(_(message), message, params)


def ntr(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The form for `n`, translated and filled (`n` is available as `{n}`)."""
    original = singular if n == 1 else plural
    return fill(ngettext(singular, plural, n), original, {"n": n, **params})


def phrase(p: Any) -> str:
    """A `sim.engine.phrases.Phrase` (or plain text) in the current language. Plain text
    that is an engine sentence read back from a saved log (where a `Phrase` is only its
    English words) is recognised by its template and translated too (`rephrase`)."""
    key = getattr(p, "key", None)
    if key is None:
        return str(p) if _lang == DEFAULT or not isinstance(p, str) else rephrase(_lang, p)
    params = {k: (phrase(v) if hasattr(v, "key") else v) for k, v in p.params}
    return fill(_(key), key, params)


@cache
def _templates(lang: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Every catalogue entry of `lang` with `{fields}` and English words, as a pattern
    matching its English text; the longest first, so the most specific template wins."""
    catalog = getattr(translations(lang), "_catalog", {})
    keys = sorted((k for k in catalog if isinstance(k, str) and "{" in k), key=len, reverse=True)
    out = []
    for key in keys:
        parts: list[str] = []
        seen: set[str] = set()
        try:
            for literal, field, _spec, _conv in string.Formatter().parse(key):
                parts.append(re.escape(literal))
                if field is None:
                    continue
                if not field.isidentifier():
                    raise ValueError(field)
                parts.append(f"(?P={field})" if field in seen else f"(?P<{field}>.+?)")
                seen.add(field)
        except ValueError:
            continue
        words = "".join(lit for lit, *_rest in string.Formatter().parse(key))
        if re.search(r"[A-Za-z]{2}", words):  # '{text} {detail}' would match anything
            out.append((re.compile("".join(parts), re.S), key))
    return tuple(out)


@lru_cache(maxsize=4096)
def rephrase(lang: str, text: str) -> str:
    """`text` in `lang` when it is a catalogue entry's English (a whole sentence, its fields
    filled in, fields that are sentences themselves recognised in turn); else as it is."""
    if not text:  # '' would fetch the catalogue's header
        return text
    found = translations(lang).gettext(text)
    if found != text:
        return found
    for pattern, key in _templates(lang):
        m = pattern.fullmatch(text)
        if m is not None:
            params = {k: rephrase(lang, v) for k, v in m.groupdict().items()}
            return fill(translations(lang).gettext(key), key, params)
    return text
