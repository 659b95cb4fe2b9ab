"""The JSON Schema: committed copy current, well-formed, strict, documented, and satisfied by
every bundled scenario; the generated docs stay in sync with it and with expr.py."""

from __future__ import annotations

import json

import yaml
from jsonschema import Draft202012Validator

import sim.scenario.expr as expr
from sim.scenario import bundled_scenarios
from sim.scenario.schema import RULE_IDS, build_schema, markdown_reference, schema_json

from .helpers import DOCS, SCHEMA_FILE


def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_json(), (
        "schema/scenario.schema.json is stale: run `salesim schema -o schema/scenario.schema.json`"
    )


def test_schema_output_is_stable():
    assert schema_json() == schema_json()
    assert list(json.loads(schema_json())) == sorted(json.loads(schema_json()))


def test_schema_is_valid_draft_2020_12():
    schema = build_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def _objects(schema):
    yield "scenario", schema
    yield from schema["$defs"].items()


def test_every_object_is_closed_and_every_field_described():
    for name, obj in _objects(build_schema()):
        assert obj["additionalProperties"] is False, f"{name} accepts unknown keys"
        assert obj.get("description"), name
        for key, prop in obj["properties"].items():
            assert prop.get("description"), f"{name}.{key} has no description (editors show it)"


def test_rule_ids_are_an_enum():
    rule = build_schema()["$defs"]["rule"]["properties"]["id"]
    assert rule["enum"] == list(RULE_IDS)


def test_bundled_scenarios_satisfy_the_schema_with_plain_jsonschema():
    validator = Draft202012Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    found = bundled_scenarios()
    assert found, "no bundled scenarios found"
    for sid, path in found:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], f"{sid}: {errors}"


def test_bundled_scenarios_point_editors_at_the_schema():
    for sid, path in bundled_scenarios():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/scenario.schema.json", sid


def test_field_reference_in_docs_is_current():
    doc = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    begin, end = "<!-- BEGIN FIELD REFERENCE -->\n", "<!-- END FIELD REFERENCE -->"
    generated = doc[doc.index(begin) + len(begin) : doc.index(end)]
    assert generated.strip() == markdown_reference().strip(), (
        "docs/scenario-format.md field reference is stale: paste `salesim schema --markdown` between the markers"
    )


def test_grammar_in_docs_matches_expr_module():
    doc = (DOCS / "scenario-format.md").read_text(encoding="utf-8")
    grammar = [
        line.strip()
        for line in (expr.__doc__ or "").splitlines()
        if " = " in line and line.strip().endswith(";")
    ]
    assert grammar, "expr.py's docstring has no grammar any more"
    for line in grammar:
        assert line in doc, f"docs/scenario-format.md is missing the grammar rule: {line}"
