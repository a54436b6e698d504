"""Unit parsing: strings with units -> SI floats."""

from __future__ import annotations

import math

import pytest

from runaway.scenario.units import (
    CHARGE,
    DIMENSIONLESS,
    HEAT_TRANSFER_COEFFICIENT,
    MASS,
    RESISTANCE,
    SPECIFIC_HEAT,
    TEMPERATURE,
    TEMPERATURE_DIFFERENCE,
    TEMPERATURE_RATE,
    TIME,
    Amount,
    parse_amount,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "dim", "expected"),
    [
        ("150 degC", TEMPERATURE, 423.15),
        ("-20 degC", TEMPERATURE, 253.15),
        ("300 K", TEMPERATURE, 300.0),
        (300, TEMPERATURE, 300.0),
        ("300", TEMPERATURE, 300.0),
        ("5 K/min", TEMPERATURE_RATE, 5 / 60),
        ("5 degC/min", TEMPERATURE_RATE, 5 / 60),
        ("5 degC", TEMPERATURE_DIFFERENCE, 5.0),
        ("2 h", TIME, 7200.0),
        ("90 min", TIME, 5400.0),
        ("7.17 W/m^2/K", HEAT_TRANSFER_COEFFICIENT, 7.17),
        ("7.17 W/(m^2*K)", HEAT_TRANSFER_COEFFICIENT, 7.17),
        ("25 mohm", RESISTANCE, 0.025),
        ("5 A*h", CHARGE, 18000.0),
        ("5 Ah", CHARGE, 18000.0),
        ("2600 mA*h", CHARGE, 9360.0),
        ("43.5 g", MASS, 0.0435),
        ("0.83 J/(g*K)", SPECIFIC_HEAT, 830.0),
        ("80 %", DIMENSIONLESS, 0.8),
        (1e-3, MASS, 1e-3),
    ],
)
def test_parse_quantity_to_si(text, dim, expected):
    assert parse_quantity(text, dim) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("150 m", "expected a temperature (K, degC) — got '150 m'"),
        ("150 degc", "unknown unit 'degc'"),
        ("hot", "expected a temperature (K, degC) — got 'hot'"),
        (True, "wrong type"),
        ([150], "wrong type"),
        (math.inf, "finite"),
    ],
)
def test_parse_quantity_rejects(value, fragment):
    with pytest.raises(ValueError) as info:
        parse_quantity(value, TEMPERATURE)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12 g", Amount(value=0.012, basis="mass")),
        ("0.1 mol", Amount(value=0.1, basis="amount")),
        ("91560 g/m^3", Amount(value=91.56, basis="mass_per_volume")),
        ("2 mol/L", Amount(value=2000.0, basis="amount_per_volume")),
        ({"value": 1.5, "basis": "mass"}, Amount(value=1.5, basis="mass")),
    ],
)
def test_parse_amount(text, expected):
    result = parse_amount(text)
    assert result.basis == expected.basis
    assert result.value == pytest.approx(expected.value)


@pytest.mark.parametrize("value", [12, "12", "12 m", "12 nonsense", {"value": 1}])
def test_parse_amount_needs_a_unit_with_a_basis(value):
    with pytest.raises(ValueError):
        parse_amount(value)
