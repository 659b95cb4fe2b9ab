"""Reading a checked YAML tree for the builder: ids and references (with "did you mean"), text
placeholders, ranges, fact draws, days and stages as they are read (codes S101-S109, S120,
S301, S305-S307, S309, S314).

`Reader` holds the document, the reporter and what reading learns on the way (the declared
ids, the expression symbols, which stages are closed); `build.Builder` extends it. Parts of the
file that failed the schema check are skipped, so one mistake is reported once. The checks
between fields of built objects are plain functions in `sim.scenario.checks`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sim.scenario import model as m
from sim.scenario.checks import At
from sim.scenario.declare import default_of
from sim.scenario.diagnostics import Reporter, did_you_mean
from sim.scenario.expr import RESERVED, STYLES, Symbols
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence

PLACEHOLDERS = ("contact", "first_name", "company", "title", "industry", "city")
"""Names a feedback / event text may use in braces, e.g. '{contact} signs.' (the engine's
`sim.engine.identity.render` fills exactly these)."""
_PLACEHOLDER = re.compile(r"\{(\s*)([A-Za-z_][A-Za-z0-9_.]*)(\s*)\}")

_KINDS = {
    "meters": ("meter", "S102"),
    "facts": ("fact", "S103"),
    "stages": ("stage", "S104"),
    "personas": ("persona", "S105"),
    "styles": ("style", "S108"),
}

Path = tuple[str | int, ...]


class Reader:
    """One reading of a document: its state and the helpers that read it."""

    def __init__(self, doc: Document, rep: Reporter, bad_paths: list[Path], source: str) -> None:
        self.doc = doc
        self.rep = rep
        self.at = At(doc, rep)
        self.error = self.at.error
        self.bad = [p for p in bad_paths]
        self.source = source
        self.ids: dict[str, list[str]] = {}
        self.complete: dict[str, bool] = {}
        self.symbols: Symbols | None = None
        self.days = 365
        self.closed: dict[str, str] = {}  # closed stage id → 'won' or 'lost'

    # -- helpers ---------------------------------------------------------------------------------
    def sound(self, path: Path) -> bool:
        """No schema error inside (or above) this path."""
        n = len(path)
        return not any(p[:n] == path or path[: len(p)] == p for p in self.bad)

    @staticmethod
    def val(node: YMapping | None, key: str, dflt: dict[str, Any] | None = None) -> Any:
        """A plain value of a key, or the schema default."""
        v = node.get(key) if node is not None else None
        if v is None:
            return (dflt or {}).get(key)
        if isinstance(v, YScalar):
            return v.value
        if isinstance(v, YSequence):
            return [x.value if isinstance(x, YScalar) else x for x in v.items]
        return v

    def ref(self, node: YNode | None, section: str) -> str | None:
        """Check a reference to an id of `section`; returns the id."""
        if not isinstance(node, YScalar):
            return None
        kind, code = _KINDS[section]
        known = self.ids.get(section, [])
        if node.text not in known and self.complete.get(section, False):
            self.error(
                node,
                code,
                f"unknown {kind} '{node.text}'{did_you_mean(node.text, known)}",
                hint=self.other_kind(node.text, section)
                or (
                    ""
                    if did_you_mean(node.text, known)
                    else f"declared {section}: {', '.join(known)}"
                ),
            )
        return node.text

    def other_kind(self, name: str, section: str) -> str:
        """'trust is a meter; reveal takes facts' when the name is declared in another section."""
        for other, (kind, _) in _KINDS.items():
            if other != section and name in self.ids.get(other, []):
                wanted = _KINDS[section][0]
                fix = f"; change it with an effect such as '{name} += 5'" if kind == "meter" else ""
                return f"'{name}' is a {kind}, and a {wanted} is expected here{fix}"
        return ""

    def no_repeats(self, nodes: list[YScalar], what: str) -> None:
        seen: dict[str, YScalar] = {}
        for n in nodes:
            if n.text in seen:
                self.error(
                    n,
                    "S314",
                    f"{what} '{n.text}' is listed twice (first at line {seen[n.text].line})",
                )
            seen.setdefault(n.text, n)

    # -- ids and symbols ---------------------------------------------------------------------------
    def collect_ids(self) -> None:
        for section in (
            "meters",
            "facts",
            "stages",
            "personas",
            "actions",
            "events",
            "styles",
            "objections",
        ):
            seq = self.doc.root.get(section)
            ids: list[str] = []
            first: dict[str, YScalar] = {}
            # Ids are complete when every item has one (or an optional section is absent):
            # only then is "unknown id" a real mistake rather than a consequence of another.
            complete = isinstance(seq, YSequence) or (seq is None and self.sound((section,)))
            for item in seq.items if isinstance(seq, YSequence) else []:
                idn = item.get("id") if isinstance(item, YMapping) else None
                if not (isinstance(idn, YScalar) and isinstance(idn.value, str)):
                    complete = False
                    continue
                if idn.text in first:
                    kind = section[:-1]
                    self.error(
                        idn,
                        "S101",
                        f"duplicate {kind} id '{idn.text}' (first at line {first[idn.text].line})",
                        hint=f"give each {kind} its own id",
                    )
                    continue
                first[idn.text] = idn
                ids.append(idn.text)
                if section in ("meters", "facts") and idn.text in RESERVED:
                    self.reserved_name(idn, section[:-1])
            if section == "styles" and seq is None:
                ids = list(STYLES)  # the two built-in styles unless the scenario declares its own
            self.ids[section] = ids
            self.complete[section] = complete
        if (
            all(self.complete.get(s, False) for s in _KINDS)
            and self.sound(("facts",))
            and self.sound(("meters",))
        ):
            fact_types = {}
            for _, f in self.items("facts"):
                fact_types[str(self.val(f, "id"))] = str(
                    self.val(f, "type") or default_of(m.Fact, "type")
                )
            self.symbols = Symbols(
                meters=tuple(self.ids["meters"]),
                facts=fact_types,
                stages=tuple(self.ids["stages"]),
                personas=tuple(self.ids["personas"]),
                styles=tuple(self.ids["styles"]),
                committee=any(p.get("committee") is not None for _, p in self.items("personas")),
            )

    def reserved_name(self, idn: YScalar, kind: str) -> None:
        """A meter or fact may not take a name the expression language already uses: the
        expression would read the built-in (or crash on it) instead of the meter."""
        self.error(
            idn,
            "S120",
            f"{kind} id '{idn.text}' is a reserved name of the expression language "
            f"(reserved: {', '.join(RESERVED)})",
            hint=f"rename it, e.g. to '{idn.text}_{kind}', and use that name in expressions",
        )

    def sub_items(
        self, parent: YMapping | None, path: Path, key: str
    ) -> Iterator[tuple[Path, YMapping]]:
        seq = parent.get(key) if parent is not None else None
        if isinstance(seq, YSequence):
            for i, item in enumerate(seq.items):
                if isinstance(item, YMapping) and self.sound((*path, key, i)):
                    yield (*path, key, i), item

    def items(self, section: str) -> Iterator[tuple[Path, YMapping]]:
        """(path, mapping) of each sound item of a top-level list."""
        return self.sub_items(self.doc.root, (), section)

    def day(self, node: YNode | None, what: str) -> None:
        if isinstance(node, YScalar) and isinstance(node.value, int) and node.value > self.days:
            self.error(
                node,
                "S307",
                f"{what} {node.value} is after the last day of the run (calendar.days is {self.days})",
            )

    def open_stage(self, node: YScalar | None, what: str) -> str | None:
        sid = self.ref(node, "stages")
        if node is not None and sid in self.closed:
            self.error(
                node,
                "S309",
                f"{what} must be an open stage, not the closed stage '{sid}'",
                hint="open stages: "
                + ", ".join(s for s in self.ids.get("stages", []) if s not in self.closed),
            )
        return sid

    # -- texts, ranges and fact draws (each returns what it read) -----------------------------------
    def placeholders(self, node: YNode | None) -> str:
        """Check the `{name}` placeholders of a text; returns the text. Other braces are
        shown literally by the game, so only `{word}` with an unknown word is reported."""
        if not isinstance(node, YScalar) or not isinstance(node.value, str):
            return "" if node is None else str(getattr(node, "value", ""))
        text = node.value
        for found in _PLACEHOLDER.finditer(text):
            name = found.group(2)
            if name in PLACEHOLDERS and (found.group(1) or found.group(3)):
                message = f"write '{{{name}}}' without spaces, or the game shows it as it is"
            elif name not in PLACEHOLDERS:
                message = f"unknown placeholder '{{{name}}}'{did_you_mean(name, PLACEHOLDERS)}"
            else:
                continue
            line, col = self.doc.scalar_linecol(node, found.start())
            self.rep.add(
                "S106",
                message,
                line,
                col,
                found.end() - found.start(),
                hint="placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS),
            )
        return text

    def range(self, node: YNode | None, what: str) -> tuple[float, float]:
        vals = (
            [x.value for x in node.items if isinstance(x, YScalar)]
            if isinstance(node, YSequence)
            else []
        )
        if len(vals) != 2 or not all(
            isinstance(x, int | float) and not isinstance(x, bool) for x in vals
        ):
            return (0.0, 0.0)
        lo, hi = float(vals[0]), float(vals[1])  # type: ignore[arg-type]
        if lo > hi:
            self.error(
                node,
                "S305",
                f"{what} [{lo:g}, {hi:g}] is reversed",
                hint=f"write [{hi:g}, {lo:g}]: [low, high]",
            )
        return lo, hi

    def draw(self, fid: str, ftype: str | None, v: YNode) -> m.FactDraw | None:
        value = v.value if isinstance(v, YScalar) else None
        if ftype == "bool":
            if isinstance(value, bool):
                return m.FactDraw(fid, 1.0 if value else 0.0, None, None)
            if isinstance(value, int | float) and 0 <= value <= 1:
                return m.FactDraw(fid, float(value), None, None)
            hint = (
                f"e.g. {value / 100:g} for {value:g} %"
                if isinstance(value, int | float) and 1 < value <= 100
                else "e.g. 0.75: true for three customers in four"
            )
            self.error(
                v,
                "S306",
                f"fact '{fid}' is yes/no: give the probability (0..1) that it is true",
                hint=hint,
            )
        elif ftype == "number":
            if isinstance(v, YSequence) and len(v.items) == 2:
                lo, hi = self.range(v, f"fact '{fid}' range")
                return m.FactDraw(fid, None, lo, hi)
            if isinstance(value, int | float) and not isinstance(value, bool):
                return m.FactDraw(fid, None, float(value), float(value))
            self.error(
                v,
                "S306",
                f"fact '{fid}' is a number: give a range [low, high] or a fixed number",
                hint="e.g. [1, 3]",
            )
        return None

    def stage_terminals(self, seq: YNode | None) -> dict[str, list[YScalar]]:
        """The `terminal` nodes of all stages (sound or not) by kind; notes the closed stages."""
        terminals: dict[str, list[YScalar]] = {"won": [], "lost": []}
        for item in seq.items if isinstance(seq, YSequence) else []:
            t = item.get("terminal") if isinstance(item, YMapping) else None
            if isinstance(t, YScalar) and t.text in terminals:
                terminals[t.text].append(t)
                sid = self.val(item, "id") if isinstance(item, YMapping) else None
                if isinstance(sid, str):
                    self.closed[sid] = t.text
        return terminals

    def check_terminals(self, seq: YNode | None, terminals: dict[str, list[YScalar]]) -> None:
        """S301: exactly one won and one lost stage."""
        stages_key = self.doc.root.key_node("stages")
        for kind, found in terminals.items():
            if not found and isinstance(seq, YSequence):
                self.error(
                    stages_key,
                    "S301",
                    f"no stage has 'terminal: {kind}'; a process needs exactly one {kind} stage",
                    hint=f"add e.g. '- {{id: {kind}, label: Closed {kind}, probability: {100 if kind == 'won' else 0}, "
                    f"forecast: {'closed' if kind == 'won' else 'omitted'}, terminal: {kind}}}'",
                )
            for extra in found[1:]:
                self.error(
                    extra,
                    "S301",
                    f"a second stage with 'terminal: {kind}' (the first is at line {found[0].line}); "
                    f"a process has exactly one {kind} stage",
                )
