"""Abuse kinds: one module per kind, one registry for all of them.

The registry feeds the scenario schema's discriminated union (``abuse.kind``), the CLI's
``runaway kinds`` listing and docs/abuse-kinds.md; nothing else lists abuse kinds. Built-in
kinds: :mod:`.none`, :mod:`.oven`, :mod:`.staircase`, :mod:`.arc`, :mod:`.heater`,
:mod:`.external_short`, :mod:`.internal_short`, :mod:`.nail`. Third-party packages add kinds with
:func:`register_abuse_kind` or through an entry point in the group ``runaway.abuse_kinds``
(loaded when the registry is first read).
"""

from __future__ import annotations

from typing import get_args

from runaway.abuse.base import SCHEMA_CONFIG, AbuseKind
from runaway.registry import Registry

#: Kinds that are planned but not implemented (a scenario naming one gets a clear message).
PLANNED_ABUSE_KINDS = ("overcharge", "storage")
ENTRY_POINT_GROUP = "runaway.abuse_kinds"


def _check_kind(kind: type) -> None:
    if not (isinstance(kind, type) and issubclass(kind, AbuseKind)):
        raise TypeError(f"{kind!r} is not a subclass of runaway.abuse.AbuseKind")
    field = getattr(getattr(kind, "schema", None), "model_fields", {}).get("kind")
    literal = get_args(field.annotation) if field is not None else ()
    if not kind.name or literal != (kind.name,):
        raise ValueError(
            f"abuse kind {kind.__name__}: its schema needs a field kind: Literal[{kind.name!r}]"
        )


#: The registry of abuse kinds.
KINDS = Registry("abuse kind", ENTRY_POINT_GROUP, _check_kind)


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
    return KINDS.register(kind, replace=replace)


def unregister_abuse_kind(name: str) -> None:
    """Remove a kind from the registry (for tests and notebooks)."""
    KINDS.unregister(name)


def abuse_kinds() -> dict[str, type[AbuseKind]]:
    """Registered kinds by name, built-in ones first, then those of installed packages."""
    return KINDS.entries()


def abuse_kind(name: str) -> type[AbuseKind]:
    """The registered kind ``name`` (KeyError if unknown)."""
    return abuse_kinds()[name]


def on_registry_change(listener) -> None:
    """Call ``listener()`` whenever a kind is registered or removed (the schema rebuilds)."""
    KINDS.on_change(listener)


def _register_builtins() -> None:
    with KINDS.builtins():
        from runaway.abuse import (
            arc,
            external_short,
            heater,
            internal_short,
            nail,
            none,
            oven,
            staircase,
        )

        for module in (none, oven, staircase, arc, heater, external_short, internal_short, nail):
            register_abuse_kind(module.KIND)


_register_builtins()

__all__ = [
    "ENTRY_POINT_GROUP",
    "KINDS",
    "PLANNED_ABUSE_KINDS",
    "SCHEMA_CONFIG",
    "AbuseKind",
    "abuse_kind",
    "abuse_kinds",
    "on_registry_change",
    "register_abuse_kind",
    "unregister_abuse_kind",
]
