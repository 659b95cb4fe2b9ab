"""`salesim graph SCENARIO --format text|mermaid|dot`: the stages and the actions and events
that move deals between them, with chances and gates. Mermaid renders in GitHub and most
Markdown viewers; dot renders with Graphviz (`dot -Tsvg`)."""

from __future__ import annotations

import argparse
import sys

from sim.scenario.flow import ANY, START, Move, moves
from sim.scenario.model import Scenario

WIDTH = 40
"""Chance expressions longer than this are shortened in the drawings (text shows them whole)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", help="scenario file or bundled id (e.g. tutorial)")
    parser.add_argument(
        "--format",
        choices=("text", "mermaid", "dot"),
        default="text",
        help="text (default), mermaid (for Markdown) or dot (for Graphviz)",
    )


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    try:
        scenario = load_scenario(args.scenario)
    except ScenarioError as e:
        print(e, file=sys.stderr)
        return 2 if any(d.code.startswith("F") for d in e.diagnostics) else 1
    render = {"text": text, "mermaid": mermaid, "dot": dot}[args.format]
    sys.stdout.write(render(scenario))
    return 0


def _short(expr: str, width: int = WIDTH) -> str:
    expr = " ".join(expr.split())
    try:  # a constant chance reads best as a percentage
        return f"{float(expr):.0%}"
    except ValueError:
        pass
    return expr if len(expr) <= width else expr[: width - 1] + "…"


def _merged(s: Scenario) -> list[Move]:
    """Moves with success and failure to the same stage shown once ('whatever the outcome')."""
    all_moves = moves(s)
    both = {(m.source, m.target, m.via) for m in all_moves if m.kind == "failure"} & {
        (m.source, m.target, m.via) for m in all_moves if m.kind == "success"
    }
    out = []
    for m in all_moves:
        key = (m.source, m.target, m.via)
        if key in both:
            if m.kind == "failure":
                continue
            m = Move(m.source, m.target, m.via, "always", m.chance, m.gate)
        out.append(m)
    return out


def _edge_label(s: Scenario, m: Move, width: int = WIDTH) -> str:
    if m.kind in ("initial", "inbound"):
        return m.kind
    if m.kind == "always":
        return f"{m.via} (either outcome)" + (f" · if {_short(m.gate, width)}" if m.gate else "")
    name = m.via if m.kind != "failure" else f"{m.via} (on failure)"
    parts = [name, _short(m.chance, width)] if m.chance else [name]
    if m.gate:
        parts.append(f"if {_short(m.gate, width)}")
    return " · ".join(parts)


def _stage_label(s: Scenario, stage_id: str) -> str:
    st = s.stage(stage_id)
    rot = f", rots after {st.rot_days}d" if st.rot_days else ""
    return f"{st.label} ({st.probability}% {st.forecast}{rot})"


def text(s: Scenario) -> str:
    out = [f"{s.id} — {s.metadata.title}", "", "stages (in order):"]
    width = max(len(st.id) for st in s.stages)
    for st in s.stages:
        out.append(f"  {st.id:<{width}}  {_stage_label(s, st.id)}")
        for c in st.exit:
            out.append(f"  {'':<{width}}    exit gate: {c.when}  ({c.text})")
    out += ["", "moves:"]
    for m in _merged(s):
        src = {START: "(new)", ANY: "(any open)"}.get(m.source, m.source)
        out.append(f"  {src} -> {m.target}: {_edge_label(s, m, 10_000)}")
    if s.dynamics.lost_when is not None:
        out.append(f"  (any open) -> lost when {s.dynamics.lost_when}")
    return "\n".join(out) + "\n"


def _mermaid_text(t: str) -> str:
    return t.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def mermaid(s: Scenario) -> str:
    out = ["flowchart LR", f'  {START}(["new customers"])']
    for st in s.stages:
        shape = ('(["', '"])') if st.terminal else ('["', '"]')
        label = _mermaid_text(st.label) + f"<br/>{st.probability}% · {st.forecast}"
        out.append(f"  {st.id}{shape[0]}{label}{shape[1]}")
    lost = next(st.id for st in s.stages if st.terminal == "lost")
    if any(m.source == ANY for m in moves(s)) or s.dynamics.lost_when is not None:
        out.append(f'  {ANY_NODE}{{{{"any open stage"}}}}')
    for m in _merged(s):
        src = ANY_NODE if m.source == ANY else m.source
        arrow = "-.->" if m.kind in ("failure", "event") else "-->"
        out.append(f'  {src} {arrow}|"{_mermaid_text(_edge_label(s, m))}"| {m.target}')
    if s.dynamics.lost_when is not None:
        when = _mermaid_text(f"lost when {_short(str(s.dynamics.lost_when))}")
        out.append(f'  {ANY_NODE} -.->|"{when}"| {lost}')
    return "\n".join(out) + "\n"


ANY_NODE = "any_open"


def _dot_text(t: str) -> str:
    return t.replace("\\", "\\\\").replace('"', '\\"')


def dot(s: Scenario) -> str:
    out = [
        f'digraph "{_dot_text(s.id)}" {{',
        "  rankdir=LR;",
        "  node [shape=box, style=rounded];",
        f'  "{START}" [label="new customers", shape=oval];',
    ]
    for st in s.stages:
        shape = ", shape=doubleoctagon" if st.terminal else ""
        label = _dot_text(f"{st.label}\\n{st.probability}% {st.forecast}").replace("\\\\n", "\\n")
        out.append(f'  "{st.id}" [label="{label}"{shape}];')
    lost = next(st.id for st in s.stages if st.terminal == "lost")
    if any(m.source == ANY for m in moves(s)) or s.dynamics.lost_when is not None:
        out.append(f'  "{ANY_NODE}" [label="any open stage", shape=hexagon];')
    for m in _merged(s):
        src = ANY_NODE if m.source == ANY else m.source
        style = ", style=dashed" if m.kind in ("failure", "event") else ""
        out.append(f'  "{src}" -> "{m.target}" [label="{_dot_text(_edge_label(s, m))}"{style}];')
    if s.dynamics.lost_when is not None:
        when = _dot_text(f"lost when {_short(str(s.dynamics.lost_when))}")
        out.append(f'  "{ANY_NODE}" -> "{lost}" [label="{when}", style=dashed];')
    out.append("}")
    return "\n".join(out) + "\n"
