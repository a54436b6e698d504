"""Load a scenario file: TOML -> --set overrides -> cell preset merge -> validated model."""

from __future__ import annotations

import copy
import importlib.resources
import re
import tomllib
from collections.abc import Sequence
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .checking import Path_, check_keys, translate_validation_error
from .errors import ScenarioError
from .schema import Scenario
from .toml_io import dumps, parse_toml, read_toml

__all__ = ["apply_overrides", "available_presets", "load_scenario", "scenario_from_data"]

_PRESET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_PRESET_TOP_LEVEL = {"cell", "title", "description"}


def _preset_root(preset_dir: str | Path | Traversable | None) -> Traversable:
    if preset_dir is None:
        return importlib.resources.files("runaway") / "cells"
    return Path(preset_dir) if isinstance(preset_dir, str) else preset_dir


def available_presets(preset_dir: str | Path | Traversable | None = None) -> list[str]:
    """Names of the cell presets in ``preset_dir`` (default: the package's ``runaway/cells``)."""
    root = _preset_root(preset_dir)
    if not root.is_dir():
        return []
    return sorted(
        entry.name[: -len(".toml")]
        for entry in root.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    )


def _parse_value(raw: str) -> Any:
    """A --set value: a TOML value if it parses as one, otherwise the raw string."""
    if "\n" in raw or "\r" in raw:
        return raw
    try:
        return tomllib.loads(f"value = {raw}")["value"]
    except (tomllib.TOMLDecodeError, RecursionError):
        return raw


def _parse_override(item: str, file: str) -> tuple[tuple[str, ...], Any]:
    example = 'e.g. abuse.temperature="145 degC"'
    if "=" not in item:
        raise ScenarioError(file, None, f"bad --set {item!r}: expected dotted.key=value, {example}")
    key, raw = item.split("=", 1)
    path = tuple(part.strip() for part in key.strip().split("."))
    if not all(path):
        raise ScenarioError(
            file, None, f"bad --set {item!r}: key {key.strip()!r} is not a dotted key, {example}"
        )
    return path, _parse_value(raw.strip())


def apply_overrides(
    data: dict[str, Any], overrides: Sequence[str], file: str = "<--set>"
) -> dict[str, Any]:
    """Return a deep copy of ``data`` with ``--set``-style overrides applied.

    Parameters
    ----------
    data : dict
        Raw scenario data (as parsed from TOML).
    overrides : sequence of str
        ``"dotted.key=value"``; the value is read as a TOML value if it parses as one
        (``0``, ``true``, ``"text"``, ``[0, 1]``), otherwise as a plain string
        (``abuse.temperature=145 degC``).  Missing tables are created.
    file : str
        Named in errors.

    Raises
    ------
    ScenarioError
        An override without ``=``, an empty key part, or a key that runs through a value.
    """
    result = copy.deepcopy(data)
    for item in overrides:
        path, value = _parse_override(item, file)
        table = result
        for depth, part in enumerate(path[:-1]):
            table = table.setdefault(part, {})
            if not isinstance(table, dict):
                prefix = ".".join(path[: depth + 1])
                raise ScenarioError(
                    file,
                    prefix,
                    f"cannot set '{'.'.join(path)}': '{prefix}' is a value, not a table",
                )
        table[path[-1]] = value
    return result


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` merged onto ``base``; nested tables merge key by key, ``over`` wins."""
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _load_preset(name: Any, root: Traversable, file: str, note: str) -> tuple[dict, str]:
    """The ``[cell]`` table of preset ``name`` and the preset's file label."""
    available = available_presets(root)
    listing = ", ".join(available) if available else f"none found in {root}"
    if not isinstance(name, str):
        raise ScenarioError(
            file, "cell.preset", f"wrong type: expected a preset name (string) — got {name!r}{note}"
        )
    if not _PRESET_NAME.fullmatch(name) or name not in available:
        raise ScenarioError(
            file, "cell.preset", f"unknown preset {name!r}; available: {listing}{note}"
        )
    entry = root / f"{name}.toml"
    label = str(entry)
    data = parse_toml(entry.read_text(encoding="utf-8"), label)
    for key in data:
        if key not in _PRESET_TOP_LEVEL:
            raise ScenarioError(
                label, key, "a cell preset holds only a [cell] table (and title/description)"
            )
    cell = data.get("cell")
    if not isinstance(cell, dict):
        raise ScenarioError(label, "cell", "a cell preset needs a [cell] table")
    if "preset" in cell:
        raise ScenarioError(label, "cell.preset", "a preset cannot refer to another preset")
    return cell, label


def _has(data: Any, path: Path_) -> bool:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return False
    return True


class _Origins:
    """Which file (or --set) a key path came from, for error messages."""

    def __init__(self, file: str, overrides: Sequence[str], scenario: dict[str, Any]) -> None:
        self.file = file
        self.scenario = scenario
        self.overrides: list[tuple[tuple[str, ...], str]] = []
        for item in overrides:
            path, _ = _parse_override(item, file)
            self.overrides.append((path, item))
        self.preset_cell: dict[str, Any] | None = None
        self.preset_file = ""

    def __call__(self, path: Path_) -> tuple[str, str]:
        for over_path, item in reversed(self.overrides):
            if tuple(path[: len(over_path)]) == over_path:
                shown = item if len(item) <= 80 else item[:75] + " ..."
                return self.file, f" (from --set {shown})"
        if _has(self.scenario, path):
            return self.file, ""
        if self.preset_cell is not None and path[:1] == ("cell",):
            if _has(self.preset_cell, path[1:]):
                return self.preset_file, ""
        return self.file, ""


def load_scenario(
    path: str | Path,
    overrides: Sequence[str] = (),
    preset_dir: str | Path | Traversable | None = None,
) -> Scenario:
    """Read, override, merge and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        The scenario TOML file.
    overrides : sequence of str
        ``--set``-style ``"dotted.key=value"`` items, applied before the preset merge
        (so they win over the preset, and may even choose it: ``cell.preset=...``).
    preset_dir : path-like or Traversable, optional
        Where ``[cell] preset = "<name>"`` is looked up as ``<name>.toml``; default
        the package's ``runaway/cells``.

    Returns
    -------
    Scenario
        All quantities in SI.  ``source_path`` is ``path``; ``source_text`` is the
        effective scenario (preset merged, overrides applied, ``cell.preset`` removed
        and named in a header comment) as TOML that loads to the same scenario.

    Raises
    ------
    ScenarioError
        For every kind of bad input, naming the file and the dotted key.
    """
    source_path = Path(path)
    raw = read_toml(source_path, str(path))
    return scenario_from_data(raw, str(path), overrides, preset_dir, source_path)


def scenario_from_data(
    raw: dict[str, Any],
    file: str = "<scenario>",
    overrides: Sequence[str] = (),
    preset_dir: str | Path | Traversable | None = None,
    source_path: str | Path | None = None,
) -> Scenario:
    """Override, merge and validate scenario data (a parsed TOML table), as `load_scenario` does.

    Parameters
    ----------
    raw : dict
        The scenario's tables, as parsed from TOML (not modified).
    file : str
        Named in errors and in the effective text's header.
    overrides, preset_dir
        As for `load_scenario`.
    source_path : path-like, optional
        Where relative mechanism paths are looked up from; None: the current folder.
    """
    data = apply_overrides(raw, overrides, file)
    origins = _Origins(file, overrides, copy.deepcopy(data))

    header = [f"runaway scenario: {file} (effective content; SI where numbers are bare)"]
    cell = data.get("cell")
    if isinstance(cell, dict) and "preset" in cell:
        root = _preset_root(preset_dir)
        preset_cell, preset_file = _load_preset(
            cell["preset"], root, file, origins(("cell", "preset"))[1]
        )
        origins.preset_cell, origins.preset_file = preset_cell, preset_file
        data["cell"] = _deep_merge(preset_cell, cell)
        where = "the bundled presets" if preset_dir is None else preset_file
        header.append(f"cell preset {cell['preset']!r} from {where} merged into [cell]")
    header += [f"--set {item}" for item in overrides]

    check_keys(data, origins)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise translate_validation_error(exc, origins) from None

    text_data = copy.deepcopy(data)
    if isinstance(text_data.get("cell"), dict):
        text_data["cell"].pop("preset", None)
    text = dumps(text_data, header)
    path = Path(source_path) if source_path is not None else None
    return scenario.model_copy(update={"source_path": path, "source_text": text})


def preset_mechanisms(name: str, preset_dir: str | Path | Traversable | None = None) -> list[str]:
    """Mechanism files named by cell preset ``name`` (empty list if it names none)."""
    cell, _ = _load_preset(name, _preset_root(preset_dir), "<preset>", "")
    return list(cell.get("mechanisms", []))
