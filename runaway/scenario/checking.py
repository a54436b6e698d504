"""Key checks with suggestions, and pydantic errors turned into `ScenarioError`.

Unknown keys are found by walking the raw TOML data against the schema *before*
pydantic runs, so the message can offer the closest valid key (difflib) and the
abuse ``kind`` can be checked with its own message.
"""

from __future__ import annotations

import difflib
import types
from collections.abc import Callable, Iterable
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from runaway.abuse import PLANNED_ABUSE_KINDS

from .errors import KeyedValueError, ScenarioError
from .schema import INTERNAL_FIELDS, Scenario, on_schema_change
from .units import describe_value, quantity_spec

__all__ = ["check_keys", "field_hint", "translate_validation_error"]

Path_ = tuple[str | int, ...]
# Where a value came from: (file label, note appended to the message).
Locate = Callable[[Path_], tuple[str, str]]


def _dotted(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _models(annotation: Any) -> list[type[BaseModel]]:
    """Model classes reachable from a field annotation (through Optional/Annotated)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _models(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [model for arg in get_args(annotation) for model in _models(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    return {k: v for k, v in model.model_fields.items() if k not in INTERNAL_FIELDS}


def field_hint(field: FieldInfo) -> str:
    """What a field holds, for messages and docs: its dimension and units, or its choices."""
    spec = quantity_spec(field.metadata)
    if spec is not None:
        dim = spec["dim"]
        return f"{dim.name}: {dim.examples}" if dim.si else dim.name
    annotation = field.annotation
    if get_origin(annotation) is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(annotation))
    if annotation is str:
        return "a string"
    return ""


@cache
def schema_index() -> dict[tuple[str, ...], str]:
    """Every valid key path of a scenario -> a hint of what it holds ("a table" for tables)."""
    index: dict[tuple[str, ...], str] = {}

    def walk(model: type[BaseModel], prefix: tuple[str, ...]) -> None:
        for name, field in _fields(model).items():
            path = (*prefix, name)
            models = _models(field.annotation)
            if models:
                index[path] = "a table"
                for sub in models:
                    walk(sub, path)
            elif path not in index:
                index[path] = field_hint(field)

    walk(Scenario, ())
    return index


on_schema_change(schema_index.cache_clear)


def _suggest(path: tuple[str, ...], siblings: list[str]) -> str:
    key, parent = path[-1], path[:-1]
    close = difflib.get_close_matches(key, siblings, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{_dotted((*parent, close[0]))}'?"
    elsewhere = [p for p in schema_index() if p[-1] == key and p[:-1] != parent]
    if not elsewhere:  # a misspelt key in the wrong table
        leaves = sorted({p[-1] for p in schema_index()})
        close = difflib.get_close_matches(key, leaves, n=1, cutoff=0.8)
        elsewhere = [p for p in schema_index() if close and p[-1] == close[0]]
    if elsewhere:
        options = " or ".join(f"'{_dotted(p)}'" for p in elsewhere[:3])
        return f"did you mean {options}?"
    return "valid keys here: " + ", ".join(siblings)


def _fail(locate: Locate, path: Path_, message: str) -> ScenarioError:
    file, note = locate(path)
    return ScenarioError(file, _dotted(path), message + note)


def check_keys(data: dict[str, Any], locate: Locate) -> None:
    """Raise `ScenarioError` for the first unknown key or bad abuse kind in ``data``."""
    _check(data, Scenario, (), locate)


def _check(
    data: dict[str, Any],
    model: type[BaseModel],
    prefix: tuple[str, ...],
    locate: Locate,
    context: str = "",
) -> None:
    fields = _fields(model)
    for key, value in data.items():
        path = (*prefix, key)
        if key not in fields:
            dotted = _dotted(path)
            suggestion = _suggest(path, list(fields))
            raise _fail(locate, path, f"unknown key '{dotted}'{context} — {suggestion}")
        if not isinstance(value, dict):
            continue  # wrong types are reported by pydantic
        models = _models(fields[key].annotation)
        discriminator = fields[key].discriminator
        if len(models) > 1 and isinstance(discriminator, str):
            sub = _pick_variant(value, models, discriminator, path, locate)
            kind_key = f"{_dotted(path)}.{discriminator}"
            _check(value, sub, path, locate, f" (for {kind_key} '{value[discriminator]}')")
        elif len(models) == 1:
            _check(value, models[0], path, locate)


def _pick_variant(
    value: dict[str, Any],
    models: list[type[BaseModel]],
    discriminator: str,
    path: tuple[str, ...],
    locate: Locate,
) -> type[BaseModel]:
    variants = {get_args(m.model_fields[discriminator].annotation)[0]: m for m in models}
    available = ", ".join(variants)
    kind_path = (*path, discriminator)
    dotted = _dotted(kind_path)
    if discriminator not in value:
        raise _fail(locate, kind_path, f"missing required key; one of: {available}")
    kind = value[discriminator]
    if not isinstance(kind, str):
        raise _fail(locate, kind_path, f"expected one of {available} — got {describe_value(kind)}")
    if kind in variants:
        return variants[kind]
    if kind in PLANNED_ABUSE_KINDS:
        raise _fail(
            locate, kind_path, f"{dotted} '{kind}' is not implemented yet; available: {available}"
        )
    close = difflib.get_close_matches(str(kind), list(variants), n=1, cutoff=0.6)
    hint = f" — did you mean '{close[0]}'?" if close else ""
    raise _fail(
        locate, kind_path, f"unknown {dotted} {describe_value(kind)}{hint} (available: {available})"
    )


# --- pydantic errors --------------------------------------------------------------------

_TYPE_MESSAGES = {
    "string_type": "expected a string",
    "bool_type": "expected true or false",
    "int_type": "expected an integer",
    "float_type": "expected a number",
    "list_type": "expected a list",
    "tuple_type": "expected a list",
    "dict_type": "expected a table",
    "model_type": "expected a table",
    "model_attributes_type": "expected a table",
}


def translate_validation_error(exc: ValidationError, locate: Locate) -> ScenarioError:
    """The first problem of ``exc`` as a `ScenarioError`; the rest go to ``.others``."""
    problems = [_translate_one(error, locate) for error in exc.errors()]
    first = problems[0]
    return ScenarioError(first.file, first.key, first.message, others=tuple(problems[1:]))


def _strip_tags(loc: tuple[str | int, ...]) -> list[str | int]:
    """Drop the discriminated-union tag pydantic puts into locations (abuse.<kind>.x)."""
    path = list(loc)
    if len(path) >= 2 and path[0] == "abuse" and isinstance(path[1], str):
        if ("abuse", path[1]) not in schema_index():
            del path[1]
    return path


def _translate_one(error: Any, locate: Locate) -> ScenarioError:
    path = _strip_tags(error["loc"])
    kind = error["type"]
    value = error.get("input")
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, KeyedValueError):
        path += cause.key.split(".")
        message = cause.message
    elif kind == "value_error":
        message = str(cause) if cause is not None else error["msg"]
    elif kind == "missing":
        hint = schema_index().get(tuple(str(p) for p in path), "")
        if hint == "a table":
            message = f"missing required table [{_dotted(path)}]"
        else:
            message = "missing required key" + (f" ({hint})" if hint else "")
    elif kind == "extra_forbidden":
        message = f"unknown key '{_dotted(path)}'"
    elif kind == "literal_error":
        expected = (error.get("ctx") or {}).get("expected", "")
        message = f"expected one of {expected} — got {describe_value(value)}"
    elif kind in _TYPE_MESSAGES:
        message = f"wrong type: {_TYPE_MESSAGES[kind]} — got {describe_value(value)}"
    else:
        message = f"{error['msg']} — got {describe_value(value)}"
    return _fail(locate, tuple(path), message)
