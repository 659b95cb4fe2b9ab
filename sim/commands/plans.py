"""`salesim test PATH...`: run scenario test plans (`*.test.yaml` beside a scenario) and report
like pytest. A plan names its scenario and lists tests; each test plays a seed with scripted
commands (or a bot) and checks what an author cares about: a customer's stage, a deal won,
a fact revealed, a feedback text shown, a score in range.

Exit status: 0 every test passed, 1 some test failed, 2 a plan or its scenario is invalid or
unreadable, 5 no tests were found (as pytest).
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.scenario.diagnostics import Diagnostic, Reporter, did_you_mean, format_report
from sim.scenario.yamlsafe import YMapping, YNode, YScalar, YSequence, decode, parse

if TYPE_CHECKING:  # pragma: no cover
    from sim.engine.game import Game

EXIT_OK, EXIT_FAILED, EXIT_INVALID, EXIT_NO_TESTS = 0, 1, 2, 5
PLAN_SUFFIX = ".test.yaml"
EXPECT_KEYS = {"customer", "stage", "won", "lost", "revealed", "feedback", "score", "dimension",
               "revenue", "deals_won"}  # fmt: skip


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="test plans (*.test.yaml), scenarios (their NAME.test.yaml is run) or folders",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only failures and the summary"
    )


@dataclass
class Check:
    """One expectation, with the node it was written at (for the failure's location)."""

    node: YMapping
    spec: dict[str, Any]


@dataclass
class Case:
    name: str
    node: YNode
    seed: int = 1
    commands: list[tuple[YNode, dict[str, Any]]] = field(default_factory=list)
    policy: str | None = None
    days: int | None = None
    checks: list[Check] = field(default_factory=list)


@dataclass
class Plan:
    path: Path
    shown: str
    scenario: str
    cases: list[Case]


def _plain(node: YNode) -> Any:
    if isinstance(node, YScalar):
        return node.value
    if isinstance(node, YSequence):
        return [_plain(n) for n in node.items]
    assert isinstance(node, YMapping)
    return {k.text: _plain(v) for k, v in node.items}


def _command(node: YNode, rep: Reporter) -> list[dict[str, Any]]:
    """One command as written in a plan → command dicts for `Game.apply` (see docs/authoring.md)."""
    value = _plain(node)
    if value == "end_day":
        return [{"cmd": "end_day"}]
    if isinstance(value, dict):
        if "cmd" in value:
            return [value]
        if "end_day" in value and isinstance(value["end_day"], int):
            return [{"cmd": "end_day"}] * value["end_day"]
        for kind, arg in (("act", "action"), ("note", "text"), ("schedule", "day")):
            if kind in value:
                rest = {k: v for k, v in value.items() if k != kind}
                return [{"cmd": kind, arg: value[kind], **rest}]
        if "forecast" in value:
            return [{"cmd": "forecast", "deals": value["forecast"]}]
    rep.add(
        "T001",
        "a command is 'end_day', {end_day: N}, {act: ACTION, customer: N}, {note: TEXT, customer: N}, "
        "{forecast: [N, ...]} or {schedule: DAY, customer: N}",
        node.line,
        node.col,
    )
    return []


def _case(node: YNode, rep: Reporter, number: int) -> Case | None:
    if not isinstance(node, YMapping):
        rep.add(
            "T001",
            f"test {number} must be a mapping with name, seed, commands and expect",
            node.line,
            node.col,
        )
        return None
    known = {"name", "seed", "commands", "policy", "days", "expect"}
    for k, _ in node.items:
        if k.text not in known:
            rep.add(
                "T001",
                f"unknown key '{k.text}' in test {number}{did_you_mean(k.text, known)}",
                k.line,
                k.col,
                len(k.text),
                hint="a test takes " + ", ".join(sorted(known)),
            )
    name = node.get("name")
    case = Case(name.text if isinstance(name, YScalar) and name.text else f"test {number}", node)
    seed = node.get("seed")
    if seed is not None:
        if not (
            isinstance(seed, YScalar)
            and isinstance(seed.value, int)
            and not isinstance(seed.value, bool)
        ):
            rep.add("T001", "seed must be a whole number", seed.line, seed.col)
        else:
            case.seed = seed.value
    commands, policy = node.get("commands"), node.get("policy")
    if isinstance(policy, YScalar):
        case.policy = policy.text
        days = node.get("days")
        case.days = (
            days.value if isinstance(days, YScalar) and isinstance(days.value, int) else None
        )
    if isinstance(commands, YSequence):
        for c in commands.items:
            case.commands.extend((c, cmd) for cmd in _command(c, rep))
    elif commands is not None:
        rep.add("T001", "commands must be a list", commands.line, commands.col)
    expect = node.get("expect")
    if not isinstance(expect, YSequence) or not expect.items:
        at = expect or node
        rep.add(
            "T001", f"test '{case.name}' needs an 'expect:' list of what must hold", at.line, at.col
        )
        return case
    for e in expect.items:
        if not isinstance(e, YMapping):
            rep.add(
                "T001",
                "an expectation is a mapping such as {customer: 0, stage: qualified}",
                e.line,
                e.col,
            )
            continue
        for k, _ in e.items:
            if k.text not in EXPECT_KEYS:
                rep.add(
                    "T001",
                    f"unknown expectation '{k.text}'{did_you_mean(k.text, EXPECT_KEYS)}",
                    k.line,
                    k.col,
                    len(k.text),
                    hint="expectations use " + ", ".join(sorted(EXPECT_KEYS)),
                )
        case.checks.append(Check(e, _plain(e)))
    return case


def load_plan(path: Path) -> tuple[Plan | None, list[Diagnostic]]:
    """Read and check one plan file; (None, diagnostics) when it cannot be used."""
    shown = _shown(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        return None, [Diagnostic("F001", f"cannot read the test plan: {e.strerror or e}", shown)]
    return plan_from_text(data, path, shown)


def plan_from_text(
    data: bytes | str, path: Path, shown: str
) -> tuple[Plan | None, list[Diagnostic]]:
    """Check a plan given as text; (None, diagnostics) when it cannot be used."""
    rep = Reporter(shown)
    text = decode(data, rep) if isinstance(data, bytes) else data
    doc = parse(text, rep) if text is not None else None
    if doc is None:
        return None, rep.diagnostics
    root = doc.root
    kind, scenario, tests = root.get("kind"), root.get("scenario"), root.get("tests")
    if not (isinstance(kind, YScalar) and kind.text == "TestPlan"):
        rep.add("T001", "a test plan says 'kind: TestPlan'", root.line, root.col)
    if not isinstance(scenario, YScalar) or not scenario.text:
        rep.add(
            "T001", "a test plan names its scenario: 'scenario: my_desk.yaml'", root.line, root.col
        )
    cases: list[Case] = []
    if not isinstance(tests, YSequence):
        rep.add("T001", "a test plan has a 'tests:' list", root.line, root.col)
    else:
        for i, t in enumerate(tests.items, 1):
            case = _case(t, rep, i)
            if case is not None:
                cases.append(case)
    if rep.has_errors:
        return None, rep.diagnostics
    assert isinstance(scenario, YScalar)
    return Plan(path, shown, scenario.text, cases), rep.diagnostics


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _in(value: float, bounds: Any) -> bool:
    if isinstance(bounds, int | float):
        return value == bounds
    low, high = (list(bounds) + [None, None])[:2]
    return (low is None or value >= low) and (high is None or value <= high)


def _range(bounds: Any) -> str:
    if isinstance(bounds, int | float):
        return f"{bounds}"
    low, high = (list(bounds) + [None, None])[:2]
    return f"[{'' if low is None else low}, {'' if high is None else high}]"


def _check(game: Game, check: Check) -> str | None:
    """'' or None when the expectation holds, else what was found instead."""
    from sim.engine.events import ActionAnswered, ActionTaken
    from sim.engine.scoring import score_game

    spec = check.spec
    if "customer" in spec:
        i = spec["customer"]
        if not isinstance(i, int) or not 0 <= i < len(game.customers):
            return (
                f"there is no customer {i!r} (the game has {len(game.customers)}, numbered from 0)"
            )
        c = game.customers[i]
        if "stage" in spec and c.stage != spec["stage"]:
            return f"expected customer {i} at stage '{spec['stage']}', found '{c.stage}'"
        for word in ("won", "lost"):
            if word in spec:
                is_it = (
                    c.close_reason == "won"
                    if word == "won"
                    else (c.closed_day is not None and c.close_reason != "won")
                )
                if bool(spec[word]) != is_it:
                    return f"expected customer {i} {'' if spec[word] else 'not '}{word}, found stage '{c.stage}'"
        if "revealed" in spec:
            wanted = spec["revealed"] if isinstance(spec["revealed"], list) else [spec["revealed"]]
            missing = [f for f in wanted if f not in c.known]
            if missing:
                return f"expected customer {i} to have revealed {', '.join(missing)}; known: {', '.join(sorted(c.known)) or 'nothing'}"
    if "feedback" in spec:
        shown = [
            game.text(e.feedback, e.customer)
            for e in game.log
            if isinstance(e, ActionTaken | ActionAnswered)
            and e.feedback
            and ("customer" not in spec or e.customer == spec["customer"])
        ]
        if not any(str(spec["feedback"]) in t for t in shown):
            last = f"; last shown: {shown[-1]!r}" if shown else "; no feedback was shown"
            return f"expected a feedback text containing {spec['feedback']!r}{last}"
    if "score" in spec:
        card = score_game(game)
        if "dimension" in spec:
            try:
                value = card.dimension(spec["dimension"]).score
            except StopIteration:
                return f"the scenario has no dimension '{spec['dimension']}'"
            what = f"dimension '{spec['dimension']}' scored"
        else:
            value, what = card.total, "the score was"
        if not _in(value, spec["score"]):
            return f"expected a score in {_range(spec['score'])}, {what} {value:.1f}"
    out = game.outcome()
    for key, figure in (("revenue", "revenue"), ("deals_won", "won")):
        if key in spec and not _in(out[figure], spec[key]):
            return f"expected {key} in {_range(spec[key])}, found {out[figure]:,}"
    return None


def run_case(scenario: Any, case: Case, shown: str) -> list[str]:
    """Play one test; the failures, each located in the plan."""
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.engine.commands import CommandError, from_dict
    from sim.engine.game import Result

    game = Game(scenario, case.seed)
    failures = []
    if case.policy:
        try:
            play(game, make_bot(case.policy, case.seed), case.days)
        except ValueError as e:
            return [f"{shown}:{case.node.line}:{case.node.col}: {e}"]
    for node, cmd in case.commands:
        try:
            result = game.apply(from_dict(cmd))
        except CommandError as e:
            result = Result(False, str(e))
        if not result.ok:
            return [f"{shown}:{node.line}:{node.col}: command refused: {result.message}"]
    for check in case.checks:
        problem = _check(game, check)
        if problem:
            failures.append(f"{shown}:{check.node.line}:{check.node.col}: {problem}")
    return failures


def find_plans(arg: str) -> list[Path]:
    path = Path(arg)
    if path.is_dir():
        return sorted(path.rglob("*" + PLAN_SUFFIX))
    if path.name.endswith(PLAN_SUFFIX):
        return [path]
    if path.suffix in (".yaml", ".yml"):
        return [path.with_name(path.stem + PLAN_SUFFIX)]
    return [path]


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    plans = [p for a in args.paths for p in find_plans(a)]
    passed = failed = 0
    invalid = False
    report: list[tuple[str, list[str]]] = []
    loaded: list[tuple[Plan, Any]] = []
    for path in dict.fromkeys(plans):
        plan, problems = load_plan(path)
        if plan is None:
            print(format_report(problems))
            invalid = True
            continue
        target = (
            (path.parent / plan.scenario)
            if not Path(plan.scenario).is_absolute()
            else Path(plan.scenario)
        )
        try:
            scenario = load_scenario(target if target.exists() else plan.scenario)
        except ScenarioError as e:
            print(f"{plan.shown}: its scenario '{plan.scenario}' does not load:\n{e}")
            invalid = True
            continue
        loaded.append((plan, scenario))
    total = sum(len(p.cases) for p, _ in loaded)
    print(
        f"collected {total} test{'s' if total != 1 else ''} from {len(loaded)} plan{'s' if len(loaded) != 1 else ''}"
    )
    for plan, scenario in loaded:
        for case in plan.cases:
            failures = run_case(scenario, case, plan.shown)
            ident = f"{plan.shown}::{case.name}"
            if failures:
                failed += 1
                report.append((ident, failures))
                print(f"{ident} FAILED")
            else:
                passed += 1
                if not args.quiet:
                    print(f"{ident} PASSED")
    if report:
        print("\n" + " FAILURES ".center(72, "="))
        for ident, failures in report:
            print(f" {ident} ".center(72, "_"))
            print("\n".join(failures))
    summary = (
        ", ".join(
            p
            for p in (
                f"{failed} failed" if failed else "",
                f"{passed} passed" if passed else "",
                "some plans invalid" if invalid else "",
            )
            if p
        )
        or "no tests ran"
    )
    print(f" {summary} ".center(72, "="))
    if invalid:
        return EXIT_INVALID
    if failed:
        return EXIT_FAILED
    return EXIT_OK if passed else EXIT_NO_TESTS
