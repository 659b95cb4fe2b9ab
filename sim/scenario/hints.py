"""Author hints for the commonest slips: indentation read from the lines themselves, tabs,
full-width (Chinese input method) punctuation, and numbers written the way people talk
(`70%`, `250k`, a probability of `0.3`).

`explain_yaml_error` turns a YAML syntax error into a precise diagnostic (Y016 tab, Y017
misplaced indentation, Y018 full-width punctuation) when the text shows what went wrong;
the other helpers return hint text for messages raised elsewhere.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FULLWIDTH = {
    "：": ":",
    "，": ",",
    "、": ",",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "（": "(",
    "）": ")",
    "［": "[",
    "］": "]",
    "【": "[",
    "】": "]",
    "｛": "{",
    "｝": "}",
    "＝": "=",
    "＋": "+",
    "－": "-",
    "＞": ">",
    "＜": "<",
    "≥": ">=",
    "≤": "<=",
    "≠": "!=",
    "％": "%",
    "＃": "#",
    "；": ";",
    "。": ".",
    "\u3000": " ",
}
"""Punctuation a Chinese (or Japanese) input method types, and the ASCII YAML and the
expression language expect instead."""


def char_name(ch: str) -> str:
    """'full-width colon '：' (U+FF1A)' — the character named so an author can find it."""
    name = unicodedata.name(ch, "").lower().replace("fullwidth ", "full-width ")
    return f"{name} '{ch}' (U+{ord(ch):04X})" if name else f"'{ch}' (U+{ord(ch):04X})"


def fullwidth_hint(text: str) -> str:
    """A hint for the first full-width character in `text`, or ''."""
    for ch in text:
        if ch in FULLWIDTH:
            return f"{char_name(ch)} is not ASCII; write {FULLWIDTH[ch]!r} instead"
    return ""


def _outside_quotes(line: str) -> list[int]:
    """Columns (0-based) of full-width punctuation that is not inside ASCII quotes or a comment."""
    found, quote = [], ""
    for i, ch in enumerate(line):
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and (i == 0 or line[i - 1] in " [{,:-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] == " "):
            break
        elif ch in FULLWIDTH:
            found.append(i)
    return found


def expr_hint(text: str, message: str) -> str:
    """Hint for an expression that failed to parse: 70%, '=', 250k, full-width signs."""
    fw = fullwidth_hint(text)
    if fw:
        return fw
    pct = re.search(r"(\d+(?:\.\d+)?)\s*%", text)
    if pct:
        n = float(pct.group(1))
        return f"a chance is a probability from 0 to 1: write {n / 100:g} for {pct.group(1)}%"
    big = re.search(r"\b(\d+(?:\.\d+)?)\s*([kKmM])\b", text)
    if big:
        return f"numbers take no suffix: write {number_without_suffix(big.group(0))}"
    if re.search(r"(?<![=!<>+\-*/])=(?!=)", text) and "'='" in message:
        return (
            "did you mean '=='? A condition compares with '=='; '=' only sets a value in an effect"
        )
    return ""


def number_without_suffix(text: str) -> str | None:
    """'250k' → '250000', '1.5M' → '1500000'; None when `text` is not such a number."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kKmM])\s*", text)
    if not m:
        return None
    n = float(m.group(1)) * (1000 if m.group(2) in "kK" else 1_000_000)
    return f"{n:.0f}" if n == int(n) else f"{n:g}"


# -- indentation ------------------------------------------------------------------------------------
_ITEM = re.compile(r"^(?P<dash>-(?: +|$))")
_KEY = re.compile(
    r"""^(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[{&*!|>%@`,-][^#]*?|-[^\s#][^#]*?)\s*:(?:\s+(?P<val>.*)|$)"""
)


@dataclass
class _Level:
    indent: int
    kind: str  # "map" or "seq"
    owner: str  # "under 'metadata'", "in item 2 of 'stages'", "at the top level"
    last_line: int = 0
    last_key: str = ""
    items: int = 0


@dataclass(frozen=True)
class Finding:
    """A located indentation, tab or punctuation problem: code, message, position, hint."""

    code: str
    message: str
    line: int
    col: int
    length: int
    hint: str


def _spaces(n: int) -> str:
    return f"{n} space{'s' if n != 1 else ''}"


def _describe(level: _Level) -> str:
    if level.kind == "seq":
        return f"the item on line {level.last_line}"
    return f"'{level.last_key}' (line {level.last_line})"


def find_misplaced(lines: list[str], upto: int) -> Finding | None:
    """The first line (1-based, at most `upto`) whose indentation lines up with no block
    open above it, read from the indentation of its siblings."""
    levels: list[_Level] = []
    pending: tuple[int, str, str] | None = None  # (indent of the opener, owner text, opener kind)
    block_scalar: int | None = None
    previous: tuple[int, str, int, list[_Level]] | None = None
    for no, raw in enumerate(lines[:upto], 1):
        stripped = raw.lstrip(" ")
        if not stripped or stripped.startswith("#") or raw.startswith(("---", "...")):
            continue
        indent = len(raw) - len(stripped)
        if stripped.startswith("\t"):
            return None  # tabs are reported on their own
        if block_scalar is not None:
            if indent > block_scalar:
                continue
            block_scalar = None
        dash = _ITEM.match(stripped)
        rest = stripped[dash.end() :] if dash else stripped
        key = _KEY.match(rest)
        if not dash and not key:
            if levels and indent > levels[-1].indent:
                continue  # the continuation of a plain or quoted text
            pending = None
            continue
        if pending is not None:
            p, owner, _ = pending
            pending = None
            if indent > p or (indent == p and dash and levels and levels[-1].kind == "map"):
                levels.append(_Level(indent, "seq" if dash else "map", owner))
        # Find the level this line continues.
        want = "seq" if dash else "map"
        match = None
        for lv in reversed(levels):
            if lv.indent == indent and lv.kind == want:
                match = lv
                break
            if lv.indent < indent:
                break
        if match is None and not levels and indent == 0:
            match = _Level(0, want, "at the top level")
            levels.append(match)
        if match is None:
            name = key.group("key") if key else None
            if previous is not None and indent > levels[-1].indent:
                back = _dedented_above(previous, indent, "seq" if dash else "map", no)
                if back is not None:
                    return back
            return _misplaced(no, indent, name, levels)
        popped = []
        while levels[-1] is not match:
            popped.append(levels.pop())
        previous = (no, key.group("key").strip("'\"") if key else "", indent, popped)
        name = key.group("key").strip("'\"") if key else ""
        if dash:
            match.items += 1
            match.last_line = no
            if key:
                of = match.owner.removeprefix("under ")
                inner = _Level(indent + len(dash.group()), "map", f"in item {match.items} of {of}")
                inner.last_line, inner.last_key = no, name
                levels.append(inner)
            else:
                pending = (indent, f"in item {match.items}", "seq")
        else:
            match.last_line, match.last_key = no, name
        if key:
            val = (key.group("val") or "").split(" #")[0].strip()
            col = indent + (len(dash.group()) if dash else 0)
            if not val or re.fullmatch(r"&\S+", val):
                pending = (col, f"under '{name}'", "map")
            elif val[0] in "|>":
                block_scalar = col
    return None


def _dedented_above(
    previous: tuple[int, str, int, list[_Level]], indent: int, kind: str, no: int
) -> Finding | None:
    """When the line above left a block that this deeper line still sits in, the line above
    is the one that moved: 'moveTo' dedented out of 'success:' with 'feedback' still under it."""
    line, key, at, popped = previous
    left = next((lv for lv in popped if lv.indent == indent and lv.kind == kind), None)
    if left is None or not key:
        return None
    return Finding(
        "Y017",
        f"'{key}' is indented {_spaces(at)}, which takes it out of the block {left.owner} "
        f"that line {no} below it still belongs to",
        line,
        at + 1,
        len(key),
        f"'{key}' probably belongs {left.owner} beside {_describe(left)}: "
        f"indent it {_spaces(left.indent)}",
    )


def _misplaced(no: int, indent: int, key: str | None, levels: list[_Level]) -> Finding | None:
    what = f"'{key.strip(chr(39) + chr(34))}'" if key else "this list item"
    want = "map" if key else "seq"
    if not levels:
        return None  # the first line is indented: nothing to compare it with
    deeper = [lv for lv in levels if lv.indent > indent]
    top = levels[-1] if levels else None
    col = indent + 1
    length = len(key) if key else 1
    if top is not None and indent > top.indent:
        # Deeper than anything open: the line above already has its value.
        message = (
            f"{what} is indented {_spaces(indent)}, deeper than {_describe(top)}, "
            "which already has a value"
        )
        target = top if top.kind == want else None
        if target is not None:
            hint = (
                f"{what} probably belongs {target.owner} beside {_describe(target)}: "
                f"indent it {_spaces(target.indent)}"
            )
        else:
            hint = "indent it like the line above, or give the key above no value of its own"
        return Finding("Y017", message, no, col, length, hint)
    # Between two levels (or at a level of the other kind): pick the nearest block it fits.
    fits = [lv for lv in levels if lv.kind == want]
    if key and not fits:
        fits = deeper
    best = min(
        fits or levels,
        key=lambda lv: (abs(lv.indent - indent), -lv.indent),
    )
    message = f"{what} is indented {_spaces(indent)}, which lines up with no block above it"
    if key and any(lv.indent == indent and lv.kind == "seq" for lv in levels):
        message = (
            f"{what} is at the indentation of the list items {_seq_owner(levels, indent)}, "
            "but it is not a list item"
        )
    hint = f"{what} probably belongs {best.owner} beside {_describe(best)}: indent it {_spaces(best.indent)}"
    return Finding("Y017", message, no, col, length, hint)


def _seq_owner(levels: list[_Level], indent: int) -> str:
    return next(lv.owner for lv in levels if lv.indent == indent and lv.kind == "seq")


def explain_yaml_error(
    lines: list[str], line: int, col: int, problem: str, context_line: int | None
) -> Finding | None:
    """A better diagnostic for a YAML syntax error at 1-based `line`:`col`, or None."""
    last = min(max(line, context_line or 0), len(lines))
    # Tabs in indentation, anywhere up to the error.
    for no in range(1, last + 1):
        text = lines[no - 1]
        lead = text[: len(text) - len(text.lstrip(" \t"))]
        if "\t" in lead:
            above = next((lines[i - 1] for i in range(no - 1, 0, -1) if lines[i - 1].strip()), "")
            width = len(above) - len(above.lstrip(" "))
            if above.rstrip().endswith(":"):
                width += 2
            return Finding(
                "Y016",
                f"line {no} is indented with a tab; YAML indents with spaces only",
                no,
                lead.index("\t") + 1,
                1,
                f"replace the tab with spaces (probably {_spaces(width)}, to go with line "
                f"{no - 1 if above else no}); set your editor to insert spaces for Tab",
            )
    # Full-width punctuation on the lines the parser was reading.
    candidates = sorted({n for n in (context_line, line - 1, line) if n and 1 <= n <= len(lines)})
    for no in candidates:
        cols = _outside_quotes(lines[no - 1])
        if cols:
            ch = lines[no - 1][cols[0]]
            return Finding(
                "Y018",
                f"{char_name(ch)} where YAML expects {FULLWIDTH[ch]!r}",
                no,
                cols[0] + 1,
                1,
                f"switch the input method to half-width (English) punctuation and type {FULLWIDTH[ch]!r}"
                + ("; a key is followed by ': '" if FULLWIDTH[ch] == ":" else ""),
            )
    found = find_misplaced(lines, last)
    if found is not None:
        return found
    return None


def mapping_values_hint(lines: list[str], line: int, col: int) -> str:
    """The hint for 'mapping values are not allowed': quotes when a value holds ': ',
    indentation when the colon is the line's own key's."""
    if 1 <= line <= len(lines):
        text = lines[line - 1]
        m = _KEY.match(text.lstrip(" -"))
        if m and text.find(":") == col - 1:
            return "this key is indented deeper than the line above allows; line it up with its siblings"
    return "a value that contains ': ' must be put in quotes"
