"""Number formatting shared by the report renderers (money, percentages, signed points)."""

from __future__ import annotations

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "CNY": "¥", "KRW": "₩"}


def money(value: float | None, currency: str = "") -> str:
    """`$12,300` for a known currency symbol, else `SEK 12,300`; '—' for None."""
    if value is None:
        return "—"
    sym = SYMBOLS.get(currency.upper())
    neg = "−" if value < 0 else ""
    amount = f"{abs(value):,.0f}"
    if sym:
        return f"{neg}{sym}{amount}"
    return f"{neg}{currency} {amount}".strip() if currency else f"{neg}{amount}"


def short_money(value: float, currency: str = "") -> str:
    """Compact money for chart axes: `$12k`, `$1.5M`."""
    sym = SYMBOLS.get(currency.upper(), "")
    v = abs(value)
    if v >= 1_000_000:
        s = f"{v / 1_000_000:.1f}".rstrip("0").rstrip(".") + "M"
    elif v >= 1_000:
        s = f"{v / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        s = f"{v:.0f}"
    return ("−" if value < 0 else "") + sym + s


def pct(value: float | None, digits: int = 0) -> str:
    """A fraction as a percentage: 0.4 → `40%`; '—' for None."""
    if value is None:
        return "—"
    return f"{value * 100:.{digits}f}%"


def signed(points: float) -> str:
    """Points with a sign: `+2`, `−15`, `+0.5` (a real minus sign)."""
    s = f"{abs(points):.2f}".rstrip("0").rstrip(".")
    if points > 0:
        return "+" + s
    if points < 0:
        return "−" + s
    return "0"


def score(value: float | None) -> str:
    """A 0-100 score with one decimal, trailing `.0` dropped; '—' for None."""
    if value is None:
        return "—"
    s = f"{value:.1f}"
    return s[:-2] if s.endswith(".0") else s


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 × 10^k at or above `value` (for chart axes)."""
    if value <= 0:
        return 1.0
    import math

    exp = math.floor(math.log10(value))
    base = 10.0**exp
    for m in (1, 2, 2.5, 5, 10):
        if m * base >= value - 1e-9:
            return m * base
    return 10 * base


def result_label(result: str) -> str:
    return {"won": "Won", "lost": "Lost", "disqualified": "Disqualified", "open": "Open"}.get(
        result, result
    )
