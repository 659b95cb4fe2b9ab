"""Issue 17, scenario side: files that validate must play. Each reproducer is small and
written here: a reserved id, a huge literal, an effect that overflows, a base-60 number, a
run too large to hold."""

from __future__ import annotations

import json
import math

import pytest

from sim.engine.events import to_dict
from sim.engine.game import Game
from sim.scenario import load_scenario_text
from sim.scenario.expr import MAX_NUMBER, RESERVED, Symbols, parse_effect, parse_expr
from tests.scenario.helpers import diagnose, fixture_text, line_of, variant


def test_a_meter_named_stage_is_refused_with_the_reserved_list_and_a_rename():
    text = variant("  - id: depth\n", "  - id: stage\n")
    found = diagnose(text)
    assert [d.code for d in found if d.severity == "error"][:1] == ["S120"]
    d = found[0]
    assert d.line == line_of(text, "- id: stage")
    assert "persona" in d.message and "value" in d.message and "day" in d.message
    assert "stage_meter" in d.hint


@pytest.mark.parametrize("name", ["value", "day", "large", "persona", "style", "known", "min"])
def test_every_reserved_name_is_refused_for_facts_too(name):
    assert name in RESERVED
    text = variant("  - id: timeline\n", f"  - id: {name}\n")
    assert "S120" in {d.code for d in diagnose(text)}


def test_a_310_digit_literal_is_refused_where_it_stands():
    big = "9" * 310
    text = variant(
        "effects: [value *= 0.9, interest += 10]", f"effects: [value = {big}, interest += 10]"
    )
    found = diagnose(text)
    assert {d.code for d in found} == {"E210"}
    assert found[0].line == line_of(text, big[:20])


@pytest.mark.parametrize(
    "source", ["value * 1000000000000000", "value * 1000000000000000 * 0 - 1000000000000000"]
)
def test_effects_cannot_make_infinity_or_nan(source):
    sym = Symbols(meters=("interest",))
    eff = parse_effect(f"value = {source} * 1000000000000000", sym)
    env = {"value": MAX_NUMBER, "interest": 50.0}
    out = eff.apply(MAX_NUMBER, env)
    assert math.isfinite(out) and abs(out) <= MAX_NUMBER
    assert math.isfinite(parse_effect("value *= 1000000000000000", sym).apply(MAX_NUMBER, env))
    assert parse_expr("1000000000000000 * 1000000000000000 > 0", sym, "bool").evaluate(env)


def test_a_deal_multiplied_every_action_stays_finite_in_the_log():
    text = variant(
        "effects: [value *= 0.9, interest += 10]",
        "effects: [value *= 1000000000000000, interest += 10]",
    )
    scenario = load_scenario_text(text)
    game = Game(scenario, 1)
    idx = next(c.index for c in game.open_customers() if c.stage in ("proposal", "negotiation"))
    for _ in range(4):
        game.act(idx, "discount")
    values = [e.deltas.get("value") for e in game.log if getattr(e, "deltas", None)]
    assert any(values), "the discount action ran"
    json.dumps([to_dict(e) for e in game.log], allow_nan=False)  # raises on NaN or infinity
    assert game.customer(idx).value <= MAX_NUMBER


def test_base_60_days_is_refused():
    text = variant("  days: 5\n", "  days: 1:30\n")
    found = diagnose(text)
    assert [d.code for d in found] == ["Y020"]
    assert "90" in found[0].message and found[0].line == line_of(text, "days: 1:30")


def test_quoted_colon_text_is_plain_text():
    text = variant("    label: Budget\n", '    label: "1:30"\n')
    assert diagnose(text) == []


def test_a_365_day_run_with_10000_leads_a_day_is_refused():
    text = variant("  perDay: 0.3\n", "  perDay: 10000\n").replace("  days: 5\n", "  days: 365\n")
    found = [d for d in diagnose(text) if d.code == "S320"]
    assert len(found) == 1
    assert "perDay 10,000 × 365 days" in found[0].message and "GiB" in found[0].message
    assert found[0].line == line_of(text, "perDay: 10000")


def test_a_thousand_arrivals_of_a_thousand_is_refused_at_the_schedule():
    rows = "".join(f"    - day: {1 + i % 5}\n      count: 1000\n" for i in range(1000))
    text = fixture_text().replace(
        "  schedule:\n    - day: 1\n      count: 1\n", "  schedule:\n" + rows, 1
    )
    found = [d for d in diagnose(text) if d.code == "S320"]
    assert len(found) == 1 and "totalling 1,000,003 leads" in found[0].message
    assert found[0].line == line_of(text, "schedule:")


def test_referrals_that_double_the_desk_every_night_are_refused():
    text = variant(
        '    chance: 0.04\n    when: not competitor and stage != "lead"\n',
        "    chance: 1\n    referral: true\n",
    ).replace("  days: 5\n", "  days: 60\n")
    found = [d for d in diagnose(text) if d.code == "S320"]
    assert len(found) == 1 and "referral" in found[0].message


def test_the_bundled_scenarios_fit_the_budget():
    from sim.scenario import bundled_scenarios, check_file

    for sid, path in bundled_scenarios():
        assert check_file(path) == [], sid


def _strict_json(text):
    def refuse(constant):
        raise AssertionError(f"{constant} in JSON output")

    return json.loads(text, parse_constant=refuse)


def test_a_runaway_deal_value_keeps_simulate_json_and_every_report_valid(tmp_path, capsys):
    from sim.cli import main
    from sim.engine.bots import make_bot, play
    from sim.store.runfile import save_runfile

    path = tmp_path / "runaway.yaml"
    path.write_text(
        variant(
            "effects: [value *= 0.9, interest += 10]",
            "effects: [value *= 1000000000000000, interest += 10]",
        ),
        encoding="utf-8",
    )
    assert main(["simulate", str(path), "--runs", "4", "--policy", "discounter", "--json"]) == 0
    _strict_json(capsys.readouterr().out)
    scenario = load_scenario_text(path.read_text(encoding="utf-8"), str(path))
    game = play(Game(scenario, 3), make_bot("discounter", 3))
    assert max(c.value for c in game.customers) == MAX_NUMBER, "the runaway deal hit the bound"
    run = tmp_path / "run.json"
    save_runfile(run, scenario=scenario, seed=3, commands=game.commands, log=game.log)
    assert "Infinity" not in run.read_text(encoding="utf-8")
    for fmt in ("json", "html", "md"):
        code = main(["report", str(run), "-f", fmt, "--scenario", str(path)])
        out = capsys.readouterr()
        assert code == 0, out.err
        if fmt == "json":
            _strict_json(out.out)
