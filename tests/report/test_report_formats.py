"""The three report formats: strict, self-contained HTML with four charts; stable JSON;
Markdown with the dimension table; untrusted scenario and customer text escaped."""

import dataclasses
import json
from pathlib import Path

import html5lib
import pytest

from sim.engine import Game
from sim.engine.bots import make_bot, play
from sim.report import FORMATS, build_debrief, render, write_report
from sim.scenario import load_scenario_text
from sim.scenario.bundled import scenarios_dir

CHARTS = ("chart-dimensions", "chart-funnel", "chart-pipeline", "chart-timeline")
SVG_NS = "{http://www.w3.org/2000/svg}"
HTML_NS = "{http://www.w3.org/1999/xhtml}"
EVIL = "<script>alert('x')</script>"


def parse_strict(text):
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


@pytest.fixture(scope="module")
def html_report(tutorial, greedy_game):
    return write_report(tutorial, greedy_game.seed, greedy_game.log, "html")


def test_html_parses_strictly_and_has_the_four_charts(html_report):
    doc = parse_strict(html_report)
    svgs = {s.get("id"): s for s in doc.iter(f"{SVG_NS}svg")}
    assert set(CHARTS) <= set(svgs)
    for cid in CHARTS:
        svg = svgs[cid]
        assert svg.get("role") == "img"
        title_id, desc_id = svg.get("aria-labelledby").split()
        ids = {el.get("id") for el in svg.iter() if el.get("id")}
        assert {title_id, desc_id} <= ids
        assert svg.find(f"{SVG_NS}title").text.strip()
        assert len(list(svg.iter())) > 10, f"{cid} draws something"
    # Each chart comes with the table of numbers behind it (the timeline's follows its figure).
    captions = [c.text for c in doc.iter(f"{HTML_NS}caption")]
    assert captions.count("The numbers behind the chart") == 4


def test_html_is_self_contained(html_report):
    low = html_report.lower()
    assert "http://" not in low and "https://" not in low
    assert "<script" not in low
    assert "<link" not in low and "@import" not in low and "url(" not in low
    assert "<img" not in low and "<iframe" not in low


def test_html_has_the_document_basics(html_report):
    doc = parse_strict(html_report)
    assert doc.get("lang") == "en"
    head = doc.find(f"{HTML_NS}head")
    assert head.find(f"{HTML_NS}meta").get("charset") == "utf-8"
    assert "First week on the desk" in head.find(f"{HTML_NS}title").text
    assert "@media print" in html_report and "@page" in html_report


def test_markdown_has_the_dimension_table(tutorial, greedy_game):
    text = write_report(tutorial, greedy_game.seed, greedy_game.log, "md")
    lines = text.splitlines()
    assert lines[0].startswith("# Debrief: ")
    head = lines.index("| Dimension | Weight | You | Ghost | Δ | Points to total |")
    rows = lines[head + 2 : head + 2 + len(tutorial.scoring.dimensions)]
    assert [r.split(" | ")[0].lstrip("| ") for r in rows] == [
        d.label for d in tutorial.scoring.dimensions
    ]
    for heading in (
        "## Key moments",
        "## Funnel by stage",
        "## Pipeline by day",
        "## Every point explained",
    ):
        assert heading in lines


def test_json_is_byte_identical_for_the_same_run_and_round_trips(tutorial):
    def fresh():
        g = play(Game(tutorial, 4), make_bot("greedy", 4))
        return write_report(tutorial, 4, g.log, "json")

    a, b = fresh(), fresh()
    assert a == b
    data = json.loads(a)
    assert json.dumps(data, indent=2, ensure_ascii=False) + "\n" == a
    assert list(data) == [
        "format",
        "scenario",
        "run",
        "score",
        "ghost",
        "outcome",
        "forecast",
        "dimensions",
        "key_moments",
        "timeline",
        "funnel",
        "pipeline",
        "deals",
        "scorecard",
        "notebook",
    ]
    assert data["format"] == "salesim-debrief/1"
    assert data["score"]["total"] == data["scorecard"]["total"]


def test_write_report_writes_the_file_it_returns(tutorial, greedy_game, tmp_path):
    for fmt in FORMATS:
        path = tmp_path / f"r.{fmt}"
        text = write_report(tutorial, greedy_game.seed, greedy_game.log, fmt, path, ghost=False)
        assert path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.json", "r.md"]
    with pytest.raises(ValueError):
        write_report(tutorial, greedy_game.seed, greedy_game.log, "pdf")


@pytest.fixture(scope="module")
def evil_scenario():
    text = (scenarios_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    text = text.replace("title: First week on the desk", f'title: "{EVIL} & co"', 1)
    text = text.replace("label: Prospecting", f'label: "{EVIL}Prospecting"', 1)
    text = text.replace("label: Results", f'label: "Results <b>now</b> | {EVIL}"', 1)
    assert text.count(EVIL) == 3
    return load_scenario_text(text, "evil.yaml")


def test_untrusted_text_is_escaped_everywhere(evil_scenario):
    g = play(Game(evil_scenario, 2), make_bot("greedy", 2))
    d = build_debrief(evil_scenario, 2, g.log, player=EVIL, ghost=False)
    deal = dataclasses.replace(d.deals[0], company=EVIL, contact=EVIL)
    moments = tuple(
        dataclasses.replace(m, company=EVIL, action=EVIL, text=EVIL, better=EVIL) for m in d.worst
    )
    d = dataclasses.replace(d, deals=(deal,) + d.deals[1:], worst=moments)

    html = render(d, "html")
    parse_strict(html)
    assert "<script" not in html.lower()
    assert "<b>now</b>" not in html
    assert "&lt;script&gt;" in html

    md = render(d, "md")
    assert "<script" not in md.lower() and "<b>" not in md
    assert "&lt;script&gt;" in md
    table_rows = [ln for ln in md.splitlines() if ln.startswith("| ") and "Results" in ln]
    assert table_rows and all(
        "\\|" in ln for ln in table_rows
    )  # a '|' in a name cannot split a table cell

    data = json.loads(render(d, "json"))
    assert data["run"]["player"] == EVIL  # JSON keeps the text as data


def test_reports_do_not_import_textual():
    import subprocess
    import sys

    code = (
        "import sys, sim.report, sim.report.html, sim.report.markdown, sim.report.json_, sim.store, "
        "sim.commands.report, sim.commands.runs; assert 'textual' not in sys.modules, 'textual imported'"
    )
    subprocess.run(
        [sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2]
    )


@pytest.mark.parametrize("cut", [1, 12, None])
def test_every_format_renders_a_run_cut_short_or_without_a_ghost(tutorial, greedy_game, cut):
    log = greedy_game.log[:cut]
    d = build_debrief(tutorial, greedy_game.seed, log, ghost=cut is None)
    doc = parse_strict(render(d, "html"))
    assert {s.get("id") for s in doc.iter(f"{SVG_NS}svg")} >= set(CHARTS)
    assert render(d, "md").startswith("# Debrief: ")
    assert json.loads(render(d, "json"))["run"]["finished"] is (cut is None)
