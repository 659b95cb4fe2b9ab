"""The hints an author gets for the commonest slips: indentation (which line moved and where
it belongs), tabs, full-width punctuation, Chinese ids, locale and currency codes, and
numbers written the way people talk. Each test makes the slip in the tutorial's frozen copy
and checks what the author reads."""

from __future__ import annotations

from .helpers import diagnose, fixture_text, line_of, variant

MOVE = '      moveTo: qualified\n      feedback: "{contact} opens up: you now know their budget, who decides, and when."\n'


def one(text: str):
    found = diagnose(text)
    assert len(found) == 1, "\n".join(d.format() for d in found)
    return found[0]


# -- the four indentation cases of issue 14 ------------------------------------------------------
def test_over_indented_key_names_its_parent_not_quotes():
    text = variant("  title: First week on the desk\n", "    title: First week on the desk\n")
    d = one(text)
    at, above = line_of(text, "    title:"), line_of(text, "  id: desk")
    assert (d.code, d.line) == ("Y017", at)
    assert f"'title' is indented 4 spaces, deeper than 'id' (line {above})" in d.message
    assert d.hint == (
        f"'title' probably belongs under 'metadata' beside 'id' (line {above}): indent it 2 spaces"
    )
    assert "quotes" not in d.hint


def test_key_dedented_out_of_success_blames_the_moved_line():
    text = variant(MOVE, MOVE.replace("      moveTo", "    moveTo"))
    d = one(text)
    assert (d.code, d.line, d.col) == ("Y017", line_of(text, "    moveTo: qualified"), 5)
    assert "'moveTo' probably belongs under 'success'" in d.hint and "indent it 6 spaces" in d.hint


def test_last_key_dedented_out_of_success_says_it_belongs_under_success():
    moved = '      feedback: "{contact} opens up: you now know their budget, who decides, and when."\n    moveTo: qualified\n'
    text = variant(MOVE, moved)
    d = one(text)
    assert (d.code, d.line) == ("S010", line_of(text, "    moveTo: qualified"))
    assert d.hint.startswith("'moveTo' belongs under 'success:'")
    assert "indent it 6 spaces" in d.hint


def test_misindented_list_item_names_its_list():
    text = variant("    - Qualify (budget", "   - Qualify (budget")
    d = one(text)
    assert (d.code, d.line, d.col) == ("Y017", line_of(text, "   - Qualify"), 4)
    assert "under 'objectives'" in d.hint and "indent it 4 spaces" in d.hint


def test_tab_in_indentation():
    text = variant("  title: First week", "\ttitle: First week")
    d = one(text)
    assert (d.code, d.line, d.col) == ("Y016", line_of(text, "\ttitle"), 1)
    assert "2 spaces" in d.hint


def test_bundled_style_files_have_no_misplaced_lines():
    from sim.scenario.hints import find_misplaced

    lines = fixture_text().splitlines()
    assert find_misplaced(lines, len(lines)) is None


# -- Chinese authors -------------------------------------------------------------------------------
def test_full_width_colon_is_named():
    d = one(variant("  title: First week", "  title： First week"))
    assert d.code == "Y018" and "full-width colon '：' (U+FF1A)" in d.message
    assert d.col == 8


def test_full_width_quotes_are_named():
    d = one(variant("  title: First week on the desk", "  title: “Week one: the desk”"))
    assert d.code == "Y018" and "'“' (U+201C)" in d.message


def test_full_width_comma_in_an_id_list():
    d = one(variant("stages: [lead, qualified]", "stages: [lead， qualified]"))
    assert d.code == "S015" and "full-width comma '，'" in d.hint
    assert "item 1 of 'stages' 'lead， qualified'" in d.message  # quoting is balanced


def test_full_width_sign_in_an_expression():
    d = one(variant("when: interest >= 55", "when: interest ≥ 55"))
    assert d.code == "E201" and "write '>='" in d.hint


def test_chinese_stage_id_is_one_error_with_a_useful_hint():
    text = fixture_text().replace("lead", "线索")
    d = one(text)
    assert d.code == "S015" and "used 11 more times" in d.message
    assert "label: 线索" in d.hint and "x_" not in d.hint


def test_locale_with_a_hyphen():
    d = one(variant("locale: en_US", "locale: zh-CN"))
    assert d.code == "S015" and "did you mean 'zh_CN'" in d.hint


def test_currency_checked_against_iso_4217():
    d = one(variant("currency: USD", "currency: RMB"))
    assert d.code == "S018" and "'CNY'" in d.hint
    d = one(variant("currency: USD", "currency: USX"))
    assert d.code == "S018"
    assert diagnose(variant("currency: USD", "currency: CNY")) == []


# -- numbers and names ---------------------------------------------------------------------------
def test_percent_chance():
    d = one(variant('chance: "0.9"', "chance: 70%"))
    assert d.code == "E201" and "write 0.7" in d.hint


def test_probability_as_a_fraction():
    d = one(variant("probability: 20", "probability: 0.3"))
    assert d.code == "S012" and "write 30" in d.hint


def test_single_equals_in_a_condition():
    d = one(variant("when: interest >= 55", "when: interest = 55"))
    assert d.code == "E201" and "did you mean '=='" in d.hint


def test_thousands_suffix():
    d = one(variant("dealValue: [4000, 12000]", "dealValue: [4000, 250k]"))
    assert d.code == "S012" and "write 250000" in d.hint


def test_meter_in_reveal():
    d = one(variant("reveal: [need, patience]", "reveal: [need, trust]"))
    assert d.code == "S103" and "'trust' is a meter" in d.hint


def test_unknown_name_in_an_effect_is_called_unknown():
    d = one(
        variant("effects: [interest += 6, trust += 5]", "effects: [interest += 6, trusst += 5]")
    )
    assert d.code == "E202"
    assert "unknown name 'trusst'" in d.message and "did you mean 'trust'" in d.message
    d = one(
        variant("effects: [interest += 6, trust += 5]", "effects: [interest += 6, large = true]")
    )
    assert "'large' cannot be changed by an effect" in d.message
