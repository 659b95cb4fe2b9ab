"""One declaration per scenario object: the schema and the builder follow from the model's
fields, so a new field is one line in model.py (docs/development.md, "The scenario format")."""

from __future__ import annotations

import dataclasses

from sim.scenario import check_text, load_scenario_text
from sim.scenario import model as m
from sim.scenario.declare import declared, fields_of, ident, object_schema, spec
from sim.scenario.schema import DEFS, build_schema

from .helpers import fixture_text


@declared("gadget")
@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Gadget:
    """A made-up object.

    Only the first paragraph is the schema's description."""

    id: str = ident("gadget", "widget")
    hours_per_use: float = spec("Hours per use.", default=1, minimum=0)
    tags: tuple[str, ...] = spec("Tags.", default=[], items="A tag.")
    kind: m.Terminal | None = spec("Won or lost.")
    span: m.Span


def test_an_object_schema_follows_from_its_fields():
    schema = object_schema(Gadget)
    assert schema["title"] == "gadget"
    assert schema["description"] == "A made-up object."
    assert list(schema["properties"]) == ["id", "hoursPerUse", "tags", "kind"]  # camelCase keys
    assert schema["required"] == ["id"]  # no default and not `| None`
    assert schema["properties"]["hoursPerUse"] == {
        "type": "number",
        "description": "Hours per use.",
        "default": 1,
        "minimum": 0,
    }
    assert schema["properties"]["tags"]["items"] == {"type": "string", "description": "A tag."}
    assert schema["properties"]["kind"]["enum"] == ["won", "lost"]
    assert "span" not in schema["properties"]  # not declared: not part of the format


def test_every_object_of_the_schema_is_a_declared_model_class():
    defs = build_schema()["$defs"]
    assert list(defs) == [c.__decl__[0] for c in DEFS]
    for cls in DEFS:
        keys = [f.key for f in fields_of(cls)]
        assert list(defs[cls.__decl__[0]]["properties"]) == keys


def test_plain_fields_are_built_from_their_declaration_with_defaults():
    scenario = load_scenario_text(fixture_text())
    call = scenario.action("call")
    assert call.contact is True and call.requires_text == ""  # declared defaults
    assert isinstance(scenario.calendar.hours_per_day, float)  # declared type, from `8`
    assert scenario.personas[0].deal_min == scenario.personas[0].deal_value[0]


def test_checks_over_built_objects_point_at_the_node_they_are_about():
    text = fixture_text().replace("weight: 25", "weight: 26", 1)
    text = text.replace("interest: [40, 65]", "interest: [40, 165]", 1)
    found = {d.code: d for d in check_text(text, "x.yaml")[1]}
    lines = text.splitlines()
    assert lines[found["S304"].line - 1].strip() == "dimensions:"
    weights = found["S304"]
    assert (weights.col, weights.length) == (3, len("dimensions"))
    ranged = found["S308"]
    assert lines[ranged.line - 1][ranged.col - 1 :].startswith("[40, 165]")
    assert ranged.length == len("[40, 165]")
