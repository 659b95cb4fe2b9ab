"""Line breaking for Chinese, Japanese and Korean text on screen.

Rich (and Textual, which calls Rich's `divide_line`) break lines only at spaces. CJK text has
no spaces, so a long Chinese sentence after a bullet or an English word was moved whole to the
next line, leaving `·` or `✗` alone on a line of its own. CJK text may break between any two
characters (never before closing punctuation such as `，` or `。`, never after opening
punctuation such as `（`): `install()` teaches Rich's word splitter that, and leaves text
without CJK characters split exactly as before (so English screens do not change).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

_CJK = "\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CLOSE = ",.;:!?)\\]}\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\uff09\u300b\u300d\u300f\u3011\u201d\u2019\u00b7\u30fb\u2026"
_OPEN = "\uff08\u300a\u300c\u300e\u3010\u201c\u2018"
WORD = re.compile(
    rf"\s*(?:[{_OPEN}]*[{_CJK}][{_CLOSE}]*|[{_OPEN}]*[^\s{_CJK}{_OPEN}]+?(?=[{_CJK}{_OPEN}]|\s|$)[{_CLOSE}]*)\s*"
)
"""A breakable unit: one CJK character with the punctuation that must stay with it, or a run
of other non-space characters (an English word, a number), with the spaces around it."""


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """Rich's `_wrap.words`, CJK-aware: (start, end, word) for each breakable unit."""
    if _rich_words is not None and not _HAS_CJK.search(text):
        yield from _rich_words(text)
        return
    position = 0
    while (m := WORD.match(text, position)) is not None and m.end() > position:
        yield m.start(), m.end(), m.group(0)
        position = m.end()
    if position < len(text):  # anything the pattern does not cover stays one word
        yield position, len(text), text[position:]


_HAS_CJK = re.compile(f"[{_CJK}]")
_rich_words: Callable[[str], Iterable[tuple[int, int, str]]] | None = None


def install() -> None:
    """Make Rich (and through it Textual) break CJK text between characters. Idempotent."""
    global _rich_words
    import rich._wrap as rich_wrap

    if rich_wrap.words is words:
        return
    _rich_words = rich_wrap.words
    rich_wrap.words = words
