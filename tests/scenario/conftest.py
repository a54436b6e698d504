"""Fixtures for scenario tests: small cell presets and a scenario writer in tmp dirs."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

CYLINDER_PRESET = """\
# Test preset: an 18650-like cylindrical cell (numbers for tests only)
title = "test cylinder"
[cell]
name = "test cylinder"
mechanisms = ["kim2007.yaml"]
enclosure = "cylindrical"
mass = "43.5 g"
specific_heat = "830 J/(kg*K)"
capacity = "2.6 A*h"
radius = "9 mm"
length = "65 mm"
free_volume = "0.5 cm^3"
composition = { C6 = "6.104e5 g/m^3", EC = "10 g", "Li(s)" = "1 g" }
[cell.can]
cid_pressure = "1 MPa"
vent_pressure = "1.5 MPa"
[cell.electrical]
ocv_soc = [0, 0.5, 1]
ocv_voltage = ["3.0 V", 3.7, 4.2]
internal_resistance = "25 mohm"
"""

POUCH_PRESET = """\
# Test preset: a small pouch cell
[cell]
mechanisms = ["li-metal.yaml", "ncm811.yaml"]
enclosure = "pouch"
mass = 0.1
specific_heat = 1000
capacity = "5 Ah"
length = "80 mm"
width = "50 mm"
thickness = "5 mm"
free_volume = "0.1 cm^3"
[cell.pouch]
burst_pressure = "150 kPa"
"""

OVEN_SCENARIO = """\
title = "cylinder, 150 degC oven"
[cell]
preset = "cyl"
soc = 0.5
[abuse]
kind = "oven"
temperature = "150 degC"
ramp_rate = "5 K/min"
hold_time = "2 h"
[environment]
heat_transfer_coefficient = "7.17 W/m^2/K"
emissivity = 0.8
[solver]
end_time = "4 h"
"""


@pytest.fixture
def preset_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "cells"
    directory.mkdir()
    (directory / "cyl.toml").write_text(CYLINDER_PRESET, encoding="utf-8")
    (directory / "pouch.toml").write_text(POUCH_PRESET, encoding="utf-8")
    return directory


@pytest.fixture
def write(tmp_path: Path) -> Callable[..., Path]:
    """Write a scenario file (dedented) and return its path."""

    def _write(text: str, name: str = "scenario.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def oven_file(write: Callable[..., Path]) -> Path:
    return write(OVEN_SCENARIO, "oven.toml")
