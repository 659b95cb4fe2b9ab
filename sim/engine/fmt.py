"""One place that turns numbers into text: money, compact money, percentages, counts, hours.

Money goes through Babel with the scenario's locale and currency, so every screen, dialog,
report and engine message writes an amount the same way: `$25,800` for en_US + USD,
`¥200,000` for zh_CN + CNY, `1.234 €` for de_DE + EUR. Amounts are whole units everywhere
(deal values are whole; cents would only add noise). No Textual or Rich import: the engine,
the reports and the UI all use it. Babel is imported on first use, off the start-up path.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from babel import Locale
    from babel.numbers import NumberPattern

DEFAULT_LOCALE = "en_US"
MINUS = "−"
"""A real minus sign (U+2212) for negative amounts and points, in every locale."""
_NBSP = "\u00a0"


class HasLocale(Protocol):
    """What a formatter needs from a scenario's metadata."""

    @property
    def locale(self) -> str: ...

    @property
    def currency(self) -> str: ...


@lru_cache(maxsize=16)
def _locale(locale: str) -> Locale:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale or DEFAULT_LOCALE)
    except (ValueError, TypeError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LOCALE)


@lru_cache(maxsize=16)
def _whole_pattern(locale: str, kind: str) -> NumberPattern:
    """The locale's standard currency (or decimal) pattern with no fraction digits."""
    from babel.numbers import parse_pattern

    loc = _locale(locale)
    fmt = loc.currency_formats["standard"] if kind == "currency" else loc.decimal_formats[None]
    pattern = copy.copy(parse_pattern(fmt))
    pattern.frac_prec = (0, 0)
    return pattern


def _space_after_code(text: str, symbol: str) -> str:
    """CLDR's currency spacing: a symbol that ends in a letter (`SEK`, `CHF`) is kept apart
    from the digits by a no-break space (`SEK 1,200`); `$1,200` and `¥1,200` stay together."""
    if symbol and symbol[-1].isalpha():
        at = text.find(symbol)
        end = at + len(symbol)
        if at >= 0 and end < len(text) and text[end].isdigit():
            return text[:end] + _NBSP + text[end:]
    if symbol and symbol[0].isalpha():
        at = text.find(symbol)
        if at > 0 and text[at - 1].isdigit():
            return text[:at] + _NBSP + text[at:]
    return text


@lru_cache(maxsize=4096)
def money(value: float | None, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """An amount in whole units as the locale writes it: `$12,300`, `¥200,000`, `−$300`;
    a plain grouped number without a currency; '—' for None."""
    if value is None:
        return "—"
    if isinstance(value, float) and not math.isfinite(value):
        return "—"
    loc = _locale(locale)
    sign = MINUS if round(value) < 0 else ""
    if not currency:
        return sign + str(_whole_pattern(locale, "decimal").apply(abs(value), loc))
    code = currency.upper()
    text = _whole_pattern(locale, "currency").apply(
        abs(value), loc, currency=code, currency_digits=False
    )
    return sign + _space_after_code(text, symbol(code, locale))


def symbol(currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """The locale's symbol for `currency`: `$`, `¥`, `CN¥` (CNY in en_US), or the code."""
    code = currency.upper()
    return str(_locale(locale).currency_symbols.get(code, code))


@lru_cache(maxsize=4096)
def compact(value: float, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """An amount for a table cell. English keeps the house style `$9.5k`, `$35k`, `$1.2M`
    (whole thousands from 10k, to fit a narrow column); other languages use Babel's compact
    forms (`¥4.7万`, `¥1.2亿`)."""
    return _compact(value, currency, locale, axis=False)


@lru_cache(maxsize=1024)
def axis(value: float, currency: str = "", locale: str = DEFAULT_LOCALE) -> str:
    """An amount for a chart axis tick: like `compact` but exact for round ticks
    (`$12.5k`, `$10k`, `$1.5M`)."""
    return _compact(value, currency, locale, axis=True)


def _compact(value: float, currency: str, locale: str, axis: bool) -> str:
    if not math.isfinite(value):
        return "—"
    loc = _locale(locale)
    sign = MINUS if round(value) < 0 else ""
    v = abs(round(value))
    if loc.language != "en":
        from babel.numbers import format_compact_currency, format_compact_decimal

        if currency:
            text = format_compact_currency(v, currency.upper(), locale=loc, fraction_digits=1)
            return sign + _space_after_code(text, symbol(currency, locale))
        return sign + format_compact_decimal(v, locale=loc, fraction_digits=1)
    if axis:
        if v >= 1_000_000:
            s = f"{v / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
        elif v >= 1_000:
            s = f"{v / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
        else:
            s = f"{v:.0f}"
    elif v >= 1_000_000:
        s = f"{v / 1_000_000:.1f}M"
    elif v >= 10_000:
        s = f"{v / 1000:.0f}k"
    elif v >= 1000:
        s = f"{v / 1000:.1f}k"
    else:
        s = f"{v:.0f}"
    if not currency:
        return sign + s
    # the symbol where the locale's own pattern puts it (before the number in en_* locales)
    return sign + money(0, currency, locale).replace("0", s, 1)


def number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A whole number with the locale's grouping: `100,000`."""
    return money(value, "", locale)


def pct(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.4 → `40%`; '—' for None (the same in en and zh)."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


def count(n: int, word: str, many: str | None = None) -> str:
    """`1 deal`, `2 deals` (`many` for irregular plurals). English count phrases; a language
    without plural forms gets its phrase from the catalogue, not from here."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def hours(h: float) -> str:
    """`5.5 h`, or `45 min` under an hour."""
    if 0 < h < 1:
        return f"{round(h * 60)} min"
    return f"{h:g} h"


def signed(points: float) -> str:
    """Points with a sign: `+2`, `−15`, `+0.5` (a real minus sign)."""
    s = f"{abs(points):.2f}".rstrip("0").rstrip(".")
    if points > 0:
        return "+" + s
    if points < 0:
        return MINUS + s
    return "0"


def score(value: float | None) -> str:
    """A 0-100 score with one decimal, trailing `.0` dropped; '—' for None."""
    if value is None:
        return "—"
    s = f"{value:.1f}"
    return s[:-2] if s.endswith(".0") else s


@dataclass(frozen=True, slots=True)
class Formatter:
    """Money for one scenario: `Formatter.of(scenario.metadata).money(25800)`."""

    currency: str = ""
    locale: str = DEFAULT_LOCALE

    @classmethod
    def of(cls, metadata: HasLocale) -> Formatter:
        return cls(metadata.currency, metadata.locale)

    def money(self, value: float | None) -> str:
        return money(value, self.currency, self.locale)

    def compact(self, value: float) -> str:
        return compact(value, self.currency, self.locale)

    def axis(self, value: float) -> str:
        return axis(value, self.currency, self.locale)

    def number(self, value: float) -> str:
        return number(value, self.locale)
