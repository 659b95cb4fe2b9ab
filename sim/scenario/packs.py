"""Methodology packs: bundled scenario parts (BANT, MEDDPICC, SPIN) a scenario includes with
`uses: [bant]`.

A pack is a small YAML file under `sim/scenario/packs/` holding the facts, stage exit
criteria, actions and coach advice a sales methodology defines. Before the structure check
the pack's nodes are merged into the including document, so the pack is validated exactly
like the author's own text. The including file wins: a fact, action or exit criterion with
the same id as one of the pack's replaces it. Every node that comes from a pack is placed
at the `uses:` entry that brought it in, so a pack problem points into the including file.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

from sim.scenario.diagnostics import Diagnostic, Reporter, did_you_mean
from sim.scenario.yamlsafe import Document, YMapping, YNode, YScalar, YSequence, parse

PACKS_DIR = Path(__file__).resolve().parent / "packs"
PACK_KEYS = ("apiVersion", "kind", "metadata", "facts", "stages", "actions", "advice")
"""Top-level keys a pack file may have."""


def known_packs() -> list[str]:
    """Ids of the bundled packs, sorted."""
    return sorted(p.stem for p in PACKS_DIR.glob("*.yaml"))


@cache
def _pack_text(name: str) -> str:
    from sim.scenario.safeio import read_bounded
    from sim.scenario.yamlsafe import MAX_BYTES

    return read_bounded(PACKS_DIR / f"{name}.yaml", MAX_BYTES).decode("utf-8")


def pack_title(name: str) -> str:
    """The pack's title (its id when it has none)."""
    doc = parse(_pack_text(name), Reporter(name))
    meta = doc.root.get("metadata") if doc is not None else None
    title = meta.get("title") if isinstance(meta, YMapping) else None
    return title.text if isinstance(title, YScalar) else name


def _walk(node: YNode) -> Iterator[YNode]:
    yield node
    if isinstance(node, YMapping):
        for k, v in node.items:
            yield k
            yield from _walk(v)
    elif isinstance(node, YSequence):
        for v in node.items:
            yield from _walk(v)


def _relocate(node: YNode, at: YScalar) -> None:
    """Place every node of a pack subtree at the `uses:` entry `at` (diagnostics point there)."""
    for n in _walk(node):
        n.line, n.col, n.start, n.end = at.line, at.col, at.start, at.start
        if isinstance(n, YScalar):
            n.style = ""


def _scalar(text: str, at: YScalar) -> YScalar:
    return YScalar(at.line, at.col, at.start, at.start, text, text, "tag:yaml.org,2002:str", "")


def _ids(seq: YNode | None) -> set[str]:
    out = set()
    for item in seq.items if isinstance(seq, YSequence) else []:
        idn = item.get("id") if isinstance(item, YMapping) else None
        if isinstance(idn, YScalar):
            out.add(idn.text)
    return out


def _section(root: YMapping, key: str, at: YScalar) -> YSequence | None:
    """The document's list under `key`, created (empty) when absent; None if it is not a list."""
    node = root.get(key)
    if node is None:
        node = YSequence(at.line, at.col, at.start, at.start)
        root.items.append((_scalar(key, at), node))
    return node if isinstance(node, YSequence) else None


class _Merge:
    """Merges one pack into the including document."""

    def __init__(self, doc: Document, rep: Reporter, entry: YScalar, name: str) -> None:
        self.doc, self.rep, self.at, self.name = doc, rep, entry, name

    def problem(self, code: str, message: str, hint: str) -> None:
        self.rep.add(code, message, self.at.line, self.at.col, len(self.at.text) or 1, hint=hint)

    def run(self, pack: YMapping, stage_map: dict[str, str]) -> None:
        for k, _ in pack.items:
            if k.text not in PACK_KEYS:
                self.problem(
                    "S131",
                    f"pack '{self.name}' has an unknown part '{k.text}'",
                    "packs hold facts, stages (exit criteria), actions and advice",
                )
        _relocate(pack, self.at)
        self.rename_stages(pack, stage_map)
        if not self.stages_fit(pack):
            return  # merging would only repeat the problem at every stage the pack names
        for key in ("facts", "actions"):
            self.add_items(pack, key)
        self.add_exits(pack)
        self.add_advice(pack)

    def rename_stages(self, pack: YMapping, stage_map: dict[str, str]) -> None:
        """Apply the including file's `stages:` mapping to every stage the pack names: the
        ids of its stage entries, `stage:` and `moveTo:` values and actions' `stages:` lists."""
        if not stage_map:
            return

        done: set[int] = set()

        def rename(v: YScalar) -> None:
            if id(v) not in done:  # a mapping may chain (a: b, b: c): rename each node once
                done.add(id(v))
                new = stage_map.get(v.text, v.text)
                v.text, v.value = new, new

        seq = pack.get("stages")
        for entry in seq.items if isinstance(seq, YSequence) else []:
            idn = entry.get("id") if isinstance(entry, YMapping) else None
            if isinstance(idn, YScalar):
                rename(idn)
        for n in _walk(pack):
            if not isinstance(n, YMapping) or n is pack:
                continue
            for k, v in n.items:
                if k.text in ("stage", "moveTo") and isinstance(v, YScalar):
                    rename(v)
                elif k.text == "stages" and isinstance(v, YSequence):
                    seen: set[str] = set()
                    kept: list[YNode] = []
                    for s in v.items:  # two pack stages mapped onto one: list it once
                        if isinstance(s, YScalar):
                            rename(s)
                            if s.text in seen:
                                continue
                            seen.add(s.text)
                        kept.append(s)
                    v.items = kept
                elif k.text == "advice" and isinstance(v, YSequence):
                    rated: set[str] = set()
                    advice: list[YNode] = []
                    for a in v.items:
                        st = a.get("stage") if isinstance(a, YMapping) else None
                        if (
                            isinstance(a, YMapping)
                            and isinstance(st, YScalar)
                            and "when" not in a.keys()
                        ):
                            rename(st)
                            if st.text in rated:
                                continue
                            rated.add(st.text)
                        advice.append(a)
                    v.items = advice

    def stages_fit(self, pack: YMapping) -> bool:
        """Every stage the pack names (after the mapping) is one of the scenario's."""
        ours = {_ids_of(s) for s in _items(self.doc.root.get("stages"))}
        named: list[str] = [_ids_of(e) for e in _items(pack.get("stages"))]
        for n in _walk(pack):
            if isinstance(n, YMapping) and n is not pack:
                for k, v in n.items:
                    if k.text == "stages" and isinstance(v, YSequence):
                        named += [s.text for s in v.items if isinstance(s, YScalar)]
                    elif k.text in ("stage", "moveTo") and isinstance(v, YScalar):
                        named.append(v.text)
        fit = True
        for sid in dict.fromkeys(named):
            if sid and sid not in ours:
                fit = False
                self.problem(
                    "S131",
                    f"pack '{self.name}' uses stage '{sid}', which this scenario does not have"
                    f"{did_you_mean(sid, sorted(ours))}",
                    f"map it to one of your stages: "
                    f"`uses: [{{pack: {self.name}, stages: {{{sid}: <your stage id>}}}}]`",
                )
        return fit

    def add_items(self, pack: YMapping, key: str) -> None:
        """The pack's facts/actions the including file does not declare itself, first."""
        theirs = pack.get(key)
        if not isinstance(theirs, YSequence):
            return
        ours = _section(self.doc.root, key, self.at)
        if ours is None:
            return
        own = _ids(ours)
        added = [
            item
            for item in theirs.items
            if not (isinstance(item, YMapping) and _ids_of(item) in own)
        ]
        ours.items[:0] = added

    def add_exits(self, pack: YMapping) -> None:
        """The pack's exit criteria, appended to the including file's stage of the same id
        (after the `uses:` stage mapping); a criterion with an id the stage already has is
        the author's override."""
        seq = pack.get("stages")
        if not isinstance(seq, YSequence):
            return
        stages = {_ids_of(s): s for s in _items(self.doc.root.get("stages"))}
        for entry in seq.items:
            if not isinstance(entry, YMapping):
                continue
            sid = _ids_of(entry)
            target = stages.get(sid)
            if target is None:
                continue
            criteria = entry.get("exit")
            if not isinstance(criteria, YSequence):
                continue
            exits = target.get("exit")
            if exits is None:
                exits = YSequence(self.at.line, self.at.col, self.at.start, self.at.start)
                target.items.append((_scalar("exit", self.at), exits))
            if not isinstance(exits, YSequence):
                continue
            own = _ids(exits)
            exits.items.extend(
                c for c in criteria.items if not (isinstance(c, YMapping) and _ids_of(c) in own)
            )

    def add_advice(self, pack: YMapping) -> None:
        """Coach advice by tag: each entry `{tag, stage, rating, text}` rates every action of
        the including file with that tag at that stage, unless the action rates it itself."""
        seq = pack.get("advice")
        actions = self.doc.root.get("actions")
        if not isinstance(seq, YSequence) or not isinstance(actions, YSequence):
            return
        for entry in seq.items:
            if not isinstance(entry, YMapping):
                continue
            tag, stage = entry.get("tag"), entry.get("stage")
            if not isinstance(tag, YScalar) or not isinstance(stage, YScalar):
                continue
            advice = YMapping(self.at.line, self.at.col, self.at.start, self.at.start)
            advice.items = [(k, v) for k, v in entry.items if k.text != "tag"]
            for action in actions.items:
                if not isinstance(action, YMapping) or not _has(action, "tags", tag.text):
                    continue
                if not _has(action, "stages", stage.text) or _advises(action, stage.text):
                    continue
                own = action.get("advice")
                if own is None:
                    own = YSequence(self.at.line, self.at.col, self.at.start, self.at.start)
                    action.items.append((_scalar("advice", self.at), own))
                if isinstance(own, YSequence):
                    own.items.append(advice)


def _items(seq: YNode | None) -> list[YMapping]:
    return [x for x in seq.items if isinstance(x, YMapping)] if isinstance(seq, YSequence) else []


def _ids_of(item: YMapping) -> str:
    idn = item.get("id")
    return idn.text if isinstance(idn, YScalar) else ""


def _has(action: YMapping, key: str, text: str) -> bool:
    seq = action.get(key)
    return isinstance(seq, YSequence) and any(
        isinstance(x, YScalar) and x.text == text for x in seq.items
    )


def _advises(action: YMapping, stage: str) -> bool:
    seq = action.get("advice")
    for a in _items(seq):
        s = a.get("stage")
        if isinstance(s, YScalar) and s.text == stage and a.get("when") is None:
            return True
    return False


def _entries(uses: YSequence) -> Iterator[tuple[YScalar, dict[str, str]]]:
    """(pack name scalar, stage mapping) per `uses:` entry; malformed entries are left to the
    schema check."""
    for item in uses.items:
        if isinstance(item, YScalar) and isinstance(item.value, str):
            yield item, {}
        elif isinstance(item, YMapping):
            name, stages = item.get("pack"), item.get("stages")
            if not isinstance(name, YScalar):
                continue
            mapping = {}
            for k, v in stages.items if isinstance(stages, YMapping) else []:
                if isinstance(v, YScalar):
                    mapping[k.text] = v.text
            yield name, mapping


def apply_packs(doc: Document, rep: Reporter) -> tuple[str, ...]:
    """Merge every pack the document `uses:` into it; returns the ids of the packs merged.
    Problems are reported at the `uses:` entry, with a hint."""
    uses = doc.root.get("uses")
    if not isinstance(uses, YSequence):
        return ()
    known = known_packs()
    merged: list[str] = []
    for entry, stage_map in _entries(uses):
        name = entry.text
        if name not in known:
            rep.add(
                "S130",
                f"unknown methodology pack '{name}'{did_you_mean(name, known)}",
                entry.line,
                entry.col,
                len(name) or 1,
                hint=f"the bundled packs are: {', '.join(known)}",
            )
            continue
        if name in merged:
            rep.add("S130", f"pack '{name}' is used twice", entry.line, entry.col, len(name))
            continue
        inner = Reporter(f"packs/{name}.yaml")
        pack = parse(_pack_text(name), inner)
        if pack is None or inner.has_errors:  # a bundled pack is checked by the tests
            rep.add("S131", f"pack '{name}' cannot be read", entry.line, entry.col, len(name))
            continue
        _Merge(doc, rep, entry, name).run(pack.root, stage_map)
        merged.append(name)
    return tuple(merged)


def explain_pack_diagnostics(
    diagnostics: list[Diagnostic], doc: Document | None, packs: tuple[str, ...]
) -> list[Diagnostic]:
    """A problem located at a `uses:` entry came from that pack: say so, and how to fix it."""
    import dataclasses

    if not packs or doc is None:
        return diagnostics
    uses = doc.root.get("uses")
    at = {
        (e.line, e.col): e.text for e, _ in (_entries(uses) if isinstance(uses, YSequence) else [])
    }
    out = []
    for d in diagnostics:
        name = at.get((d.line, d.col))
        if name in packs and d.code not in ("S130", "S131"):
            note = (
                f"this comes from pack '{name}': declare a fact, action or exit criterion with "
                f"the same id in this file to override it"
            )
            d = dataclasses.replace(d, hint=f"{d.hint}; {note}" if d.hint else note)
        out.append(d)
    return out
