"""Reference of the scenario keys and the scenario's JSON Schema, both read off the pydantic
models (:mod:`.schema`, :mod:`.cell`, the abuse kinds' and user parts' tables).

`scenario_keys` lists every key in the dotted form ``--set`` takes, with its SI unit, default,
range and the description of the model's numpydoc ``Attributes`` section; the keys of the
``[abuse]`` table carry the kinds they belong to. `scenario_json_schema` is the JSON Schema
(draft 7) of a scenario file for editors: quantities are numbers (SI) or strings with a unit,
the abuse table is a union discriminated by ``kind``, and a ``[cell]`` naming a ``preset``
needs none of the keys the preset supplies. ``runaway keys`` and ``runaway schema`` print them.
"""

from __future__ import annotations

import inspect
import re
import types
from dataclasses import dataclass, replace
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, WithJsonSchema
from pydantic.fields import FieldInfo
from pydantic.json_schema import GenerateJsonSchema

from .cell import CellSpec
from .checking import field_hint
from .schema import INTERNAL_FIELDS, Scenario
from .units import quantity_spec

__all__ = ["KeyInfo", "scenario_json_schema", "scenario_keys"]

#: Stands for a name the user chooses (a species of ``cell.composition``).
PLACEHOLDER = "<name>"
JSON_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


@dataclass(frozen=True)
class KeyInfo:
    """One scenario key.

    Attributes
    ----------
    key : str
        Dotted, as ``--set`` takes it (``cell.pouch.stack_pressure``); ``<name>`` stands for a
        name of the user's choice.
    unit : str or None
        SI unit of a quantity (``"1"`` if dimensionless), None for other values.
    holds : str
        What may be written (``"a temperature: K, degC"``).
    default : object
        Default in SI; None when the key is required or has no default (left unset).
    required : bool
        Required in its table.
    bounds : dict
        ``gt``, ``ge``, ``lt``, ``le`` of a quantity in SI (absent bounds left out).
    allowed : tuple or None
        The values a choice key accepts.
    description : str
        One line from the model's docstring.
    kinds : tuple of str
        Abuse kinds the key belongs to; empty when it does not depend on ``abuse.kind``.
    """

    key: str
    unit: str | None
    holds: str
    default: Any
    required: bool
    bounds: dict[str, float]
    allowed: tuple | None
    description: str
    kinds: tuple[str, ...] = ()


def scenario_keys() -> list[KeyInfo]:
    """Every key of a scenario file, in schema order (the registries as they are now).

    Keys of the ``[abuse]`` table that are the same in several kinds are listed once with
    all those kinds; a key that differs between kinds (default, range, meaning) once per
    variant.
    """
    found: list[KeyInfo] = []
    _walk(Scenario, (), (), None, found)
    merged: dict[str, KeyInfo] = {}
    for info in found:
        same = repr(replace(info, kinds=()))  # defaults of user parts need not be hashable
        if same in merged:
            first = merged[same]
            merged[same] = replace(first, kinds=(*first.kinds, *info.kinds))
        else:
            merged[same] = info
    return list(merged.values())


def _walk(
    model: type[BaseModel],
    prefix: tuple[str, ...],
    kinds: tuple[str, ...],
    tag: str | None,
    found: list[KeyInfo],
) -> None:
    """Append the keys of ``model`` (at ``prefix``) to ``found``; ``tag`` is the field that
    names the variant of a discriminated table (listed once, by `_discriminator`)."""
    docs = attribute_docs(model)
    for name, field in model.model_fields.items():
        if name in INTERNAL_FIELDS or name == tag:
            continue
        path = (*prefix, name)
        tables = _tables(field.annotation)
        discriminator = field.discriminator if isinstance(field.discriminator, str) else None
        if len(tables) > 1 and discriminator:
            found.append(_discriminator(path, field, tables, docs.get(name, "")))
            for table in tables:
                kind = get_args(table.model_fields[discriminator].annotation)[0]
                _walk(table, path, (kind,), discriminator, found)
        elif tables:
            for table in tables:
                _walk(table, path, kinds, None, found)
        else:
            found.append(_leaf(path, field, docs.get(name, ""), kinds))


def _tables(annotation: Any) -> list[type[BaseModel]]:
    """Sub-tables a field holds (through Optional, Union and Annotated)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _tables(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [table for arg in get_args(annotation) for table in _tables(arg)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _discriminator(path, field: FieldInfo, tables, description: str) -> KeyInfo:
    names = tuple(get_args(t.model_fields[field.discriminator].annotation)[0] for t in tables)
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    return KeyInfo(
        key=".".join((*path, field.discriminator)),
        unit=None,
        holds="one of " + ", ".join(repr(n) for n in names),
        default=getattr(default, field.discriminator, None),
        required=default is None,
        bounds={},
        allowed=names,
        description=description,
    )


def _leaf(path: tuple[str, ...], field: FieldInfo, description: str, kinds) -> KeyInfo:
    item, holds = _item(field)
    if item is not field:  # a table of user-named entries, or a list
        path = (*path, PLACEHOLDER) if _origin(field) is dict else path
    spec = quantity_spec(item.metadata)
    annotation = _without_none(item.annotation)
    allowed = get_args(annotation) if get_origin(annotation) is Literal else None
    if annotation is bool:
        allowed = (True, False)
    required = field.is_required()
    default = None if required or _origin(field) is dict else field.get_default()
    bounds = {k: v for k, v in (spec or {}).get("bounds", {}).items() if v is not None}
    return KeyInfo(
        key=".".join(path),
        unit=(spec["dim"].si or "1") if spec else None,
        holds=holds,
        default=default,
        required=required,
        bounds=bounds,
        allowed=allowed,
        description=description,
        kinds=kinds,
    )


def _origin(field: FieldInfo) -> Any:
    return get_origin(_without_none(field.annotation))


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _item(field: FieldInfo) -> tuple[FieldInfo, str]:
    """The field that describes one value (an entry of a list or of a named table) and a
    phrase saying what the key holds."""
    origin = _origin(field)
    if origin in (tuple, list, dict):
        args = get_args(_without_none(field.annotation))
        item = FieldInfo.from_annotation(args[-1] if origin is dict else args[0])
        what = "a list, each " if origin is not dict else ""
        return item, what + _holds(item)
    return field, _holds(field)


def _holds(field: FieldInfo) -> str:
    hint = field_hint(field)
    if hint:
        return hint
    for meta in field.metadata:
        if isinstance(meta, WithJsonSchema) and meta.json_schema:
            return meta.json_schema.get("description", "")
    annotation = _without_none(field.annotation)
    return {str: "a string", bool: "true or false", int: "an integer", float: "a number"}.get(
        annotation, ""
    )


# --- docstrings -------------------------------------------------------------------------

_ENTRY = re.compile(r"^(\w+(?:\s*,\s*\w+)*)(?:\s*:.*)?$")
_SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-Z])")


@cache
def attribute_docs(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> the first sentence of its entry in the numpydoc ``Attributes`` section of
    ``model``'s docstring; a field without an entry gets the docstring's summary if that
    names it (``resistance`` in "External short circuit through ``resistance`` [ohm].")."""
    doc = inspect.cleandoc(model.__doc__ or "")
    summary = doc.split("\n\n")[0]
    entries: dict[str, list[str]] = {}
    section = re.search(r"^Attributes\n-+\n(.*?)(?:\n\n\S[^\n]*\n-+\n|\Z)", doc, re.M | re.S)
    current: list[str] = []
    for line in section.group(1).splitlines() if section else ():
        match = _ENTRY.match(line)
        if match and not line[:1].isspace():
            current = []
            for name in match.group(1).split(","):
                entries[name.strip()] = current
        elif line.strip():
            current.append(line.strip())
    docs = {name: _one_line(" ".join(lines)) for name, lines in entries.items() if lines}
    for name in model.model_fields:
        if name not in docs and f"``{name}``" in summary:
            docs[name] = _one_line(summary)
    return docs


def _one_line(text: str) -> str:
    """First sentence, without markup; a file leaves a key out where Python says None."""
    text = " ".join(text.replace("``", "").replace("`", "").split())
    return re.sub(r"\bNone\b", "unset", _SENTENCE_END.split(text, maxsplit=1)[0])


def _summary(model: type[BaseModel]) -> str:
    return " ".join(inspect.cleandoc(model.__doc__ or "").split("\n\n")[0].split())


# --- JSON Schema --------------------------------------------------------------------------


class _ScenarioJsonSchema(GenerateJsonSchema):
    """pydantic's JSON Schema generator, adapted to TOML scenario files."""

    def nullable_schema(self, schema: Any) -> dict[str, Any]:
        """TOML has no null: an optional key is left out, so only its value type remains."""
        return self.generate_inner(schema["schema"])

    def model_schema(self, schema: Any) -> dict[str, Any]:
        """A table: model summary and field descriptions from the docstring, provenance fields
        dropped, and a ``[cell]`` with a preset that supplies the required keys."""
        json_schema = super().model_schema(schema)
        model = schema["cls"]
        json_schema["description"] = _summary(model)
        properties = json_schema.get("properties", {})
        for name in INTERNAL_FIELDS & set(properties):
            del properties[name]
        docs = attribute_docs(model)
        for name, prop in properties.items():
            if "default" in prop and prop["default"] is None:
                del prop["default"]
            text = docs.get(name)
            if text:
                unit_and_range = prop.get("description")
                prop["description"] = f"{text}\n\n{unit_and_range}" if unit_and_range else text
        if model is CellSpec and "required" in json_schema:
            required = json_schema.pop("required")
            json_schema["if"] = {"required": ["preset"]}
            json_schema["else"] = {"required": required}
        return json_schema


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file (draft 7), for editor completion and checks.

    Returns
    -------
    dict
        Quantities accept a number (SI, bounds checked) or a string that starts with a number
        (the unit is checked by runaway); ``abuse`` is a ``oneOf`` discriminated by ``kind``;
        unknown keys are rejected. Checks that span several keys (the enclosure's geometry,
        electrical needs of a kind, ARC temperatures) are left to ``runaway run``.
    """
    body = Scenario.model_json_schema(schema_generator=_ScenarioJsonSchema, mode="validation")
    body.pop("title", None)
    for prop in body["properties"].values():  # a table present must name its variant
        tag = prop.get("discriminator", {}).get("propertyName")
        for variant in prop.get("oneOf", []) if tag else ():
            table = body["$defs"][variant["$ref"].rsplit("/", 1)[-1]]
            table["required"] = [tag, *(k for k in table.get("required", []) if k != tag)]
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": "runaway scenario",
        **body,
    }
