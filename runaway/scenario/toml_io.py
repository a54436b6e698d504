"""Read TOML with errors that quote the bad line; write the small TOML subset we need.

The writer covers what a scenario can hold (tables, strings, numbers, booleans, arrays,
inline tables, dates) so that provenance text needs no extra dependency.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

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
    return parse_toml(text, file)


def parse_toml(text: str, file: str) -> dict[str, Any]:
    """Parse TOML text; a syntax error names line, column and quotes the line."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(file, None, _syntax_message(str(exc), text)) from None


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
    """Serialise ``data`` as TOML, preceded by ``header`` lines written as comments."""
    out = [f"# {line}".rstrip() for line in header]
    _table(data, (), out)
    return "\n".join(out).strip("\n") + "\n"


def _table(data: Mapping[str, Any], prefix: tuple[str, ...], out: list[str]) -> None:
    subtables = []
    for key, value in data.items():
        if isinstance(value, Mapping):
            subtables.append((key, value))
        else:
            out.append(f"{_key(key)} = {_value(value)}")
    for key, value in subtables:
        path = (*prefix, key)
        out.append("")
        out.append("[" + ".".join(_key(part) for part in path) + "]")
        _table(value, path, out)


def _key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else _string(key)


def _string(text: str) -> str:
    escaped = []
    for char in text:
        if char == "\\":
            escaped.append("\\\\")
        elif char == '"':
            escaped.append('\\"')
        elif char == "\n":
            escaped.append("\\n")
        elif char == "\t":
            escaped.append("\\t")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\u{ord(char):04x}")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def _value(value: Any) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
