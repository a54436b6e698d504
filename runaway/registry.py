"""A registry of extension classes (abuse kinds, user parts) with entry-point discovery.

Built-in entries are registered first; classes of installed packages, declared as entry points
of the registry's group, are loaded the first time the registry is read and come after them.
An entry point cannot replace a built-in (an explicit ``register(..., replace=True)`` can).
Listeners (the scenario schema) are told of every change.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib.metadata import entry_points


class Registry:
    """Named extension classes of one kind.

    Parameters
    ----------
    what : str
        What an entry is, for messages ("abuse kind").
    group : str
        Entry-point group of installed packages' entries.
    check : callable
        ``check(cls)`` raises TypeError/ValueError for a class that cannot be registered.
    """

    def __init__(self, what: str, group: str, check: Callable[[type], None]):
        self.what, self.group, self.check = what, group, check
        self._entries: dict[str, type] = {}
        self._listeners: list[Callable[[], None]] = []
        self._builtins: set[str] = set()
        self._entry_points_loaded = False
        self._quiet = False

    def register(self, cls: type, *, replace: bool = False) -> type:
        """Add ``cls`` under ``cls.name`` (usable as a class decorator)."""
        self.check(cls)
        if cls.name in self._entries and not replace and self._entries[cls.name] is not cls:
            raise ValueError(f"{self.what} '{cls.name}' is already registered")
        self._entries[cls.name] = cls
        if self._quiet:
            self._builtins.add(cls.name)
        else:
            self._notify()
        return cls

    def unregister(self, name: str) -> None:
        """Remove an entry (for tests and notebooks)."""
        self._entries.pop(name, None)
        self._notify()

    def entries(self) -> dict[str, type]:
        """Entries by name: built-in ones first, then those of installed packages."""
        if not self._quiet:
            self._load_entry_points()
        return dict(self._entries)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener()`` after every change."""
        self._listeners.append(listener)

    @contextmanager
    def builtins(self) -> Iterator[None]:
        """Register the built-in entries: no listener calls, no entry points, until done."""
        self._quiet = True
        try:
            yield
        finally:
            self._quiet = False
        self._notify()

    def _notify(self) -> None:
        for listener in self._listeners:
            listener()

    def _load_entry_points(self) -> None:
        if self._entry_points_loaded:
            return
        self._entry_points_loaded = True
        for point in entry_points(group=self.group):
            cls = point.load()
            name = getattr(cls, "name", point.name)
            if name in self._builtins:
                warnings.warn(
                    f"{self.what} '{name}' of entry point {point.value} ignored: a built-in "
                    f"{self.what} has that name (register it explicitly with replace=True to "
                    "override)",
                    stacklevel=3,
                )
                continue
            self.register(cls, replace=True)
