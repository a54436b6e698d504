"""The one exception every bad scenario input turns into."""

from __future__ import annotations


class ScenarioError(Exception):
    """A scenario file (or a ``--set`` override, or a cell preset) is not valid.

    Parameters
    ----------
    file : str
        The file the bad input came from (as the user named it).
    key : str or None
        Dotted path of the offending key, e.g. ``"cell.pouch.burst_pressure"``;
        ``None`` when the problem is not tied to one key (missing file, TOML syntax).
    message : str
        What is wrong and what is allowed.

    Notes
    -----
    ``str(error)`` is ``"{file}: {key}: {message}"``, or ``"{file}: {message}"``
    without a key, so a CLI can print it as the single line of an error report.
    ``others`` holds further problems found in the same validation pass (may be empty).
    """

    def __init__(
        self,
        file: str,
        key: str | None,
        message: str,
        others: tuple[ScenarioError, ...] = (),
    ) -> None:
        self.file = str(file)
        self.key = key
        self.message = message
        self.others = others
        super().__init__(str(self))

    def __str__(self) -> str:
        message = printable(self.message, keep="\n")  # syntax errors quote the line below
        if self.key is None:
            return f"{printable(self.file)}: {message}"
        return f"{printable(self.file)}: {printable(self.key)}: {message}"


def printable(text: str, keep: str = "") -> str:
    """``text`` with control characters (which terminals act on and which split lines, e.g.
    U+001E) written as escapes such as ``\\x1e``, except those in ``keep``."""
    return "".join(
        c if c.isprintable() or c == " " or c in keep else c.encode("unicode_escape").decode()
        for c in text
    )


class KeyedValueError(ValueError):
    """Raised inside schema validators to blame a specific key.

    ``key`` is dotted and relative to the model that raises it; the loader appends
    it to the location pydantic reports, so cross-field checks can name the key
    that has to change rather than the table that holds it.
    """

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(message)
