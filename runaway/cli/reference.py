"""``runaway keys`` and ``runaway schema``: every scenario key with its unit, default and range,
and the JSON Schema of a scenario file, both read off the pydantic models
(:mod:`runaway.scenario.reference`).

The scenario schema (pydantic, and numba through the abuse kinds) is imported inside the
commands, so that ``runaway --help`` stays fast.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:  # pragma: no cover
    from runaway.scenario.reference import KeyInfo

__all__ = ["format_keys", "key_record", "keys", "schema", "write_text_atomically"]

EPILOG_KEYS = """\b
Examples:
  runaway keys                      # every key
  runaway keys cell.pouch           # the keys of [cell.pouch]
  runaway keys abuse --json         # machine-readable
  runaway run scenarios/kim2007_18650_oven.toml --set abuse.temperature="140 degC"

Defaults and ranges are in the SI unit of the UNIT column; a value may be written in any unit
of that dimension ("150 degC", "5 K/min"). "unset" means the key is left out of the file.
Keys of [abuse] name the abuse kinds (abuse.kind) they belong to.
"""

EPILOG_SCHEMA = """\b
Examples:
  runaway schema -o runaway-scenario.schema.json
  # then, as the first line of a scenario file (Taplo, Even Better TOML in VS Code):
  #:schema ./runaway-scenario.schema.json

Quantities accept a number (SI) or a string with a unit. Checks spanning several keys (the
enclosure's geometry, the electrical table a short needs) are left to `runaway run`.
"""


def _bad_input(message: str) -> None:
    from runaway.cli import _fail  # the package's own exit-2 helper (imported lazily: no cycle)

    _fail(message)


@click.command(epilog=EPILOG_KEYS)
@click.argument("prefix", required=False, default="")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print a JSON list of objects (key, unit, default, minimum/maximum or allowed "
    "values, description, kinds).",
)
def keys(prefix: str, as_json: bool) -> None:
    """List the scenario keys as --set takes them, with unit, default, range and meaning.

    PREFIX keeps the keys that start with it: `cell.`, `abuse`, `solver.rtol`.
    """
    import runaway

    prefix = prefix.strip()
    infos = runaway.scenario_keys()
    chosen = [info for info in infos if _matches(info.key, prefix)]
    if not chosen:
        _bad_input(_unknown_prefix(prefix, [info.key for info in infos]))
    if as_json:
        click.echo(json.dumps([key_record(info) for info in chosen], indent=2))
    else:
        click.echo(format_keys(chosen))


def _matches(key: str, prefix: str) -> bool:
    """Whether ``key`` starts with ``prefix``; a ``<name>`` part of a key (a name the user
    chooses, ``cell.composition.<name>``) matches any one name."""
    if key.startswith(prefix):
        return True
    have, want = key.split("."), prefix.split(".")
    if len(want) > len(have):
        return False
    for depth, (part, wanted) in enumerate(zip(have, want, strict=False)):
        if part.startswith("<") and part.endswith(">"):
            continue
        last = depth == len(want) - 1
        if not (part.startswith(wanted) if last else part == wanted):
            return False
    return True


def _unknown_prefix(prefix: str, names: list[str]) -> str:
    """The message for a prefix no key starts with, naming the closest keys (difflib)."""
    tables = {name.rsplit(".", depth)[0] for name in names for depth in range(1, name.count("."))}
    tables |= {name.split(".")[0] for name in names}
    leaf = prefix.rstrip(".").rsplit(".", 1)[-1]
    close = [name for name in names if name.rsplit(".", 1)[-1] == leaf]  # in another table
    close += difflib.get_close_matches(prefix, [*names, *sorted(tables)], n=3, cutoff=0.8)
    leaves = difflib.get_close_matches(leaf, {name.rsplit(".", 1)[-1] for name in names}, 2, 0.8)
    close += [name for name in names if name.rsplit(".", 1)[-1] in leaves]
    close = list(dict.fromkeys(close))[:3]
    message = f"no scenario key starts with {prefix!r}"
    if close:
        return message + " — did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return message + " — `runaway keys` lists them all"


# --- text and JSON ---------------------------------------------------------------------------

_HEADER = ("KEY", "UNIT", "DEFAULT", "RANGE")
_WIDTH = 100
_FOOTER = """
Defaults and ranges are in the SI unit of UNIT; unset = left out of the file. Override a key
for one run: runaway run FILE --set KEY=VALUE (cell.soc=0.5, abuse.temperature="150 degC")."""


def format_keys(infos: list[KeyInfo]) -> str:
    """The keys as a table: one line of key, unit, default and range, then the description.

    Parameters
    ----------
    infos : list of runaway.scenario.reference.KeyInfo
        The keys to show.

    Returns
    -------
    str
        Text without a final newline.
    """
    rows = [(_label(i), i.unit or "", _default_text(i), _range_text(i)) for i in infos]
    widths = [max(len(row[column]) for row in [_HEADER, *rows]) for column in range(3)]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(text.ljust(w) for text, w in zip(row, [*widths, 0], strict=True)).rstrip()

    lines = [line(_HEADER)]
    for info, row in zip(infos, rows, strict=True):
        lines.append(line(row))
        text = info.description
        if info.allowed is None and info.holds:
            text = f"{text} ({info.holds})" if text else info.holds
        lines += textwrap.wrap(text, _WIDTH, initial_indent="    ", subsequent_indent="    ")
    lines.append(_FOOTER)
    return "\n".join(lines)


def _label(info: KeyInfo) -> str:
    return f"{info.key} [{', '.join(info.kinds)}]" if info.kinds else info.key


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


def _default_text(info: KeyInfo) -> str:
    if info.required:
        return "required"
    return "unset" if info.default is None else _value_text(info.default)


def _range_text(info: KeyInfo) -> str:
    if info.allowed is not None:
        return " | ".join(_value_text(value) for value in info.allowed)
    low = info.bounds.get("gt", info.bounds.get("ge"))
    high = info.bounds.get("lt", info.bounds.get("le"))
    if low is not None and high is not None:
        left = "(" if "gt" in info.bounds else "["
        right = ")" if "lt" in info.bounds else "]"
        return f"{left}{low:g}, {high:g}{right}"
    if low is not None:
        return f"{'>' if 'gt' in info.bounds else '>='} {low:g}"
    if high is not None:
        return f"{'<' if 'lt' in info.bounds else '<='} {high:g}"
    return ""


def _json_value(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, tuple | list):
        return [_json_value(v) for v in value]
    return str(value)


def key_record(info: KeyInfo) -> dict[str, Any]:
    """One key as a JSON object (``runaway keys --json``).

    Parameters
    ----------
    info : runaway.scenario.reference.KeyInfo
        The key.

    Returns
    -------
    dict
        ``key``, ``unit`` (SI, null for non-quantities), ``holds``, ``default`` (SI, null when
        required or unset), ``required``, ``minimum``/``maximum`` with ``exclusive_minimum``/
        ``exclusive_maximum``, ``allowed`` (null unless a choice), ``description`` and
        ``kinds`` (the abuse kinds of an ``[abuse]`` key, else null).
    """
    bounds = info.bounds
    return {
        "key": info.key,
        "unit": info.unit,
        "holds": info.holds,
        "default": _json_value(info.default),
        "required": info.required,
        "minimum": bounds.get("gt", bounds.get("ge")),
        "exclusive_minimum": "gt" in bounds,
        "maximum": bounds.get("lt", bounds.get("le")),
        "exclusive_maximum": "lt" in bounds,
        "allowed": _json_value(info.allowed),
        "description": info.description,
        "kinds": list(info.kinds) or None,
    }


# --- schema ---------------------------------------------------------------------------------


@click.command(epilog=EPILOG_SCHEMA)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this .json file (atomically) instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of a scenario file, for completion and checks in editors."""
    import runaway
    from runaway.cli.output import OutputError, check_output

    text = json.dumps(runaway.scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        check_output(output, [], (".json",))
    except OutputError as exc:
        _bad_input(f"{output}: -o/--output: {exc}")
    try:
        write_text_atomically(output, text)
    except OSError as exc:
        _bad_input(f"{output}: cannot write the schema: {exc.strerror or exc}")
    click.echo(f"schema written to {output}")


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder and
    ``os.replace``, so that a reader never sees half a file.

    Parameters
    ----------
    path : pathlib.Path
        The file; missing folders are created.
    text : str
        The content.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)  # mkstemp makes 0600; the file follows the umask
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
