"""Declaring a scenario object once: model fields that carry their YAML key, default, description
and schema bounds, from which `schema.py` generates the JSON Schema and `build.py` reads the plain
fields.

    @dataclass(frozen=True, slots=True, kw_only=True)
    class Calendar:
        \"\"\"How long a run lasts and how much time a day holds.\"\"\"   # the schema's description
        days: int = spec("Business days in a run.", minimum=1, maximum=365, example=5)
        hours_per_day: float = spec("Time budget per day, in hours.", default=8, minimum=0.5, maximum=24)

The YAML key is the field name in camelCase (`hoursPerDay`) unless `alias` says otherwise; a
field without a `default` (YAML's, not Python's) and not `| None` is required. Fields declared
without `spec` (a `Span`, a stage's index) are not part of the format: the builder fills them.
"""

from __future__ import annotations

import dataclasses
import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from sim.scenario.expr import Effect, Expr

Schema = dict[str, Any]

ID_PATTERN = "^[a-z][a-z0-9_]*$"
EXPR_NOTE = " An expression (see docs/scenario-format.md#expressions)."
TEXT_NOTE = " May use {contact}, {first_name}, {company}, {title}, {industry} and {city}."
EFFECT_DOC = (
    "An effect: `target op expression`, e.g. `interest += 5`, `competitor = true`, `value *= 0.9`."
)
EFFECT_EXAMPLE = ["interest += 6", "trust += 5"]

_NONE: Any = object()
"""No YAML default / no example given (None is a value)."""


def spec(
    doc: str,
    *,
    alias: str | None = None,
    default: Any = _NONE,
    value: Any = dataclasses.MISSING,
    required: bool | None = None,
    example: Any = _NONE,
    ref: str | None = None,
    expect: Literal["bool", "number"] = "bool",
    text: bool = False,
    items: str | Schema | None = None,
    schema: Schema | None = None,
    **bounds: Any,
) -> Any:
    """One field of the format.

    doc: its description; default: what leaving it out means (the schema's `default`);
    value: the Python default of the dataclass field (rarely needed: the builder passes every
    field); ref: the section whose ids it names (`stages`...); expect: what an `Expr` field
    evaluates to; text: a text shown to the trainee, which may use placeholders; items: the
    description (or schema) of a list's items; schema: the whole type part when the Python
    type does not say it (a mapping, a range); bounds: further schema keywords (minimum...).
    """
    meta = {
        "doc": doc,
        "alias": alias,
        "default": default,
        "required": required,
        "example": example,
        "ref": ref,
        "expect": expect,
        "text": text,
        "items": items,
        "schema": schema,
        "bounds": bounds,
    }
    if value is dataclasses.MISSING:
        return dataclasses.field(metadata={"spec": meta})
    return dataclasses.field(default=value, metadata={"spec": meta})


def ident(kind: str, example: str) -> Any:
    """The `id` field of an object authors refer to by id."""
    return spec(
        f"Unique id of the {kind}: lower-case letters, digits and '_', starting with a letter.",
        pattern=ID_PATTERN,
        maxLength=64,
        example=example,
    )


def ref_item(kind: str, doc: str, example: str) -> Schema:
    """The schema of one id naming a declared `kind` (a list item)."""
    return {
        "type": "string",
        "description": doc + f" Must be the id of a declared {kind}.",
        "pattern": ID_PATTERN,
        "examples": [example],
    }


def range_of(doc: str, example: list[float], integer: bool = False) -> Schema:
    """A `[low, high]` pair."""
    return {
        "type": "array",
        "items": {"type": "integer" if integer else "number", "minimum": 0},
        "description": doc + " Written `[low, high]`.",
        "minItems": 2,
        "maxItems": 2,
        "examples": [example],
    }


def id_map(values: Schema) -> Schema:
    """A mapping from declared ids to `values`."""
    return {
        "type": "object",
        "propertyNames": {"pattern": ID_PATTERN},
        "additionalProperties": values,
    }


C = TypeVar("C", bound=type)


def declared(name: str, title: str | None = None) -> Callable[[C], C]:
    """Name a model class in the schema's `$defs` (and give its title when it differs)."""

    def mark(cls: C) -> C:
        cls.__decl__ = (name, title or name)  # type: ignore[attr-defined]
        return cls

    return mark


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.capitalize() for w in rest)


_REF_KINDS = {
    "meters": "meter",
    "facts": "fact",
    "stages": "stage",
    "personas": "persona",
    "styles": "style",
}


@dataclasses.dataclass(frozen=True, slots=True)
class Field:
    """One declared field, resolved: its model name, YAML key, type and spec."""

    name: str
    key: str
    hint: Any
    meta: dict[str, Any]
    plain: Callable[[Any], Any] | None
    """How the builder turns the YAML value into the model value, for plain fields (None:
    the builder reads it itself: ids of other sections, expressions, nested objects)."""
    holds: Literal["objects", "expr", "effects", ""]
    """What a walk over the model finds in it: declared objects, an expression, effects."""

    @property
    def default(self) -> Any:
        d = self.meta["default"]
        return None if d is _NONE else d

    @property
    def optional(self) -> bool:
        return _strip_none(self.hint)[1]


def _strip_none(tp: Any) -> tuple[Any, bool]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) != len(typing.get_args(tp)) and len(args) == 1:
            return args[0], True
    return tp, False


def _holds(tp: Any) -> Literal["objects", "expr", "effects", ""]:
    base, _ = _strip_none(tp)
    if base is Expr:
        return "expr"
    if typing.get_origin(base) is tuple:
        base = typing.get_args(base)[0]
        if base is Effect:
            return "effects"
    return "objects" if hasattr(base, "__decl__") else ""


_SCALARS: dict[Any, Callable[[Any], Any]] = {str: str, int: int, float: float, bool: bool}


def _converter(tp: Any, meta: dict[str, Any]) -> Callable[[Any], Any] | None:
    base, optional = _strip_none(tp)
    if meta["ref"] or meta["text"] or (meta["schema"] is not None and base not in _SCALARS):
        return None
    conv: Callable[[Any], Any] | None = None
    if base in _SCALARS:
        conv = _SCALARS[base]
    elif typing.get_origin(base) is Literal:
        conv = _same
    elif typing.get_origin(base) is tuple and typing.get_args(base)[0] is str:
        conv = tuple
    if conv is None or not optional:
        return conv
    inner = conv
    return lambda v: None if v is None else inner(v)


def _same(v: Any) -> Any:
    return v


_FIELDS: dict[type, tuple[Field, ...]] = {}


def fields_of(cls: type) -> tuple[Field, ...]:
    """The declared fields of a model class, in declaration order (= the schema's order)."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = _resolve(cls)
    return found


def _resolve(cls: type) -> tuple[Field, ...]:
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        meta = f.metadata.get("spec")
        if meta is None:
            continue
        tp = hints[f.name]
        if tp == tuple[Effect, ...]:  # a list of effects: none by default, a stock example
            meta = {**meta, "default": [] if meta["default"] is _NONE else meta["default"]}
            meta["example"] = EFFECT_EXAMPLE if meta["example"] is _NONE else meta["example"]
        key = meta["alias"] or camel(f.name)
        out.append(Field(f.name, key, tp, meta, _converter(tp, meta), _holds(tp)))
    return tuple(out)


def default_of(cls: type, name: str) -> Any:
    """What leaving out one field of `cls` means (its declared default)."""
    return next(f.default for f in fields_of(cls) if f.name == name)


# -- the JSON Schema ---------------------------------------------------------------------------


def _type_part(tp: Any, meta: dict[str, Any]) -> Schema:
    base, _ = _strip_none(tp)
    if base in (str, Effect):
        return {"type": "string"}
    if base is int:
        return {"type": "integer"}
    if base is float:
        return {"type": "number"}
    if base is bool:
        return {"type": "boolean"}
    if base is Expr:
        return {"type": ["string", "boolean" if meta["expect"] == "bool" else "number"]}
    if typing.get_origin(base) is Literal:
        return {"enum": list(typing.get_args(base))}
    if typing.get_origin(base) is tuple:
        return {"type": "array", "items": _type_part(typing.get_args(base)[0], meta)}
    if dataclasses.is_dataclass(base) and hasattr(base, "__decl__"):
        return {"$ref": f"#/$defs/{base.__decl__[0]}"}
    raise TypeError(f"no schema for {tp!r}: give `schema=`")


def _description(tp: Any, meta: dict[str, Any]) -> str:
    doc: str = meta["doc"]
    base, _ = _strip_none(tp)
    if base is Expr:
        doc += EXPR_NOTE + (
            " Must be a condition (true/false)." if meta["expect"] == "bool" else ""
        )
    if meta["ref"]:
        doc += f" Must be the id of a declared {_REF_KINDS[meta['ref']]}."
    if meta["text"]:
        doc += TEXT_NOTE
    return doc


def property_schema(f: Field) -> Schema:
    """The schema of one field."""
    meta = f.meta
    if meta["schema"] is not None:
        out: Schema = {**meta["schema"]}
        if meta["doc"]:
            out["description"] = _description(f.hint, meta)
    else:
        out = {**_type_part(f.hint, meta), "description": _description(f.hint, meta)}
    if meta["ref"]:
        out["pattern"] = ID_PATTERN
    base, _ = _strip_none(f.hint)
    if "items" in out and typing.get_origin(base) is tuple:
        item_type = typing.get_args(base)[0]
        items = meta["items"]
        if item_type is Effect:
            out["items"] = {**out["items"], "description": EFFECT_DOC}
        elif isinstance(items, str):
            out["items"] = {**out["items"], "description": items}
        elif isinstance(items, dict):
            out["items"] = {**out["items"], **items}
    if meta["default"] is not _NONE:
        out["default"] = meta["default"]
    if meta["example"] is not _NONE:
        out["examples"] = [meta["example"]]
    out.update(meta["bounds"])
    return out


def description_of(cls: type) -> str:
    """An object's description: the first paragraph of its docstring, on one line."""
    doc = inspect.cleandoc(cls.__doc__ or "")
    return " ".join(doc.split("\n\n")[0].split())


def object_schema(cls: type) -> Schema:
    """The schema of one declared model class."""
    _, title = cls.__decl__  # type: ignore[attr-defined]
    props = {f.key: property_schema(f) for f in fields_of(cls)}
    required = [
        f.key
        for f in fields_of(cls)
        if (
            f.meta["required"]
            if f.meta["required"] is not None
            else f.meta["default"] is _NONE and not f.optional
        )
    ]
    out: Schema = {
        "title": title,
        "type": "object",
        "description": description_of(cls),
        "additionalProperties": False,
        "properties": props,
    }
    if required:
        out["required"] = required
    return out
