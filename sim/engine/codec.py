"""The JSON codec shared by events and commands: a frozen dataclass <-> a JSON-able dict.

A record class lists its fields in the order they are written; field metadata can rename a
field's JSON key (`key`, e.g. `from_` is written "from") or leave it out when it is None
(`omit`: the key was absent in the logs written so far). Reading checks every value against
the field's annotation, so an untrusted file gives a clear `CodecError`, never a traceback.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar, Union

T = TypeVar("T")


class CodecError(ValueError):
    """A dict that does not decode into the record it names."""


def omitted(default: Any = None) -> Any:
    """A field written only when it is not None (absent from the JSON otherwise)."""
    return field(default=default, metadata={"omit": True})


def renamed(key: str) -> Any:
    """A field whose JSON key is `key` (for a key that is a Python keyword)."""
    return field(metadata={"key": key})


@dataclass(frozen=True, slots=True)
class _Spec:
    attr: str
    key: str
    omit: bool
    hint: Any
    required: bool
    default: Any


_SPECS: dict[type, tuple[_Spec, ...]] = {}


def specs(cls: type) -> tuple[_Spec, ...]:
    """The fields of a record class as written, computed once per class."""
    got = _SPECS.get(cls)
    if got is None:
        hints = typing.get_type_hints(cls)
        got = tuple(
            _Spec(
                f.name,
                f.metadata.get("key", f.name),
                bool(f.metadata.get("omit")),
                hints[f.name],
                f.default is MISSING and f.default_factory is MISSING,
                f.default if f.default is not MISSING else None,
            )
            for f in fields(cls)
            if f.init
        )
        _SPECS[cls] = got
    return got


def encode(obj: Any, head: Mapping[str, Any]) -> dict[str, Any]:
    """`head` (e.g. seq, day, type) then the record's fields, in declaration order."""
    out = dict(head)
    for s in specs(type(obj)):
        if s.attr in out:
            continue
        value = getattr(obj, s.attr)
        if s.omit and value is None:
            continue
        out[s.key] = _plain(value)
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k) if isinstance(k, int) else k: _plain(v) for k, v in value.items()}
    return value


def decode(cls: type[T], data: Mapping[str, Any], what: str) -> T:
    """Build `cls` from `data` (extra keys are ignored); `what` names it in errors."""
    kwargs: dict[str, Any] = {}
    for s in specs(cls):
        if s.key not in data:
            if s.required:
                raise CodecError(f"{what}: has no '{s.key}' field")
            continue
        kwargs[s.attr] = _check(data[s.key], s.hint, f"{what}: field '{s.key}'")
    return cls(**kwargs)


def _check(value: Any, hint: Any, where: str) -> Any:
    """`value` checked against the annotation `hint` (lists become tuples where declared)."""
    if hint is Any:
        return value
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        for arg in args:
            try:
                return _check(value, arg, where)
            except CodecError:
                continue
        raise CodecError(f"{where} has the wrong type ({type(value).__name__})")
    if origin is typing.Literal:
        if value in args:
            return value
        raise CodecError(f"{where} must be one of {', '.join(map(repr, args))}")
    if hint is type(None):
        if value is None:
            return None
    elif hint is bool:
        if isinstance(value, bool):
            return value
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value  # an int stays an int: the log writes it as it was
    elif hint is str:
        if isinstance(value, str):
            return value
    elif origin is tuple:
        if isinstance(value, list | tuple):
            item = args[0] if args else Any
            return tuple(_check(v, item, f"{where}[{n}]") for n, v in enumerate(value))
    elif origin in (Mapping, dict, typing.Mapping) or hint in (dict, Mapping):
        if isinstance(value, Mapping):
            kt, vt = args if args else (Any, Any)
            out: dict[Any, Any] = {}
            for k, v in value.items():
                key = _key(k, kt, where)
                out[key] = _check(v, vt, f"{where}[{k!r}]")
            return out
    else:  # pragma: no cover - a field type the codec does not know is a programming error
        raise TypeError(f"codec: unsupported field type {hint!r}")
    raise CodecError(f"{where} has the wrong type ({type(value).__name__})")


def _key(k: Any, hint: Any, where: str) -> Any:
    if hint is int:  # JSON object keys are text: "3" -> 3
        try:
            return int(k)
        except (TypeError, ValueError):
            raise CodecError(f"{where} has a key {k!r} that is not a number") from None
    if not isinstance(k, str):
        raise CodecError(f"{where} has a key that is not text")
    return k
