"""Safe, bounded YAML reading: text → a light node tree where every key and value knows its
1-based line and column.

Only plain YAML data is accepted (no `!!python/...` or custom tags). File size, nesting
depth, alias count and alias expansion are bounded while the parser's *events* are read,
so an alias bomb is refused long before anything is expanded. Every problem becomes a
`Diagnostic`; no input raises.
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Iterator
from typing import Any

import yaml

from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.hints import explain_yaml_error, mapping_values_hint

try:  # libyaml is ~10x faster; the pure-Python loader behaves the same.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_BYTES = 1024 * 1024
MAX_INT = 10**15
"""Largest integer a scenario may hold: beyond it numbers stop being exact as floats."""
MAX_DEPTH = 64
MAX_ALIASES = 1000
MAX_NODES = 200_000
"""Nodes after alias expansion; the tutorial has about 2,000."""

_TAG = "tag:yaml.org,2002:"
_PLAIN_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null")}
_COLLECTION_TAGS = {_TAG + "map", _TAG + "seq"}
_MERGE = _TAG + "merge"
# Characters YAML 1.1 allows in a stream (tab, newlines, printable Unicode).
_BAD_CHAR = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_SYNTAX_HINTS = {
    "mapping values are not allowed": "a value that contains ': ' must be put in quotes",
    "cannot start any token": "YAML does not allow tabs for indentation; use spaces",
    "found unexpected end of stream": "a quote or bracket is not closed",
    "could not find expected ':'": "a key needs ': ' after it, or a text value needs quotes",
    "did not find expected key": "check the indentation of this line against the lines above",
    "found undefined tag handle": "tags are not allowed in scenario files",
    "expected <block end>, but found '-'": "a list item is indented differently from its siblings",
}


class YNode:
    """A node with its place in the text: 1-based line/col and 0-based character offsets."""

    __slots__ = ("line", "col", "start", "end", "size")

    def __init__(self, line: int, col: int, start: int, end: int) -> None:
        self.line = line
        self.col = col
        self.start = start
        self.end = end
        self.size = 1
        """Number of nodes in this subtree, aliases expanded."""


class YScalar(YNode):
    """A scalar: `value` is the Python value (str, int, float, bool or None); `text` is
    what was written (after unquoting), used for expressions and ids."""

    __slots__ = ("value", "text", "tag", "style")

    def __init__(
        self,
        line: int,
        col: int,
        start: int,
        end: int,
        value: object,
        text: str,
        tag: str,
        style: str | None,
    ) -> None:
        super().__init__(line, col, start, end)
        self.value = value
        self.text = text
        self.tag = tag
        self.style = style or ""
        """'' plain, "'" or '"' quoted, '|' literal or '>' folded block."""


class YMapping(YNode):
    """A mapping; keys are scalars, kept in file order."""

    __slots__ = ("items",)

    def __init__(self, line: int, col: int, start: int, end: int) -> None:
        super().__init__(line, col, start, end)
        self.items: list[tuple[YScalar, YNode]] = []

    def get(self, key: str) -> YNode | None:
        for k, v in self.items:
            if k.text == key:
                return v
        return None

    def key_node(self, key: str) -> YScalar | None:
        for k, _ in self.items:
            if k.text == key:
                return k
        return None

    def keys(self) -> list[str]:
        return [k.text for k, _ in self.items]


class YSequence(YNode):
    """A list of nodes."""

    __slots__ = ("items",)

    def __init__(self, line: int, col: int, start: int, end: int) -> None:
        super().__init__(line, col, start, end)
        self.items: list[YNode] = []


class Document:
    """The text of one file and its root node; maps character offsets to line:col."""

    def __init__(self, text: str, root: YMapping) -> None:
        self.text = text
        self.root = root
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def linecol(self, index: int) -> tuple[int, int]:
        """1-based (line, col) of a 0-based character offset."""
        i = bisect.bisect_right(self._starts, index) - 1
        return i + 1, index - self._starts[i] + 1

    def scalar_linecol(self, node: YScalar, offset: int) -> tuple[int, int]:
        """Where the character `offset` of the scalar's value is in the file (exact for
        single-line plain and quoted scalars, best effort for folded and escaped ones)."""
        return self.linecol(_source_index(self.text, node, offset))

    def span_length(self, node: YNode) -> int:
        """Characters to underline: the node, cut at the end of its first line."""
        eol = self.text.find("\n", node.start)
        end = node.end if eol < 0 else min(node.end, eol)
        return max(1, end - node.start)


def _source_index(text: str, node: YScalar, offset: int) -> int:
    """Map a character offset in a scalar's value to a character offset in the file."""
    i, end, style = node.start, node.end, node.style
    if style in ("|", ">"):
        i = text.find("\n", i) + 1  # content starts after the header line
        if i <= 0:
            return node.start
        indent = len(text[i:]) - len(text[i:].lstrip(" "))
        budget = offset
        while i < end:
            i += min(indent, len(text[i:]) - len(text[i:].lstrip(" ")))
            eol = text.find("\n", i)
            eol = end if eol < 0 or eol > end else eol
            if budget <= eol - i:
                return i + budget
            budget -= eol - i + 1
            i = eol + 1
        return node.start
    if style in ("'", '"'):
        i += 1
    budget = offset
    while i < end and budget > 0:
        c = text[i]
        if c == "\n":  # a line break folds into one space; leading blanks vanish
            i += 1
            while i < end and text[i] in " \t":
                i += 1
            budget -= 1
            continue
        if style == "'" and text.startswith("''", i):
            i += 2
        elif style == '"' and c == "\\" and i + 1 < end:
            nxt = text[i + 1]
            i += {"x": 4, "u": 6, "U": 10}.get(nxt, 2)
            if nxt == "\n":
                continue
        else:
            i += 1
        budget -= 1
    return min(i, max(node.start, end - 1))


def _index(mark: Any) -> int:
    """Character offset of a PyYAML mark."""
    return int(mark.index)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


class _Abort(Exception):
    """Stop composing: a fatal problem has been reported."""


class _Frame:
    __slots__ = ("node", "anchor", "key", "skip_value", "merges", "seen")

    def __init__(self, node: YMapping | YSequence, anchor: str | None) -> None:
        self.node = node
        self.anchor = anchor
        self.key: YScalar | None = None
        self.skip_value = False
        self.merges: list[YNode] = []
        self.seen: dict[str, YScalar] = {}


class _Composer:
    """Builds YNodes from parser events with an explicit stack (no recursion)."""

    def __init__(self, text: str, rep: Reporter) -> None:
        self.text = text
        self.rep = rep
        self.loader: Any = _Loader(text)  # PyYAML's stubs do not type events and marks usefully
        self.anchors: dict[str, YNode | None] = {}  # None: still being composed
        self.aliases = 0
        self.expanded = 0
        self.stack: list[_Frame] = []
        self.root: YNode | None = None

    def events(self) -> Iterator[Any]:
        while True:
            ev = self.loader.get_event()
            yield ev
            if isinstance(ev, yaml.StreamEndEvent):
                return

    def at(self, mark: Any) -> tuple[int, int]:
        return mark.line + 1, mark.column + 1

    def compose(self) -> YNode | None:
        documents = 0
        ev: Any
        for ev in self.events():
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    line, col = self.at(ev.start_mark)
                    self.rep.add(
                        "Y006",
                        "a second YAML document starts here; a scenario file holds exactly one",
                        line,
                        col,
                        3,
                        hint="remove this '---' line and everything after it, or move it to its own file",
                    )
                    break
            elif isinstance(
                ev,
                (
                    yaml.ScalarEvent,
                    yaml.AliasEvent,
                    yaml.MappingStartEvent,
                    yaml.SequenceStartEvent,
                ),
            ):
                self.start(ev)
            elif isinstance(ev, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                frame = self.stack.pop()
                frame.node.end = _index(ev.end_mark)
                self.finish(frame)
        return self.root

    # -- node events --------------------------------------------------------------------------
    def start(self, ev: Any) -> None:
        line, col = self.at(ev.start_mark)
        if isinstance(ev, yaml.AliasEvent):
            self.alias(ev, line, col)
            return
        if isinstance(ev, yaml.ScalarEvent):
            scalar = self.scalar(ev, line, col)
            self.count(scalar, 1)
            if ev.anchor:
                self.anchors[ev.anchor] = scalar
            self.attach(scalar)
            return
        if len(self.stack) >= MAX_DEPTH:
            self.rep.add(
                "Y010",
                f"mappings and lists are nested more than {MAX_DEPTH} levels deep",
                line,
                col,
            )
            raise _Abort
        tag = ev.tag
        if tag not in (None, "!") and tag not in _COLLECTION_TAGS:
            self._refuse_tag(tag, line, col)
        node: YMapping | YSequence
        if isinstance(ev, yaml.MappingStartEvent):
            node = YMapping(line, col, _index(ev.start_mark), _index(ev.end_mark))
        else:
            node = YSequence(line, col, _index(ev.start_mark), _index(ev.end_mark))
        self.count(node, 1)
        if ev.anchor:
            self.anchors[ev.anchor] = None
        self.stack.append(_Frame(node, ev.anchor))

    def _refuse_tag(self, tag: str, line: int, col: int) -> None:
        self.rep.add(
            "Y008",
            f"tag '{_short_tag(tag)}' is not allowed",
            line,
            col,
            len(tag),
            hint="scenario files hold plain data only; remove the tag",
        )

    def count(self, node: YNode, n: int) -> None:
        self.expanded += n
        if self.expanded > MAX_NODES:
            self.rep.add(
                "Y011",
                f"the document expands to more than {MAX_NODES:,} values (an alias bomb?)",
                node.line,
                node.col,
                hint="aliases (*name) repeat a whole subtree each time they are used",
            )
            raise _Abort

    def alias(self, ev: Any, line: int, col: int) -> None:
        name = ev.anchor
        if name not in self.anchors:
            self.rep.add(
                "Y012",
                f"alias '*{name}' refers to no anchor '&{name}' defined before it",
                line,
                col,
                len(name) + 1,
                hint=did_you_mean(name, self.anchors).lstrip(" —"),
            )
            raise _Abort  # the value is missing: checking on would only report its absence
        target = self.anchors[name]
        if target is None:
            self.rep.add(
                "Y012",
                f"alias '*{name}' refers to the node that contains it",
                line,
                col,
                len(name) + 1,
            )
            raise _Abort
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            self.rep.add("Y011", f"more than {MAX_ALIASES} aliases", line, col, len(name) + 1)
            raise _Abort
        self.count(target, target.size)
        self.attach(target)

    def scalar(self, ev: Any, line: int, col: int) -> YScalar:
        raw, tag = ev.value, ev.tag
        explicit = tag not in (None, "!")
        if not explicit:
            tag = self.loader.resolve(yaml.ScalarNode, raw, ev.implicit)
        if tag == "!":
            tag = _TAG + "str"
        value: object = raw
        if explicit and tag not in _PLAIN_TAGS:
            self._refuse_tag(tag, line, col)
            # Read on as if the tag were not there, so the refusal is the only complaint.
            tag = self.loader.resolve(yaml.ScalarNode, raw, (ev.style in (None, ""), True))
        if tag != _TAG + "str" and tag in _PLAIN_TAGS:
            node = yaml.ScalarNode(tag, raw, ev.start_mark, ev.end_mark, ev.style)
            try:
                value = self.loader.yaml_constructors[tag](self.loader, node)
            except (ValueError, TypeError, yaml.YAMLError):
                self.rep.add(
                    "Y008", f"{raw!r} is not a valid {_short_tag(tag)}", line, col, max(1, len(raw))
                )
                value = raw
            if tag in (_TAG + "int", _TAG + "float") and ":" in raw:
                self.rep.add(  # YAML 1.1 base 60: `days: 1:30` would silently be 90
                    "Y020",
                    f"'{raw}' is read by YAML 1.1 as the base-60 number {value}",
                    line,
                    col,
                    max(1, len(raw)),
                    hint=f"write {value} if that is what you mean, or quote '{raw}' if it is text",
                )
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
                self.rep.add(
                    "Y015",
                    f"{raw[:20]}{'…' if len(raw) > 20 else ''} is too large a number",
                    line,
                    col,
                    max(1, len(raw)),
                    hint=f"numbers in a scenario stay within ±{MAX_INT:,}",
                )
                value = 0
            elif isinstance(value, float) and not math.isfinite(value):
                self.rep.add(
                    "Y015",
                    f"'{raw}' is not a finite number",
                    line,
                    col,
                    max(1, len(raw)),
                    hint="write an ordinary number such as 100",
                )
        # Timestamps and other implicit types stay text: the format has no dates.
        return YScalar(
            line, col, _index(ev.start_mark), _index(ev.end_mark), value, raw, tag, ev.style
        )

    # -- assembling -----------------------------------------------------------------------------
    def attach(self, node: YNode) -> None:
        """Put a finished node into its parent (as a list item, a key, or a key's value)."""
        if not self.stack:
            self.root = node
            return
        frame = self.stack[-1]
        parent = frame.node
        parent.size += node.size
        if isinstance(parent, YSequence):
            parent.items.append(node)
            return
        if frame.key is None and not frame.skip_value:  # this node is a key
            if not isinstance(node, YScalar):
                self.rep.add(
                    "Y013",
                    "a key must be plain text, not a list or mapping",
                    node.line,
                    node.col,
                    hint="write 'key: value'",
                )
                frame.skip_value = True
                return
            frame.key = node
            return
        key, frame.key = frame.key, None
        if frame.skip_value or key is None:
            frame.skip_value = False
            return
        if key.tag == _MERGE:
            frame.merges.append(node)
            return
        previous = frame.seen.get(key.text)
        if previous is not None:
            self.rep.add(
                "Y009",
                f"duplicate key '{key.text}' (first defined at line {previous.line})",
                key.line,
                key.col,
                len(key.text) or 1,
                hint="remove or rename one of them; YAML would silently keep only the last",
            )
            return
        frame.seen[key.text] = key
        parent.items.append((key, node))

    def finish(self, frame: _Frame) -> None:
        node = frame.node
        if isinstance(node, YMapping) and frame.merges:
            self.merge(frame)
        if frame.anchor:
            self.anchors[frame.anchor] = node
        self.attach(node)

    def merge(self, frame: _Frame) -> None:
        node = frame.node
        assert isinstance(node, YMapping)
        sources: list[YNode] = []
        for m in frame.merges:
            sources.extend(m.items if isinstance(m, YSequence) else [m])
        for src in sources:
            if not isinstance(src, YMapping):
                self.rep.add(
                    "Y014",
                    "'<<' merges only mappings (an alias to a mapping, or a list of them)",
                    src.line,
                    src.col,
                )
                continue
            for k, v in src.items:
                if k.text not in frame.seen:
                    frame.seen[k.text] = k
                    node.items.append((k, v))


def _check_text(text: str, rep: Reporter) -> bool:
    """Refuse control characters (binary files) with a located message."""
    m = _BAD_CHAR.search(text)
    if not m:
        return True
    line = text.count("\n", 0, m.start()) + 1
    col = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    ch = m.group()
    what = (
        "a NUL byte (is this a binary file?)"
        if ch == "\0"
        else f"control character U+{ord(ch):04X}"
    )
    rep.lines = text.splitlines() if "\0" not in text else []
    rep.add("Y003", f"the file contains {what}; scenario files are plain UTF-8 text", line, col)
    return False


def decode(data: bytes, rep: Reporter) -> str | None:
    """Bytes → text, or None after reporting why not (size, NUL bytes, invalid UTF-8)."""
    if len(data) > MAX_BYTES:
        rep.add(
            "Y001",
            f"the file is {len(data):,} bytes; scenario files are limited to {MAX_BYTES:,} bytes (1 MiB)",
        )
        return None
    if b"\0" in data:
        at = data.index(b"\0")
        line = data.count(b"\n", 0, at) + 1
        line_start, eol = data.rfind(b"\n", 0, at) + 1, data.find(b"\n", at)
        shown = data[line_start : len(data) if eol < 0 else eol][:400].decode("utf-8", "replace")
        rep.lines = [""] * (line - 1) + [shown]
        rep.add(
            "Y003",
            f"the file contains a NUL byte at byte {at} (is this a binary file?); scenario files are plain UTF-8 text",
            line,
            at - (data.rfind(b"\n", 0, at) + 1) + 1,
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        at = e.start
        line = data.count(b"\n", 0, at) + 1
        line_start = data.rfind(b"\n", 0, at) + 1
        col = len(data[line_start:at].decode("utf-8", "replace")) + 1
        eol = data.find(b"\n", at)
        rep.lines = [""] * (line - 1) + [
            data[line_start : len(data) if eol < 0 else eol].decode("utf-8", "replace")
        ]
        rep.add(
            "Y002",
            f"byte 0x{data[at]:02X} at offset {at} is not valid UTF-8",
            line,
            col,
            hint="save the file as UTF-8 (it looks like Latin-1 or Windows-1252)",
        )
        return None
    return text[1:] if text.startswith("\ufeff") else text


def parse(text: str, rep: Reporter) -> Document | None:
    """Text → Document, reporting every YAML-level problem in `rep`.

    Returns None when nothing usable could be read; a Document when the tree is usable
    (it may still come with recoverable errors, e.g. a duplicate key or a refused tag).
    """
    if len(text) > MAX_BYTES:
        rep.add(
            "Y001",
            f"the text is {len(text):,} characters; scenario files are limited to {MAX_BYTES:,} bytes (1 MiB)",
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _check_text(text, rep):
        return None
    if len(text.encode("utf-8")) > MAX_BYTES:
        rep.add(
            "Y001", f"the file is over {MAX_BYTES:,} bytes (1 MiB), the limit for scenario files"
        )
        return None
    rep.lines = text.splitlines()
    composer = _Composer(text, rep)
    try:
        root = composer.compose()
    except _Abort:
        return None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        problem = e.problem or e.context or "invalid YAML"
        hint = next((h for k, h in _SYNTAX_HINTS.items() if k in problem), "")
        if "maximum nesting depth" in problem:  # libyaml's own limit, met while scanning ahead
            line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
            rep.add(
                "Y010",
                f"mappings and lists are nested more than {MAX_DEPTH} levels deep",
                line,
                col,
            )
            return None
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        context_line = e.context_mark.line + 1 if e.context_mark is not None else None
        found = explain_yaml_error(rep.lines, line, col, problem, context_line)
        if found is not None:  # a tab, full-width punctuation or a misplaced line: say which
            rep.add(found.code, found.message, found.line, found.col, found.length, hint=found.hint)
            return None
        if "mapping values are not allowed" in problem:
            hint = mapping_values_hint(rep.lines, line, col)
        if e.context and e.problem and e.context_mark is not None and e.context_mark is not mark:
            where = min(e.context_mark.line + 1, max(1, len(rep.lines)))
            problem = f"{problem} ({e.context} at line {where})"
        if not hint and "flow" in (e.context or ""):
            hint = "a '[' or '{' is not closed, or a ',' is missing"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        if line > len(rep.lines) and rep.lines:  # the end of the file: point after its last text
            line, col = len(rep.lines), len(rep.lines[-1]) + 1
        rep.add("Y005", f"YAML syntax error: {problem}", line, col, hint=hint)
        return None
    except yaml.YAMLError as e:  # pragma: no cover - reader errors are caught by _check_text
        rep.add("Y005", f"YAML error: {e}")
        return None
    finally:
        composer.loader.dispose()
    if root is None or (isinstance(root, YScalar) and root.value is None and not root.text):
        rep.add(
            "Y004",
            "the file is empty: it holds no YAML document",
            hint="start from scenarios/tutorial.yaml or the example in docs/scenario-format.md",
        )
        return None
    if not isinstance(root, YMapping):
        kind = "a list" if isinstance(root, YSequence) else "a single value"
        rep.add(
            "Y007",
            f"the top level of a scenario must be a mapping of keys, not {kind}",
            root.line,
            root.col,
            hint="the file starts with 'apiVersion: salesim/v1' and 'kind: Scenario'",
        )
        return None
    return Document(text, root)


def to_plain(node: YNode) -> object:
    """The node as plain Python data (dict/list/scalars) for JSON Schema validation.

    Shared (aliased) nodes become shared objects, so this stays within the node budget.
    """
    memo: dict[int, object] = {}

    def conv(n: YNode) -> object:
        got = memo.get(id(n))
        if got is not None:
            return got
        out: object
        if isinstance(n, YScalar):
            return n.value
        if isinstance(n, YMapping):
            d: dict[str, object] = {}
            memo[id(n)] = d
            for k, v in n.items:
                d[k.text] = conv(v)
            out = d
        else:
            assert isinstance(n, YSequence)
            lst: list[object] = []
            memo[id(n)] = lst
            lst.extend(conv(v) for v in n.items)
            out = lst
        return out

    return conv(node)
