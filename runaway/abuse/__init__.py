"""Abuse kinds: one module per kind, one registry for all of them.

The registry feeds the scenario schema's discriminated union (``abuse.kind``), the CLI's
``runaway kinds`` listing and docs/abuse-kinds.md; nothing else lists abuse kinds. Built-in
kinds: :mod:`.none`, :mod:`.oven`, :mod:`.arc`, :mod:`.heater`, :mod:`.external_short`,
:mod:`.internal_short`, :mod:`.nail`. Third-party packages add kinds with
:func:`register_abuse_kind` or through an entry point in the group ``runaway.abuse_kinds``
(loaded when the registry is first read).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import get_args

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind

#: Kinds that are planned but not implemented (a scenario naming one gets a clear message).
PLANNED_ABUSE_KINDS = ("overcharge", "storage")
ENTRY_POINT_GROUP = "runaway.abuse_kinds"

_REGISTRY: dict[str, type[AbuseKind]] = {}
_LISTENERS: list[Callable[[], None]] = []
_entry_points_loaded = False
_registering_builtins = False
_BUILTINS: set[str] = set()


def register_abuse_kind(kind: type[AbuseKind], *, replace: bool = False) -> type[AbuseKind]:
    """Add an abuse kind to the registry (usable as a class decorator).

    Parameters
    ----------
    kind : type
        A subclass of :class:`AbuseKind` whose ``schema`` has a ``kind: Literal["<name>"]``
        field equal to ``kind.name``.
    replace : bool
        Allow replacing a registered kind of the same name.
    """
    if not (isinstance(kind, type) and issubclass(kind, AbuseKind)):
        raise TypeError(f"{kind!r} is not a subclass of runaway.abuse.AbuseKind")
    schema = getattr(kind, "schema", None)
    field = getattr(schema, "model_fields", {}).get("kind")
    literal = get_args(field.annotation) if field is not None else ()
    if not kind.name or literal != (kind.name,):
        raise ValueError(
            f"abuse kind {kind.__name__}: its schema needs a field kind: Literal[{kind.name!r}]"
        )
    if kind.name in _REGISTRY and not replace and _REGISTRY[kind.name] is not kind:
        raise ValueError(f"abuse kind '{kind.name}' is already registered")
    _REGISTRY[kind.name] = kind
    if not _registering_builtins:
        _notify()
    return kind


def unregister_abuse_kind(name: str) -> None:
    """Remove a kind from the registry (for tests and notebooks)."""
    _REGISTRY.pop(name, None)
    _notify()


def _notify() -> None:
    for listener in _LISTENERS:
        listener()


def abuse_kinds() -> dict[str, type[AbuseKind]]:
    """Registered kinds by name, built-in ones first, then those of installed packages."""
    if not _registering_builtins:
        _load_entry_points()
    return dict(_REGISTRY)


def abuse_kind(name: str) -> type[AbuseKind]:
    """The registered kind ``name`` (KeyError if unknown)."""
    return abuse_kinds()[name]


def on_registry_change(listener: Callable[[], None]) -> None:
    """Call ``listener()`` whenever a kind is registered or removed (the schema rebuilds)."""
    _LISTENERS.append(listener)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for point in entry_points(group=ENTRY_POINT_GROUP):
        kind = point.load()
        name = getattr(kind, "name", point.name)
        if name in _BUILTINS:
            warnings.warn(
                f"abuse kind '{name}' of entry point {point.value} ignored: a built-in kind has "
                "that name (register it explicitly with replace=True to override)",
                stacklevel=2,
            )
            continue
        register_abuse_kind(kind, replace=True)


def _register_builtins() -> None:
    global _registering_builtins
    _registering_builtins = True
    try:
        from runaway.abuse import arc, external_short, heater, internal_short, nail, none, oven

        for module in (none, oven, arc, heater, external_short, internal_short, nail):
            register_abuse_kind(module.KIND)
            _BUILTINS.add(module.KIND.name)
    finally:
        _registering_builtins = False
    _notify()


_register_builtins()

__all__ = [
    "ENTRY_POINT_GROUP",
    "PLANNED_ABUSE_KINDS",
    "SCHEMA_CONFIG",
    "AbuseKind",
    "abuse_kind",
    "abuse_kinds",
    "on_registry_change",
    "register_abuse_kind",
    "unregister_abuse_kind",
]
