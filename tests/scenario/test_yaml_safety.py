"""The YAML layer refuses hostile or broken input fast, with a located, coded message and
never a traceback: tags, alias bombs, deep nesting, huge files, duplicate keys, empty and
binary files, Latin-1 bytes, several documents, a top level that is not a mapping."""

from __future__ import annotations

import time

import pytest

from sim.scenario import ScenarioError, check_text, load_scenario_text
from sim.scenario.yamlsafe import MAX_BYTES

from .helpers import diagnose, fixture_text, variant

BOMB = "\n".join(
    [f"a: &a [{', '.join(['lol'] * 9)}]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(9)]
)


def only(text: str | bytes, code: str):
    found = diagnose(text)
    assert [d.code for d in found][:1] == [code], "\n".join(d.format() for d in found)
    return found[0]


def test_python_tag_is_refused_where_it_is():
    text = variant(
        "  hoursPerDay: 8", "  hoursPerDay: !!python/object/apply:os.system ['echo pwned']"
    )
    found = diagnose(text)
    assert [d.code for d in found] == ["Y008"], "the refusal is the only complaint"
    d = found[0]
    assert text.splitlines()[d.line - 1].startswith("  hoursPerDay: !!python") and d.col == 16
    assert "!!python/object/apply:os.system" in d.message


@pytest.mark.parametrize(
    "tagged",
    [
        "!include other.yaml",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
        "!!omap [a: 1]",
        "!<tag:example.com,2000:x> 1",
        "!!python/name:os.system ''",
    ],
)
def test_other_tags_are_refused(tagged):
    d = only(f"apiVersion: salesim/v1\nkind: Scenario\nmetadata: {tagged}\n", "Y008")
    assert (d.line, d.col) == (3, 11)


def test_standard_tags_are_accepted():
    text = variant("  hoursPerDay: 8", "  hoursPerDay: !!int 8")
    assert diagnose(text) == []


def test_alias_bomb_is_refused_fast():
    start = time.perf_counter()
    d = only(BOMB, "Y011")
    assert time.perf_counter() - start < 10.0  # a hang guard, not a speed goal
    assert d.line > 1 and "alias" in d.message + d.hint


def test_many_aliases_are_refused():
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * 1500) + "]\n"
    assert only(text, "Y011").line == 2


def test_recursive_alias_is_refused():
    assert only("a: &a [1, *a]\n", "Y012").line == 1


def test_undefined_alias_is_located():
    d = only("apiVersion: salesim/v1\nkind: Scenario\nmetadata: *meta\n", "Y012")
    assert (d.line, d.col) == (3, 11)


@pytest.mark.parametrize(
    "text",
    [
        "a: " + "[" * 100 + "]" * 100 + "\n",
        "".join("  " * i + f"k{i}:\n" for i in range(80)) + "  " * 80 + "v\n",
        "a: " + "[" * 200_000 + "\n",
    ],
)
def test_deep_nesting_is_refused(text):
    start = time.perf_counter()
    assert only(text, "Y010").line >= 1
    assert time.perf_counter() - start < 10.0  # a hang guard, not a speed goal


def test_huge_file_is_refused_before_parsing():
    data = b"# padding\n" * (MAX_BYTES // 10 + 1)
    start = time.perf_counter()
    d = only(data, "Y001")
    assert time.perf_counter() - start < 0.5
    assert "1 MiB" in d.message


def test_duplicate_key_is_located_at_the_second():
    text = variant("  hoursPerDay: 8", "  hoursPerDay: 8\n  hoursPerDay: 9")
    d = only(text, "Y009")
    assert text.splitlines()[d.line - 1] == "  hoursPerDay: 9" and d.col == 3
    assert f"line {d.line - 1}" in d.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "---\n", "---\n...\n"])
def test_empty_file(text):
    only(text, "Y004")


@pytest.mark.parametrize(
    "data", [b"\x00\x01\x02\x03", bytes(range(256)), b"apiVersion: salesim/v1\n\x00"]
)
def test_binary_file(data):
    d = only(data, "Y003")
    assert d.line >= 1


def test_control_character_in_text():
    d = only("apiVersion: salesim/v1\nkind: Sc\x1benario\n", "Y003")
    assert (d.line, d.col) == (2, 9) and "U+001B" in d.message


def test_latin1_bytes_report_the_offset_and_line():
    data = fixture_text().replace("First week on the desk", "Première semaine").encode("latin-1")
    d = only(data, "Y002")
    offset = data.index(b"\xe8")
    assert f"offset {offset}" in d.message and "0xE8" in d.message
    assert d.line == data[:offset].count(b"\n") + 1
    assert d.source_line is not None and "Premi" in d.source_line


def test_utf8_bom_is_accepted():
    assert diagnose(b"\xef\xbb\xbf" + fixture_text().encode()) == []


def test_multiple_documents():
    text = fixture_text() + "---\napiVersion: salesim/v1\n"
    d = only(text, "Y006")
    assert d.line == len(fixture_text().splitlines()) + 1


@pytest.mark.parametrize(
    ("text", "what"),
    [("- a\n- b\n", "list"), ("just text\n", "single value"), ("42\n", "single value")],
)
def test_top_level_must_be_a_mapping(text, what):
    assert what in only(text, "Y007").message


@pytest.mark.parametrize(
    ("text", "code", "line", "col"),
    [
        ("a: b: c\n", "Y005", 1, 5),
        ("a:\n\tb: 1\n", "Y016", 2, 1),  # a tab in indentation
        ("a: [1, 2\nb: 3\n", "Y005", 2, 2),
        (
            "a: 'unclosed\n",
            "Y005",
            1,
            13,
        ),  # PyYAML says line 2 (after the end): shown at the end of line 1
        ("a:\n  - x\n - y\n", "Y017", 3, 2),  # a list item out of line
    ],
)
def test_syntax_errors_keep_pyyaml_position_one_based(text, code, line, col):
    d = only(text, code)
    assert (d.line, d.col) == (line, col)


def test_nan_and_inf_are_refused():
    text = variant("  hoursPerDay: 8", "  hoursPerDay: .nan")
    assert [d.code for d in diagnose(text)] == ["Y015"]


def test_complex_key_and_bad_merge():
    assert only("? [a, b]\n: c\n", "Y013").line == 1
    assert only("a:\n  <<: 5\n", "Y014").line == 2


def test_merge_keys_work():
    text = variant(
        "calendar:\n  days: 5\n  hoursPerDay: 8",
        "calendar:\n  <<: &cal {days: 5}\n  hoursPerDay: 8",
    )
    assert diagnose(text) == []


def test_bad_input_raises_only_scenario_error():
    with pytest.raises(ScenarioError) as err:
        load_scenario_text(BOMB)
    assert err.value.diagnostics[0].code == "Y011"
    assert check_text(b"\xff\xfe\x00")[0] is None


def test_huge_file_on_disk_is_not_read_whole(tmp_path):
    from sim.scenario import check_file

    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MiB, sparse
    start = time.perf_counter()
    (d,) = check_file(path)
    assert d.code == "Y001" and "52,428,800 bytes" in d.message
    assert time.perf_counter() - start < 0.5


def test_absurdly_large_numbers_are_refused_not_crashed():
    huge = "9" * 400
    d = only(variant("  hoursPerDay: 8", f"  hoursPerDay: {huge}"), "Y015")
    assert "too large" in d.message
    found = diagnose(fixture_text().replace("default: 40", f"default: {huge}", 1))
    assert [x.code for x in found] == ["Y015"]
