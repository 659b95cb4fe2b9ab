"""`salesim new PATH [--from TEMPLATE] [--locale L]`: start a scenario. Writes PATH (a valid,
commented, playable scenario), its test plan `NAME.test.yaml` beside it (which passes), and
`scenario.schema.json` beside both, which the scenario's `$schema` line names, so editors with
yaml-language-server complete and check fields wherever salesim is installed."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

SCHEMA_FILE = "scenario.schema.json"
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="the scenario file to write (NAME.yaml)")
    parser.add_argument(
        "--from",
        dest="template",
        default="starter",
        metavar="TEMPLATE",
        help="'starter' (default: small and commented), a bundled id such as 'tutorial', or a file",
    )
    parser.add_argument(
        "--locale",
        metavar="L",
        help="Faker locale for customers, e.g. zh_CN (sets the currency too)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite existing files")


def template_text(name: str) -> str:
    """The text of a template: the packaged starter, a bundled scenario or a file."""
    if name == "starter":
        return (Path(__file__).resolve().parent.parent / "templates" / "starter.yaml").read_text(
            encoding="utf-8"
        )
    from sim.scenario import resolve_scenario

    return resolve_scenario(name).read_text(encoding="utf-8")


def slug(stem: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_")
    return s if s and s[0].isalpha() else f"scenario_{s}".rstrip("_")


def customise(text: str, scenario_id: str, locale: str | None) -> str:
    """The template with its id, `$schema` line and (optionally) locale and currency replaced."""
    lines = text.splitlines(keepends=True)
    if lines and "yaml-language-server" in lines[0]:
        lines[0] = SCHEMA_LINE + "\n"
    else:
        lines.insert(0, SCHEMA_LINE + "\n")
    text = "".join(lines)
    text = re.sub(
        r"(?m)^(metadata:\n(?:\s*#.*\n)*  id: )[^\s#]+", rf"\g<1>{scenario_id}", text, count=1
    )
    if locale:
        text = re.sub(r"(?m)^(  locale: )[^\s#]+", rf"\g<1>{locale}", text, count=1)
        currency = currency_of(locale)
        if currency:
            text = re.sub(r"(?m)^(  currency: )[^\s#]+", rf"\g<1>{currency}", text, count=1)
    return text


def currency_of(locale: str) -> str | None:
    """The currency of a locale's territory (zh_CN → CNY), from Babel's CLDR data."""
    try:
        from babel.numbers import get_territory_currencies

        territory = locale.partition("_")[2]
        found = get_territory_currencies(territory) if territory else []
    except (ImportError, ValueError, LookupError):
        return None
    return found[0] if found else None


def normal_locale(locale: str) -> str | None:
    """'zh-CN' → 'zh_CN' when Faker knows it; None when it does not."""
    from sim.scenario.checks import faker_locales

    fixed = locale.replace("-", "_")
    lang, _, region = fixed.partition("_")
    fixed = f"{lang.lower()}_{region.upper()}" if region else lang.lower()
    known = faker_locales()
    return fixed if not known or fixed in known else None


def starter_plan(scenario_file: Path) -> str:
    """A test plan that passes on the scenario as written: it records what seed 1 does, so an
    edit that changes it shows up, and asks the expert bot to keep a reasonable score."""
    from sim.engine import Game
    from sim.engine.bots import make_bot, play
    from sim.engine.events import ActionTaken
    from sim.engine.scoring import score_game
    from sim.scenario import load_scenario

    scenario = load_scenario(scenario_file)
    game = Game(scenario, 1)
    c = game.customers[0]
    options = [
        o.action
        for o in game.options(0)
        if o.available and o.action.success.move_to != scenario.lost_stage.id
    ]
    forward = [a for a in options if a.success.move_to and a.success.move_to != c.stage]
    action = next(iter(forward or options), None)
    lines = [
        f"# Test plan for {scenario_file.name}: `salesim test {scenario_file.name}` runs it (docs/authoring.md).",
        "# Each test plays a seed with scripted commands (or a bot) and checks what must hold.",
        "# Customers are numbered from 0 in the order they appear on the desk.",
        "apiVersion: salesim/v1",
        "kind: TestPlan",
        f"scenario: {scenario_file.name}",
        "tests:",
    ]
    if action is not None:
        before = c.stage
        game.act(0, action.id)
        ev = next((e for e in reversed(game.log) if isinstance(e, ActionTaken)), None)
        after = game.customers[0]
        lines += [
            f"  - name: a {action.id} with the first customer ({before})",
            "    seed: 1",
            "    commands:",
            f"      - {{act: {action.id}, customer: 0}}",
            "    expect:",
            f"      - {{customer: 0, stage: {after.stage}}}",
        ]
        if after.known:
            lines.append(f"      - {{customer: 0, revealed: [{', '.join(sorted(after.known))}]}}")
        if ev is not None and ev.feedback:
            shown = game.text(ev.feedback, 0)
            words = " ".join(shown.split()[-3:]).replace('"', "")
            lines.append(f'      - {{customer: 0, feedback: "{words}"}}')
    expert = play(Game(scenario, 1), make_bot("expert", 1))
    floor = max(0, int(score_game(expert).total) - 10)
    lines += [
        "  - name: the expert bot keeps a reasonable score on seed 1",
        "    seed: 1",
        "    policy: expert",
        "    expect:",
        f"      - {{score: [{floor}, 100]}}",
    ]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, check_text
    from sim.scenario.diagnostics import count_errors, format_report
    from sim.scenario.schema import schema_json

    path = Path(args.path)
    if path.suffix not in (".yaml", ".yml"):
        print(f"salesim new: {path} should end with .yaml", file=sys.stderr)
        return 2
    plan = path.with_name(path.stem + ".test.yaml")
    schema = path.with_name(SCHEMA_FILE)
    for p in (path, plan):
        if p.exists() and not args.force:
            print(f"salesim new: {p} already exists (use --force to overwrite)", file=sys.stderr)
            return 2
    locale = None
    if args.locale:
        locale = normal_locale(args.locale)
        if locale is None:
            print(
                f"salesim new: Faker has no locale '{args.locale}' (try zh_CN, en_US, de_DE)",
                file=sys.stderr,
            )
            return 2
    try:
        text = customise(template_text(args.template), slug(path.stem), locale)
    except (ScenarioError, OSError) as e:
        print(f"salesim new: cannot use template '{args.template}':\n{e}", file=sys.stderr)
        return 2
    _, problems = check_text(text, str(path))
    if count_errors(problems):  # a broken --from file: say so rather than write it
        print(format_report(problems), file=sys.stderr)
        return 1
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        schema.write_text(schema_json(), encoding="utf-8", newline="\n")
        plan.write_text(starter_plan(path), encoding="utf-8", newline="\n")
    except OSError as e:
        print(f"salesim new: cannot write: {e}", file=sys.stderr)
        return 2
    print(f"wrote {path}, its test plan {plan.name} and {SCHEMA_FILE} (for your editor)")
    print(f"next: salesim validate {path} · salesim test {path} · salesim play {path}")
    return 0
