"""Module attributes imported on first use (PEP 562), for packages whose public names live in
heavy submodules (numba, Cantera, xarray)."""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_attributes(
    package: str, where: dict[str, str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for ``package`` exporting ``where`` (name -> module).

    Parameters
    ----------
    package : str
        The package's ``__name__`` (for messages).
    where : dict
        Public name -> absolute module name that defines it.
    """

    def __getattr__(name: str):
        if name in where:
            return getattr(importlib.import_module(where[name]), name)
        raise AttributeError(f"module '{package}' has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(where)

    return __getattr__, __dir__
