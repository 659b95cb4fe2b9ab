"""Author mistakes in an otherwise valid scenario: each is reported with the right code, at
the line and column where it was written, with a "did you mean" where one helps; all
problems of a file come out in one run."""

from __future__ import annotations

import pytest

from sim.scenario import check_text
from sim.scenario.diagnostics import format_report

from .helpers import diagnose, fixture_text, line_of, variant

# (description, old, new, code, where the caret starts on the reported line, words in the message)
CASES = [
    (
        "unknown stage in moveTo",
        "moveTo: qualified\n",
        "moveTo: qualifcation\n",
        "S104",
        "qualifcation",
        "did you mean 'qualified'",
    ),
    (
        "unknown key",
        "moveTo: proposal",
        "moveto: proposal",
        "S010",
        "moveto",
        "did you mean 'moveTo'",
    ),
    (
        "unknown top-level key",
        "\ncalendar:\n",
        "\ncalender:\n",
        "S010",
        "calender",
        "did you mean 'calendar'",
    ),
    (
        "bad expression name",
        "chance: 0.7 + trust / 300",
        "chance: 0.7 + trsut / 300",
        "E202",
        "trsut",
        "did you mean 'trust'",
    ),
    (
        "bad stage in expression",
        'if stage == "negotiation"',
        'if stage == "negotation"',
        "E202",
        '"negotation"',
        "did you mean 'negotiation'",
    ),
    (
        "bad name in folded expression",
        "+ (0.1 if fit else -0.5)",
        "+ (0.1 if fitt else -0.5)",
        "E202",
        "fitt",
        "did you mean 'fit'",
    ),
    (
        "bad name in quoted expression",
        '"0.45 + depth / 200',
        '"0.45 + dept / 200',
        "E202",
        "dept /",
        "depth",
    ),
    (
        "bad effect",
        "effects: [interest += 6, trust += 5]",
        "effects: [interest += 6, trust =+ 5]",
        "E201",
        "+ 5]",
        "expected a value",
    ),
    ("wrong type", "hours: 0.5\n", "hours: half\n", "S012", "half", "must be a number"),
    ("out of range", "probability: 20\n", "probability: 120\n", "S013", "120", "at most 100"),
    (
        "bad enum",
        "forecast: best_case",
        "forecast: bestcase",
        "S014",
        "bestcase",
        "did you mean 'best_case'",
    ),
    ("missing field", "    label: Phone call\n", "", "S011", "id: call", "'label'"),
    ("duplicate id", "  - id: email", "  - id: call", "S101", "call", "first at line"),
    ("weights", "weight: 25", "weight: 20", "S304", "dimensions:", "add up to 95"),
    ("future apiVersion", "salesim/v1", "salesim/v2", "S001", "salesim/v2", "newer"),
    ("wrong kind", "kind: Scenario", "kind: Scenery", "S002", "Scenery", "kind: Scenario"),
    ("fact probability as percent", "      need: 0.9\n", "      need: 90\n", "S306", "90", "0..1"),
    (
        "unknown persona meter",
        "      interest: [40, 65]",
        "      intrest: [40, 65]",
        "S102",
        "intrest",
        "did you mean 'interest'",
    ),
    (
        "reversed range",
        "      interest: [40, 65]",
        "      interest: [65, 40]",
        "S305",
        "[65, 40]",
        "reversed",
    ),
    (
        "placeholder typo",
        "{contact} signs.",
        "{contcat} signs.",
        "S106",
        "{contcat}",
        "did you mean 'contact'",
    ),
    (
        "checkpoint after the run",
        "checkpoints: [3]",
        "checkpoints: [3, 9]",
        "S307",
        "9]",
        "after the last day",
    ),
    ("bad id", "id: smb_owner", "id: SMB Owner", "S015", "SMB Owner", "smb_owner"),
    ("bad fit type", "badFit: not fit or not budget", "badFit: fit + 1", "E203", "fit + 1", "bool"),
    (
        "unknown fact in reveal",
        "reveal: [need, patience]",
        "reveal: [need, patiense]",
        "S103",
        "patiense",
        "did you mean 'patience'",
    ),
    (
        "unknown persona in schedule",
        "persona: tire_kicker",
        "persona: tyre_kicker",
        "S105",
        "tyre_kicker",
        "did you mean 'tire_kicker'",
    ),
    ("chance as percent", 'chance: "0.6"', "chance: 60", "S013", "60", "between 0 and 1"),
    (
        "unknown rule id",
        "- id: discount_late",
        "- id: discount_lately",
        "S014",
        "discount_lately",
        "did you mean 'discount_late'",
    ),
]


@pytest.mark.parametrize(
    ("what", "old", "new", "code", "caret_at", "words"), CASES, ids=[c[0] for c in CASES]
)
def test_mistake_is_reported_where_it_was_written(what, old, new, code, caret_at, words):
    text = variant(old, new)
    found = diagnose(text, "scenarios/x.yaml")
    errors = [d for d in found if d.severity == "error"]
    assert [d.code for d in errors] == [code], format_report(found)
    d = errors[0]
    line = text.splitlines()[d.line - 1]
    assert caret_at in line, format_report(found)
    assert d.col == line.index(caret_at) + 1, format_report(found)
    assert words in d.message + " " + d.hint, d.message
    rendered = d.format().splitlines()
    assert rendered[0].startswith(f"scenarios/x.yaml:{d.line}:{d.col}: error[{code}]: ")
    assert rendered[1].endswith(line)
    assert rendered[2].index("^") == rendered[1].index("|") + 2 + d.col - 1, (
        "caret under the column"
    )


def test_all_problems_are_reported_in_one_run():
    text = fixture_text()
    for old, new in [
        ("moveTo: qualified\n", "moveTo: qualifcation\n"),
        ("hours: 0.25\n", "hours: half\n"),
        ("chance: 0.7 + trust / 300", "chance: 0.7 + trsut / 300"),
        ("weight: 25", "weight: 20"),
    ]:
        text = text.replace(old, new, 1)
    found = diagnose(text)
    assert {"S104", "S012", "E202", "S304"} <= {d.code for d in found}
    lines = [d.line for d in found]
    assert lines == sorted(lines) or format_report(found).count("error[") == len(found)


def test_output_is_capped_with_a_count():
    text = fixture_text().replace("label:", "lable:").replace("text:", "txt:")
    found = diagnose(text)
    assert len(found) > 50
    report = format_report(found)
    assert report.count("error[") == 50
    assert report.endswith(f"... and {len(found) - 50} more problems not shown")


def test_terminal_stages_are_counted():
    text = variant("    terminal: lost\n", "    terminal: won\n")
    found = {d.code for d in diagnose(text)}
    assert "S301" in found  # two won stages, no lost stage


def test_open_stage_needs_rot_days():
    text = variant("    rotDays: 3\n", "")
    d = next(d for d in diagnose(text) if d.code == "S302")
    assert "rotDays" in d.message


def test_advice_for_a_stage_the_action_does_not_have():
    text = variant(
        "      - stage: negotiation\n        rating: neutral\n        text: An e-mail",
        "      - stage: won\n        rating: neutral\n        text: An e-mail",
    )
    assert [d.code for d in diagnose(text)] == ["S310"]


def test_a_mistake_in_one_section_does_not_cascade():
    # A stage with a schema error is skipped by the later checks: one mistake, one message.
    text = variant("    label: Proposal\n", "    label: [Proposal]\n")
    assert [d.code for d in diagnose(text)] == ["S012"]


def test_warning_only_file_is_valid():
    text = variant(
        "reveal: [need, budget, authority, timeline, fit]",
        "reveal: [need, authority, timeline, fit]",
    )
    scenario, found = check_text(text)
    assert scenario is not None
    assert [(d.code, d.severity) for d in found] == [("S402", "warning")]
    assert line_of(text, "- id: budget") == found[0].line


def test_a_missing_section_does_not_hide_the_rest():
    # 'calendar' is missing: reported once, and a typo elsewhere is still found.
    text = variant("\ncalendar:\n  days: 5\n  hoursPerDay: 8\n", "\n")
    text = text.replace("moveTo: qualified\n", "moveTo: qualifcation\n", 1)
    assert sorted(d.code for d in diagnose(text)) == ["S011", "S104"]


def test_a_missing_meter_list_does_not_flood_expressions():
    start = fixture_text().index("\nmeters:\n")
    end = fixture_text().index("\nfacts:\n")
    text = fixture_text()[:start] + fixture_text()[end:]
    assert [d.code for d in diagnose(text)] == ["S011"]


def test_unknown_top_level_key_does_not_stop_other_checks():
    text = variant("\nforecast:\n", "\nforecast:\n  checkpoint: [3]\nforcast:\n")
    found = sorted(d.code for d in diagnose(text))
    assert found.count("S010") == 2


def test_placeholder_with_spaces_is_reported():
    text = variant("{contact} signs.", "{ contact } signs.")
    (d,) = diagnose(text)
    assert d.code == "S106" and "without spaces" in d.message
