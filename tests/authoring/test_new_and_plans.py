"""`salesim new` writes a scenario that validates, a plan that passes and the schema its
`$schema` line names; `salesim test` reports like pytest with pytest's exit codes."""

from __future__ import annotations

import json


def test_new_writes_a_valid_scenario_its_plan_and_the_schema(desk, salesim):
    folder, scenario = desk
    first = scenario.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=scenario.schema.json"
    schema = json.loads((folder / "scenario.schema.json").read_text(encoding="utf-8"))
    assert schema["properties"]["apiVersion"]
    assert "id: my_desk" in scenario.read_text(encoding="utf-8")
    assert salesim("validate", "my_desk.yaml", cwd=folder).returncode == 0
    proc = salesim("test", "my_desk.yaml", cwd=folder)
    assert proc.returncode == 0, proc.stdout
    assert "collected 2 tests from 1 plan" in proc.stdout
    assert proc.stdout.count(" PASSED") == 2 and "2 passed" in proc.stdout


def test_new_refuses_to_overwrite(desk, salesim):
    folder, _ = desk
    proc = salesim("new", "my_desk.yaml", cwd=folder)
    assert proc.returncode == 2 and "already exists" in proc.stderr


def test_new_with_a_chinese_locale_sets_the_currency(tmp_path, salesim):
    assert salesim("new", "zh.yaml", "--locale", "zh-CN", cwd=tmp_path).returncode == 0
    text = (tmp_path / "zh.yaml").read_text(encoding="utf-8")
    assert "locale: zh_CN" in text and "currency: CNY" in text
    assert salesim("test", "zh.yaml", cwd=tmp_path).returncode == 0


def test_new_from_a_bundled_scenario(tmp_path, salesim):
    assert salesim("new", "copy.yaml", "--from", "tutorial", cwd=tmp_path).returncode == 0
    assert "id: copy" in (tmp_path / "copy.yaml").read_text(encoding="utf-8")
    assert salesim("test", ".", cwd=tmp_path).returncode == 0


def test_a_failing_expectation_is_located_and_exits_1(desk, salesim):
    folder, _ = desk
    plan = folder / "my_desk.test.yaml"
    text = plan.read_text(encoding="utf-8").replace("stage: qualified", "stage: proposal")
    plan.write_text(text, encoding="utf-8")
    proc = salesim("test", "my_desk.test.yaml", cwd=folder)
    assert proc.returncode == 1
    line = next(i for i, t in enumerate(text.splitlines(), 1) if "stage: proposal" in t)
    assert f"my_desk.test.yaml:{line}:" in proc.stdout
    assert "expected customer 0 at stage 'proposal', found 'qualified'" in proc.stdout
    assert "1 failed, 1 passed" in proc.stdout


def test_score_range_and_refused_command(desk, salesim):
    folder, _ = desk
    (folder / "extra.test.yaml").write_text(
        "kind: TestPlan\nscenario: my_desk.yaml\ntests:\n"
        "  - name: impossible score\n    policy: random\n    expect:\n      - {score: [101, 200]}\n"
        "  - name: refused\n    commands:\n      - {act: close, customer: 0}\n"
        "    expect:\n      - {customer: 0, stage: lead}\n",
        encoding="utf-8",
    )
    proc = salesim("test", "extra.test.yaml", cwd=folder)
    assert proc.returncode == 1
    assert "expected a score in [101, 200], the score was" in proc.stdout
    assert "extra.test.yaml:10:9: command refused" in proc.stdout


def test_invalid_plan_exits_2_and_empty_plan_exits_5(desk, salesim):
    folder, _ = desk
    (folder / "bad.test.yaml").write_text(
        "kind: TestPlan\nscenario: my_desk.yaml\ntests:\n  - name: x\n    sed: 1\n"
        "    expect: [{customer: 0, stage: lead}]\n",
        encoding="utf-8",
    )
    proc = salesim("test", "bad.test.yaml", cwd=folder)
    assert proc.returncode == 2 and "error[T001]: unknown key 'sed'" in proc.stdout
    (folder / "none.test.yaml").write_text(
        "kind: TestPlan\nscenario: my_desk.yaml\ntests: []\n", encoding="utf-8"
    )
    assert salesim("test", "none.test.yaml", cwd=folder).returncode == 5


def test_validate_skips_test_plans_in_folders(desk, salesim):
    folder, _ = desk
    proc = salesim("validate", ".", cwd=folder)
    assert proc.returncode == 0 and "test.yaml" not in proc.stdout
