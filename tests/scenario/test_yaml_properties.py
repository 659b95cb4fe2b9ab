"""Property tests: no input makes the loader raise; it returns diagnostics, each located
inside the file, and a valid file stays valid however it is re-indented or commented.
The hostile inputs come from fuzz/strategies.py, the strategies `make fuzz` uses too."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.strategies import YAML_NOISE, scenario_texts
from sim.scenario import check_text
from sim.scenario.diagnostics import CATALOGUE, Reporter
from sim.scenario.yamlsafe import Document, parse

from .helpers import fixture_text

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_invariants(data: str | bytes) -> None:
    scenario, diagnostics = check_text(data, "p.yaml")
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    n_lines = max(1, len(text.splitlines()) + 1)
    for d in diagnostics:
        assert d.code in CATALOGUE
        assert 0 <= d.line <= n_lines + 1
        assert d.col >= 0
        d.format()  # formatting never fails either
    if scenario is None:
        assert any(d.severity == "error" for d in diagnostics)


@FAST
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(data):
    check_invariants(data)


@FAST
@given(st.text(max_size=400))
def test_random_text_never_raises(text):
    check_invariants(text)


@FAST
@given(YAML_NOISE)
def test_yaml_shaped_noise_never_raises(text):
    check_invariants(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_texts(fixture_text(), max_mutations=3))
def test_mutated_tutorial_never_raises(data):
    check_invariants(data)


@FAST
@given(st.sampled_from(["", "# note\n", "\n"]), st.sampled_from(["", "  # trailing comment"]))
def test_comments_do_not_change_validity(prefix, suffix):
    text = fixture_text().replace("\ncalendar:\n", f"\n{prefix}calendar:{suffix}\n")
    assert check_text(text)[1] == []


@FAST
@given(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]),
        min_size=1,
        max_size=30,
    )
)
def test_scalar_positions_are_exact_for_quoted_values(value):
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    text = f'key: "{escaped}"\n'
    rep = Reporter("p.yaml", text)
    doc = parse(text, rep)
    if doc is None:  # some characters are not allowed in YAML at all
        return
    assert isinstance(doc, Document)
    node = doc.root.get("key")
    assert node.text == value
    assert doc.scalar_linecol(node, 0) == (1, 7)
