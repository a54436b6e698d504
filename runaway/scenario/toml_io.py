"""Read TOML (tomllib) with errors that quote the bad line; write TOML with tomli-w."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomli_w

from .errors import ScenarioError

__all__ = ["dumps", "parse_toml", "read_toml"]

_POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def read_toml(path: Path, file: str) -> dict[str, Any]:
    """Parse the TOML file at ``path``; problems raise `ScenarioError` naming ``file``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(file, None, "file not found") from None
    except IsADirectoryError:
        raise ScenarioError(file, None, "is a directory, not a scenario file") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            file, None, f"not UTF-8 text (byte {exc.start}): TOML files must be UTF-8"
        ) from None
    except OSError as exc:
        raise ScenarioError(file, None, f"cannot read: {exc.strerror}") from None
    return parse_toml(text.removeprefix("\ufeff"), file)  # editors on Windows write a BOM


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error names line, column and quotes the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, None, _syntax_message(str(exc), text)) from None
    except RecursionError:
        raise ScenarioError(file, None, "invalid TOML: nested too deeply") from None


def _syntax_message(reason: str, text: str) -> str:
    lines = text.splitlines() or [""]
    match = _POSITION.search(reason)
    if match is None:
        return f"invalid TOML: {reason}"
    reason = reason[: match.start()]
    if match.group(1) is None:  # "at end of document": point after the last line
        lineno = len(lines)
        while lineno > 1 and not lines[lineno - 1].strip():
            lineno -= 1
        column = len(lines[lineno - 1]) + 1
        where = f"at end of document (line {lineno})"
    else:
        lineno, column = int(match.group(1)), int(match.group(2))
        where = f"at line {lineno}, column {column}"
    source = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    gutter = " " * len(str(lineno))
    return (
        f"invalid TOML {where}: {reason}\n  {lineno} | {source}\n  {gutter} | {' ' * (column - 1)}^"
    )


# --- writer ---------------------------------------------------------------------------


def dumps(data: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """TOML text of ``data`` (written by tomli-w), preceded by ``header`` comment lines."""
    comments = "".join(f"# {line}\n" for line in header)
    return comments + tomli_w.dumps(dict(data))
