"""Grid files: a base scenario and a ``[grid]`` table of axes, expanded into validated cases.

A grid file is a scenario file (its tables are merged onto ``base = "path.toml"`` if given)
plus a ``[grid]`` table whose keys are scenario keys in the dotted form ``--set`` takes::

    base = "../li_ncm811_pouch_oven.toml"
    [grid]
    "cell.soc" = [0.3, 0.6, 1.0]
    "abuse.temperature" = {start = "120 degC", stop = "200 degC", num = 17}

An axis is a list of values or a range table ``{start, stop, num, spacing = "linear" | "log"}``
(endpoints with units). Axes combine as a product; ``zip = [["a", "b"]]`` in ``[grid]`` steps
the listed axes together instead (one dimension, named after its first key). Every point is
validated with the scenario machinery before anything runs; errors name the point.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runaway import __version__
from runaway.scenario.errors import ScenarioError
from runaway.scenario.loading import _deep_merge, apply_overrides, scenario_from_data
from runaway.scenario.toml_io import parse_toml, read_toml

__all__ = ["Axis", "Case", "GridSpec", "load_grid", "parse_grid"]

_RANGE_KEYS = {"start", "stop", "num", "spacing"}
#: Most points a grid may expand to (a typo in ``num`` should not allocate for hours).
MAX_POINTS = 10_000_000


@dataclass
class Axis:
    """One dimension of the grid: one key, or several zipped keys stepped together.

    Attributes
    ----------
    name : str
        Dimension name (the first key).
    keys : list of str
        Dotted scenario keys set along this dimension.
    values : list of list
        ``values[k][i]``: the value of ``keys[k]`` at index ``i`` as written into the scenario.
    coords : list of list
        The same values as the validated scenario holds them (SI floats where numeric).
    units : list of str
        SI unit of each key ("" if not a quantity).
    """

    name: str
    keys: list[str]
    values: list[list[Any]]
    coords: list[list[Any]] = field(default_factory=list)
    units: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.values[0])


@dataclass(frozen=True)
class Case:
    """One point of a grid, everything a worker needs to run it (picklable).

    Attributes
    ----------
    index : tuple of int
        Position in the grid.
    label : str
        ``key=value`` of the point, for messages.
    text : str
        The effective scenario as TOML (loads to the same scenario).
    source_path : str or None
        Where relative mechanism paths are resolved from.
    hash : str
        SHA-256 of the effective scenario and the runaway version: equal hashes, equal results.
    keep_series : bool
        Return the full result (time series), not only the scalars.
    """

    index: tuple[int, ...]
    label: str
    text: str
    source_path: str | None
    hash: str
    keep_series: bool = False


@dataclass
class GridSpec:
    """A parsed grid file: base scenario data and axes (see the module docstring)."""

    file: str
    text: str
    base: dict[str, Any]
    axes: list[Axis]
    source_path: str | None
    overrides: tuple[str, ...] = ()

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(len(axis) for axis in self.axes)

    def assignments(self, index: Sequence[int]) -> dict[str, Any]:
        """Scenario key -> value at grid position ``index``."""
        return {
            key: axis.values[k][i]
            for axis, i in zip(self.axes, index, strict=True)
            for k, key in enumerate(axis.keys)
        }

    def label(self, index: Sequence[int]) -> str:
        return ", ".join(f"{k}={_show(v)}" for k, v in self.assignments(index).items())

    def scenario(self, index: Sequence[int] = (), extra: dict[str, Any] | None = None):
        """The validated scenario at ``index`` (``()``: the base), with ``extra`` keys set."""
        data = copy.deepcopy(self.base)
        values = self.assignments(index) if index else {}
        for key, value in {**values, **(extra or {})}.items():
            set_dotted(data, key, value, self.file)
        try:
            return scenario_from_data(data, self.file, self.overrides, None, self.source_path)
        except ScenarioError as exc:
            where = f"grid point {self.label(index)}" if index else "base scenario"
            raise ScenarioError(exc.file, exc.key, f"{exc.message} (at {where})") from None

    def indices(self) -> Iterator[tuple[int, ...]]:
        return itertools.product(*(range(n) for n in self.shape))


def _show(value: Any) -> str:
    return f"{value:.6g}" if isinstance(value, float) else str(value)


def set_dotted(data: dict[str, Any], key: str, value: Any, file: str) -> None:
    """Set dotted ``key`` in nested tables ``data`` (missing tables created)."""
    parts = key.split(".")
    table = data
    for depth, part in enumerate(parts[:-1]):
        table = table.setdefault(part, {})
        if not isinstance(table, dict):
            prefix = ".".join(parts[: depth + 1])
            raise ScenarioError(file, f"grid.{key}", f"'{prefix}' is a value, not a table")
    table[parts[-1]] = value


def get_dotted(obj: Any, key: str) -> Any:
    """The value of dotted ``key`` in a validated scenario (attributes or mapping items)."""
    for part in key.split("."):
        obj = obj[part] if isinstance(obj, dict) else getattr(obj, part)
    return obj


def load_grid(path: str | Path, overrides: Sequence[str] = ()) -> GridSpec:
    """Read and check the grid file at ``path`` (every point is validated: `check_points`)."""
    path = Path(path)
    text = _read_text(path)
    return parse_grid(text, str(path), overrides, path.resolve().parent)


def _read_text(path: Path) -> str:
    read_toml(path, str(path))  # the file errors, worded as for scenarios
    return path.read_text(encoding="utf-8").removeprefix("\ufeff")


def parse_grid(
    text: str, file: str = "<grid>", overrides: Sequence[str] = (), folder: Path | None = None
) -> GridSpec:
    """Parse grid-file text into a `GridSpec` (axes expanded, points not yet validated).

    Parameters
    ----------
    text : str
        The grid file (TOML).
    file : str
        Named in errors.
    overrides : sequence of str
        ``--set`` items applied to the base scenario.
    folder : Path, optional
        Where ``base`` and relative mechanism paths are resolved from [default: current].
    """
    folder = folder or Path.cwd()
    data = parse_toml(text, file)
    grid = data.pop("grid", None)
    if not isinstance(grid, dict) or not grid:
        raise ScenarioError(file, "grid", "a grid file needs a [grid] table with at least one axis")
    base_name = data.pop("base", None)
    source = folder / "grid.toml"
    if base_name is not None:
        if not isinstance(base_name, str):
            raise ScenarioError(file, "base", "expected the path of a scenario file (a string)")
        source = folder / base_name
        data = _deep_merge(read_toml(source, str(base_name)), data)
    base = apply_overrides(data, overrides, file)
    spec = GridSpec(file, text, base, [], str(source), tuple(overrides))
    spec.axes = _axes(spec, grid)
    for item in overrides:
        key = item.split("=", 1)[0].strip()
        if any(key in axis.keys for axis in spec.axes):
            raise ScenarioError(file, f"grid.{key}", f"--set {key} conflicts with the grid axis")
    n = math.prod(spec.shape)
    if n > MAX_POINTS:
        raise ScenarioError(file, "grid", f"{n} points is more than {MAX_POINTS}")
    return spec


def _flatten(table: dict[str, Any], prefix: tuple[str, ...], file: str) -> list[tuple[str, Any]]:
    found = []
    for key, value in table.items():
        if not prefix and key == "zip":
            continue
        path = (*prefix, key)
        dotted = ".".join(path)
        is_range = isinstance(value, dict) and ("start" in value or set(value) <= _RANGE_KEYS)
        if isinstance(value, list) or is_range:
            found.append((dotted, value))
        elif isinstance(value, dict):
            found.extend(_flatten(value, path, file))
        else:
            raise ScenarioError(
                file,
                f"grid.{dotted}",
                "an axis is a list of values or a range {start, stop, num} — got a single "
                f"value {value!r} (set it in the base scenario instead)",
            )
    return found


def _axes(spec: GridSpec, grid: dict[str, Any]) -> list[Axis]:
    file = spec.file
    entries = _flatten(grid, (), file)
    if not entries:
        raise ScenarioError(file, "grid", "no axes: give at least one key with a list or range")
    values = {key: _values(spec, key, raw) for key, raw in entries}
    groups = _zip_groups(grid.get("zip", []), values, file)
    axes, done = [], set()
    for key, _ in entries:
        if key in done:
            continue
        keys = next((g for g in groups if key in g), [key])
        done.update(keys)
        axes.append(Axis(keys[0], keys, [values[k] for k in keys]))
    return axes


def _zip_groups(raw: Any, values: dict[str, list], file: str) -> list[list[str]]:
    if not isinstance(raw, list) or not all(isinstance(g, list) for g in raw):
        raise ScenarioError(file, "grid.zip", 'expected a list of key lists, e.g. [["a", "b"]]')
    seen: set[str] = set()
    for group in raw:
        for key in group:
            if key not in values:
                raise ScenarioError(file, "grid.zip", f"{key!r} is not an axis of [grid]")
            if key in seen:
                raise ScenarioError(file, "grid.zip", f"{key!r} is in more than one zip group")
            seen.add(key)
        lengths = {len(values[k]) for k in group}
        if len(lengths) > 1:
            shown = ", ".join(f"{k} ({len(values[k])})" for k in group)
            raise ScenarioError(file, "grid.zip", f"zipped axes differ in length: {shown}")
    return [list(g) for g in raw if g]


def _values(spec: GridSpec, key: str, raw: Any) -> list[Any]:
    where = f"grid.{key}"
    if isinstance(raw, list):
        if not raw:
            raise ScenarioError(spec.file, where, "an axis needs at least one value")
        return list(raw)
    unknown = set(raw) - _RANGE_KEYS
    if unknown:
        raise ScenarioError(
            spec.file, where, f"unknown range key {sorted(unknown)[0]!r}; use start, stop, num, "
            "spacing = 'linear' or 'log'",
        )  # fmt: skip
    num = raw.get("num")
    if isinstance(num, bool) or not isinstance(num, int) or num < 1:
        raise ScenarioError(spec.file, f"{where}.num", f"expected an integer >= 1 — got {num!r}")
    spacing = raw.get("spacing", "linear")
    if spacing not in ("linear", "log"):
        raise ScenarioError(spec.file, f"{where}.spacing", "expected 'linear' or 'log'")
    for end in ("start", "stop"):
        if end not in raw:
            raise ScenarioError(spec.file, f"{where}.{end}", "missing required key of a range")
    start, stop = (si_value(spec, key, raw[end]) for end in ("start", "stop"))
    if num == 1:
        return [start]
    if spacing == "log":
        if start <= 0 or stop <= 0:
            raise ScenarioError(spec.file, where, "a log range needs positive start and stop")
        step = (math.log(stop) - math.log(start)) / (num - 1)
        return [math.exp(math.log(start) + i * step) for i in range(num)]
    return [start + (stop - start) * i / (num - 1) for i in range(num)]


def si_value(spec: GridSpec, key: str, raw: Any) -> float:
    """``raw`` (a value as written for ``key``) as the validated scenario holds it [SI]."""
    value = get_dotted(spec.scenario(extra={key: raw}), key)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ScenarioError(spec.file, f"grid.{key}", "a range needs a quantity or number key")
    return float(value)


def check_points(spec: GridSpec, keep: Sequence[dict[str, float]] = ()) -> list[Case]:
    """Validate every point of ``spec`` and return its cases (raises on the first bad point).

    Parameters
    ----------
    spec : GridSpec
        From `load_grid` or `parse_grid`.
    keep : sequence of dict
        Points whose time series are kept: each dict maps keys to SI values that must all
        match (relative tolerance 1e-9).
    """
    from runaway.scenario import scenario_keys

    units = {}
    for info in scenario_keys():
        units.setdefault(info.key, info.unit or "")
    cases = []
    for index in spec.indices():
        scenario = spec.scenario(index)
        for axis, i in zip(spec.axes, index, strict=True):
            if len(axis.coords) < len(axis.keys):
                axis.coords = [[None] * len(axis) for _ in axis.keys]
                axis.units = [units.get(k, "") for k in axis.keys]
            for k, key in enumerate(axis.keys):
                if axis.coords[k][i] is None:
                    axis.coords[k][i] = _coordinate(get_dotted(scenario, key))
        text = scenario.source_text
        body = "".join(line for line in text.splitlines(True) if not line.startswith("#"))
        digest = hashlib.sha256(f"runaway {__version__}\n{body}".encode()).hexdigest()
        kept = any(_matches(spec, index, wanted) for wanted in keep)
        cases.append(Case(index, spec.label(index), text, spec.source_path, digest, kept))
    return cases


def _coordinate(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return str(value)


def _matches(spec: GridSpec, index: Sequence[int], wanted: dict[str, float]) -> bool:
    for key, target in wanted.items():
        for axis, i in zip(spec.axes, index, strict=True):
            if key in axis.keys:
                have = axis.coords[axis.keys.index(key)][i]
                if isinstance(have, str) or not math.isclose(have, target, rel_tol=1e-9):
                    return False
    return True
