"""Loading the bundled tutorial: it validates cleanly, builds the frozen model with spans
and defaults, resolves ids, and loads fast."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from sim.scenario import (
    ScenarioError,
    bundled_scenarios,
    check_file,
    load_scenario,
    load_scenario_text,
    resolve_scenario,
)
from sim.scenario.model import DIMENSIONS, Scenario

from .helpers import TUTORIAL, line_of, tutorial_text, variant


@pytest.fixture(scope="module")
def tutorial() -> Scenario:
    return load_scenario("tutorial")


def test_tutorial_has_no_diagnostics_at_all():
    assert check_file(TUTORIAL) == []


def test_every_bundled_scenario_loads_and_its_id_matches_the_file_name():
    for sid, path in bundled_scenarios():
        assert check_file(path) == [], sid
        assert load_scenario(path).id == sid


def test_tutorial_model_reflects_the_file(tutorial):
    raw = yaml.safe_load(tutorial_text())  # the plain data, as any YAML reader sees it
    assert tutorial.id == raw["metadata"]["id"] == "tutorial"
    assert tutorial.title == raw["metadata"]["title"]
    assert [s.id for s in tutorial.stages] == [s["id"] for s in raw["stages"]]
    assert [s.index for s in tutorial.stages] == list(range(len(raw["stages"])))
    assert tutorial.won_stage.terminal == "won" and tutorial.lost_stage.terminal == "lost"
    for stage, data in zip(tutorial.stages, raw["stages"], strict=True):
        assert stage.rot_days == data.get("rotDays")
        assert [str(c.when) for c in stage.exit] == [c["when"] for c in data.get("exit", [])]
    assert [a.id for a in tutorial.actions] == [a["id"] for a in raw["actions"]]
    assert tutorial.inbound.initial_stages == tuple(raw["inbound"].get("initialStages", ()))
    assert tutorial.forecast.checkpoints == tuple(sorted(raw["forecast"]["checkpoints"]))
    assert {d.id for d in tutorial.scoring.dimensions} == set(DIMENSIONS)
    assert sum(d.weight for d in tutorial.scoring.dimensions) == 100
    mins = [g.min for g in tutorial.scoring.grades]
    assert mins == sorted(mins, reverse=True) and mins[-1] == 0
    assert {g.text for g in tutorial.scoring.grades} == {
        g["text"] for g in raw["scoring"]["grades"]
    }


def test_model_is_frozen(tutorial):
    with pytest.raises(dataclasses.FrozenInstanceError):
        tutorial.metadata.title = "x"  # type: ignore[misc]


def test_spans_point_at_the_source(tutorial):
    text = tutorial_text()
    call = tutorial.action("call")
    assert call.span.file == "scenarios/tutorial.yaml"
    assert call.span.line == line_of(text, "- id: call")
    rule = tutorial.scoring.rule("gate_skipped")
    assert rule is not None and rule.span.line == line_of(text, "- id: gate_skipped")
    assert str(tutorial.stage("qualified").span).startswith("scenarios/tutorial.yaml:")


def test_expressions_are_parsed_and_typed(tutorial):
    call = tutorial.action("call")
    assert call.chance.type == "number"
    env = {"trust": 30}
    assert call.chance.evaluate(env) == pytest.approx(0.8)
    assert tutorial.action("consultant").requires is not None
    email = tutorial.action("email")
    assert email.chance.evaluate({}) == pytest.approx(0.6)  # written "0.6" (a quoted number)
    assert [str(e) for e in call.success.effects] == ["interest += 6", "trust += 5"]
    assert tutorial.dynamics.bad_fit is not None and tutorial.dynamics.bad_fit.type == "bool"


def test_defaults_are_applied(tutorial):
    reference = tutorial.action("reference")
    assert reference.advice == () and reference.delay_days == 0
    assert tutorial.action("call").requires is None
    assert tutorial.action("proposal").delay_days == 1
    freeze = next(e for e in tutorial.events if e.id == "budget_freeze")
    assert freeze.chance == 0 and freeze.day is not None and freeze.referral is False
    fact = next(f for f in tutorial.facts if f.id == "need")
    assert fact.type == "bool"
    assert next(f for f in tutorial.facts if f.id == "patience").type == "number"


def test_persona_draws(tutorial):
    smb = tutorial.persona("smb_owner")
    assert (smb.deal_min, smb.deal_max) == (4000, 12000)
    need = next(d for d in smb.facts if d.fact == "need")
    assert need.chance == 0.9 and need.low is None
    patience = next(d for d in smb.facts if d.fact == "patience")
    assert (patience.low, patience.high) == (1, 3) and patience.chance is None
    assert ("interest", 40, 65) in smb.meters


def test_load_by_id_path_and_text_agree():
    by_id = load_scenario("tutorial")
    by_path = load_scenario(TUTORIAL)
    by_text = load_scenario_text(tutorial_text(), "scenarios/tutorial.yaml")
    assert by_id == by_path == by_text


def test_unknown_id_suggests_the_closest():
    with pytest.raises(ScenarioError) as err:
        resolve_scenario("tutorail")
    (d,) = err.value.diagnostics
    assert d.code == "F002" and "did you mean 'tutorial'" in d.message and "tutorial" in d.hint


def test_missing_file_is_a_scenario_error():
    with pytest.raises(ScenarioError) as err:
        load_scenario("no/such/file.yaml")
    assert err.value.diagnostics[0].code == "F001"
    assert check_file("no/such/file.yaml")[0].code == "F001"


def test_scenario_error_str_is_the_report():
    bad = variant("moveTo: qualified\n", "moveTo: qualifcation\n")
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(bad, "scenarios/x.yaml")
    text = str(err.value)
    line = line_of(bad, "moveTo: qualifcation")
    assert text.splitlines()[0] == (
        f"scenarios/x.yaml:{line}:15: error[S104]: unknown stage 'qualifcation' — did you mean 'qualified'?"
    )
    assert text.splitlines()[1].endswith("|       moveTo: qualifcation")
    assert text.splitlines()[2].endswith("|               ^~~~~~~~~~~~")


def test_warnings_do_not_stop_loading():
    text = variant(
        "reveal: [need, budget, authority, timeline, fit]",
        "reveal: [need, authority, timeline, fit]",
    )
    scenario = load_scenario_text(text)  # known.budget is now never revealed: a warning
    assert scenario.id == "desk"
