"""Quantities in scenario files: strings with units (pint) or plain numbers in SI.

A value is either a TOML number, taken to be in the SI unit of the key, or a string
``"<number> <unit>"`` parsed with pint and converted to SI.  Offset units are handled
the way a physicist reads them: ``"150 degC"`` is an absolute temperature (423.15 K),
while ``"5 degC/min"`` is a rate (5 K/min).  Nothing is evaluated as Python: pint's
unit parser is its own tokenizer, and the number is matched by a regular expression.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, partial
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, WithJsonSchema

__all__ = [
    "Amount",
    "Dimension",
    "parse_amount",
    "parse_quantity",
    "quantity",
    "quantity_spec",
]


@dataclass(frozen=True)
class Dimension:
    """A physical dimension as scenario files spell it.

    Attributes
    ----------
    name : str
        Phrase used in messages, e.g. ``"a temperature"``.
    si : str
        The SI unit values are stored in (pint spelling), ``""`` for dimensionless.
    examples : str
        Units a user may write, shown in messages.
    difference : bool
        Offset units (degC, degF) mean an interval here: ``"5 degC"`` is 5 K.
    """

    name: str
    si: str
    examples: str
    difference: bool = False


TEMPERATURE = Dimension("a temperature", "K", "K, degC")
TEMPERATURE_DIFFERENCE = Dimension(
    "a temperature difference",
    "K",
    "K, delta_degC (a plain degC is read as a difference)",
    difference=True,
)
TEMPERATURE_RATE = Dimension("a heating rate", "K/s", "K/s, K/min, degC/min")
TIME = Dimension("a time", "s", "s, min, h")
LENGTH = Dimension("a length", "m", "m, mm")
AREA = Dimension("an area", "m^2", "m^2, cm^2, mm^2")
VOLUME = Dimension("a volume", "m^3", "m^3, cm^3, mL")
MASS = Dimension("a mass", "kg", "kg, g")
SPECIFIC_HEAT = Dimension("a specific heat", "J/(kg*K)", "J/(kg*K), J/(g*K)")
CHARGE = Dimension("a charge", "C", "C, A*h, Ah, mA*h")
PRESSURE = Dimension("a pressure", "Pa", "Pa, kPa, MPa, bar, psi")
POWER = Dimension("a power", "W", "W, kW")
RESISTANCE = Dimension("a resistance", "ohm", "ohm, mohm")
VOLTAGE = Dimension("a voltage", "V", "V, mV")
MOLAR_ENERGY = Dimension("a molar energy", "J/mol", "J/mol, kJ/mol")
HEAT_TRANSFER_COEFFICIENT = Dimension(
    "a heat transfer coefficient", "W/(m^2*K)", "W/m^2/K, W/(m^2*K)"
)
THERMAL_CONDUCTIVITY = Dimension("a thermal conductivity", "W/(m*K)", "W/m/K, W/(m*K)")
AMOUNT = Dimension("an amount of substance", "mol", "mol, mmol")
SPECIFIC_AREA = Dimension("a specific surface area", "m^2/kg", "m^2/kg, m^2/g")
DIMENSIONLESS = Dimension("a plain number", "", "a number, or a string like '80 %'")

_NUMBER = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*?)\s*$")


@cache
def _registry() -> Any:
    """The unit registry, created on first use (pint takes ~1 s to load)."""
    import pint

    return pint.UnitRegistry()


def _fmt(x: float, unit: str = "") -> str:
    return f"{x:g} {unit}" if unit else f"{x:g}"


#: Longest echo of a user's value in a message [characters].
MAX_ECHO = 80


def describe_value(value: Any) -> str:
    """A user's value as a message quotes it, cut to :data:`MAX_ECHO` characters."""
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool):
        return "true" if value else "false"
    elif isinstance(value, (int, float)):
        return _fmt(value)
    else:
        kind = {dict: "a table", list: "a list"}.get(type(value), type(value).__name__)
        try:
            text = f"{kind} {value!r}"
        except RecursionError:  # absurdly deep nesting
            text = f"{kind} (deeply nested)"
    return text if len(text) <= MAX_ECHO else text[: MAX_ECHO - 5] + " ...'"


def _expected(dim: Dimension) -> str:
    return f"expected {dim.name} ({dim.examples})"


def parse_quantity(value: Any, dim: Dimension) -> float:
    """Convert a scenario value to a float in the SI unit of ``dim``.

    Parameters
    ----------
    value : int, float or str
        A number (already SI) or a string ``"<number> [<unit>]"``.
    dim : Dimension
        The dimension the key expects.

    Returns
    -------
    float
        The value in ``dim.si``.

    Raises
    ------
    ValueError
        Wrong type, unparsable string, unknown unit, wrong dimension or non-finite value.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(
            f"wrong type: {_expected(dim)} as a number or a string with a unit"
            f" — got {describe_value(value)}"
        )
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if match is None:
            raise ValueError(f"{_expected(dim)} — got {value!r}")
        magnitude, unit_text = float(match.group(1)), match.group(2)
        if unit_text:
            magnitude = _convert(magnitude, unit_text, value, dim)
    else:
        magnitude = float(value)
    if not math.isfinite(magnitude):
        raise ValueError(f"must be a finite number — got {describe_value(value)}")
    return magnitude


def _convert(magnitude: float, unit_text: str, original: str, dim: Dimension) -> float:
    ureg = _registry()
    try:
        units = ureg.parse_units(unit_text)
    except Exception:  # pint raises several unrelated types for bad unit text
        raise ValueError(f"unknown unit {unit_text!r} in {original!r} — {_expected(dim)}") from None
    target = ureg.parse_units(dim.si) if dim.si else ureg.dimensionless
    if units.dimensionality != target.dimensionality:
        raise ValueError(f"{_expected(dim)} — got {original!r}")
    value = float(ureg.Quantity(magnitude, units).to(target).magnitude)
    if dim.difference:  # remove the offset of degC/degF; zero for multiplicative units
        value -= float(ureg.Quantity(0.0, units).to(target).magnitude)
    return value


def _bounds_text(
    gt: float | None, ge: float | None, lt: float | None, le: float | None, unit: str
) -> str:
    low = gt if gt is not None else ge
    high = lt if lt is not None else le
    if low is not None and high is not None:
        left = "(" if gt is not None else "["
        right = ")" if lt is not None else "]"
        interval = f"{left}{low:g}, {high:g}{right}"
        return f"must be in {interval} {unit}".rstrip()
    if gt is not None:
        return f"must be > {_fmt(gt, unit)}"
    if ge is not None:
        return f"must be >= {_fmt(ge, unit)}"
    if lt is not None:
        return f"must be < {_fmt(lt, unit)}"
    return f"must be <= {_fmt(le, unit)}"  # type: ignore[arg-type]


def _check_range(
    si_value: float,
    original: Any,
    unit: str,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> None:
    ok = (
        (gt is None or si_value > gt)
        and (ge is None or si_value >= ge)
        and (lt is None or si_value < lt)
        and (le is None or si_value <= le)
    )
    if ok:
        return
    got = describe_value(original)
    if isinstance(original, str) and _fmt(si_value, unit) != original.strip():
        got += f" (= {_fmt(si_value, unit)})"
    raise ValueError(f"out of range: {_bounds_text(gt, ge, lt, le, unit)} — got {got}")


def _validate_quantity(
    value: Any,
    dim: Dimension,
    optional: bool,
    bounds: dict[str, float | None],
    hint: str = "",
) -> float | None:
    if value is None and optional:
        return None
    si_value = parse_quantity(value, dim)
    try:
        _check_range(si_value, value, dim.si, **bounds)
    except ValueError as exc:
        raise ValueError(f"{exc}{' — ' + hint if hint else ''}") from None
    return si_value


def quantity(
    dim: Dimension,
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
    optional: bool = False,
    hint: str = "",
) -> Any:
    """Annotated float type for a pydantic field holding ``dim`` in SI.

    Bounds are in SI.  With ``optional=True`` the type also admits ``None``. ``hint`` is added
    to an out-of-range message (the likely slip, e.g. a forgotten unit).
    """
    validator = BeforeValidator(
        partial(
            _validate_quantity,
            dim=dim,
            optional=optional,
            bounds={"gt": gt, "ge": ge, "lt": lt, "le": le},
            hint=hint,
        )
    )
    json_schema = WithJsonSchema(_quantity_json_schema(dim, gt=gt, ge=ge, lt=lt, le=le))
    if optional:
        return Annotated[float | None, validator, json_schema]
    return Annotated[float, validator, json_schema]


def quantity_spec(metadata: list[Any]) -> dict[str, Any] | None:
    """What a `quantity` field holds, from its pydantic ``FieldInfo.metadata``.

    Returns
    -------
    dict or None
        ``dim`` (`Dimension`), ``optional``, ``bounds`` (gt, ge, lt, le in SI, None when
        absent) and ``hint``; None when the metadata is not that of a quantity.
    """
    for meta in metadata:
        func = getattr(meta, "func", None)
        if getattr(func, "func", None) is _validate_quantity:
            return dict(func.keywords)
    return None


#: JSON Schema pattern of a string quantity: a number first, then the unit (optional).
NUMBER_PATTERN = r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?"


def _quantity_json_schema(dim: Dimension, **bounds: float | None) -> dict[str, Any]:
    """JSON Schema of a quantity (editor completion): a number in SI within the bounds, or a
    string with a unit; the description names the SI unit, the units one may write and the
    range (None bounds are absent; an optional quantity is simply left out of the file)."""
    names = {"gt": "exclusiveMinimum", "ge": "minimum", "lt": "exclusiveMaximum", "le": "maximum"}
    number = {"type": "number"} | {names[k]: v for k, v in bounds.items() if v is not None}
    if dim.si:
        text = f"{dim.name}: a number in {dim.si} or a string with a unit ({dim.examples})"
    else:
        text = f"{dim.name}: {dim.examples}"
    if len(number) > 1:
        text += f"; {_bounds_text(unit=dim.si, **bounds)}"
    string = {"type": "string", "pattern": NUMBER_PATTERN}
    return {"anyOf": [number, string], "description": text}


#: Temperatures the species thermo of the mechanisms covers [K] (NASA/constant-cp fits).
THERMO_RANGE = (200.0, 3000.0)
_TEMPERATURE_HINT = (
    "the species thermo covers 200-3000 K; a plain number is read in kelvin, so write "
    '"150 degC" for Celsius'
)


def thermo_temperature(optional: bool = False) -> Any:
    """A temperature field limited to the thermo range, with a hint about forgotten units."""
    low, high = THERMO_RANGE
    return quantity(TEMPERATURE, ge=low, le=high, optional=optional, hint=_TEMPERATURE_HINT)


# --- amounts of species -------------------------------------------------------------

Basis = Literal["mass", "amount", "mass_per_volume", "amount_per_volume"]

_BASES: tuple[tuple[Basis, str], ...] = (
    ("mass", "kg"),
    ("amount", "mol"),
    ("mass_per_volume", "kg/m^3"),
    ("amount_per_volume", "mol/m^3"),
)
_AMOUNT_EXPECTED = "expected an amount with a unit (kg, g, mol, kg/m^3, g/m^3, mol/m^3)"


class Amount(BaseModel):
    """How much of a species a cell holds.

    Attributes
    ----------
    value : float
        In the SI unit of ``basis``: kg, mol, kg/m^3 or mol/m^3.
    basis : str
        ``"mass"``, ``"amount"``, ``"mass_per_volume"`` or ``"amount_per_volume"``
        (the latter two per m^3 of cell volume).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float
    basis: Basis


def parse_amount(value: Any) -> Amount:
    """Turn ``"12 g"``, ``"0.1 mol"``, ``"91560 g/m^3"``... into an `Amount` (SI).

    The unit is required: it tells the basis.  A table ``{value = ..., basis = ...}``
    (SI value) is accepted too.
    """
    if isinstance(value, Amount):
        return value
    if isinstance(value, dict):
        return _amount_from_table(value)
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"{_AMOUNT_EXPECTED} — got {describe_value(value)}")
    match = _NUMBER.match(value)
    if match is None or not match.group(2):
        raise ValueError(f"{_AMOUNT_EXPECTED} — got {value!r}")
    ureg = _registry()
    try:
        units = ureg.parse_units(match.group(2))
    except Exception:  # pint raises several unrelated types for bad unit text
        raise ValueError(f"unknown unit {match.group(2)!r} in {value!r}") from None
    for basis, si in _BASES:
        target = ureg.parse_units(si)
        if units.dimensionality == target.dimensionality:
            magnitude = ureg.Quantity(float(match.group(1)), units).to(target).magnitude
            return Amount(value=float(magnitude), basis=basis)
    raise ValueError(f"{_AMOUNT_EXPECTED} — got {value!r}")


def _amount_from_table(table: dict[str, Any]) -> Amount:
    bases = [basis for basis, _ in _BASES]
    if set(table) != {"value", "basis"}:
        raise ValueError(
            f"an amount table needs exactly the keys 'value' and 'basis' — got {sorted(table)}"
        )
    value, basis = table["value"], table["basis"]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"amount 'value' must be a number in SI — got {describe_value(value)}")
    if basis not in bases:
        raise ValueError(f"amount 'basis' must be one of {bases} — got {describe_value(basis)}")
    return Amount(value=float(value), basis=basis)


def _validate_amount(value: Any, nonnegative: bool) -> Amount:
    result = parse_amount(value)
    if not math.isfinite(result.value):
        raise ValueError(f"must be a finite number — got {describe_value(value)}")
    if nonnegative and result.value < 0:
        raise ValueError(f"out of range: must be >= 0 — got {describe_value(value)}")
    return result


_AMOUNT_JSON_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "pattern": NUMBER_PATTERN + r"\s*[^\s\d]"},
            {k: v for k, v in Amount.model_json_schema().items() if k != "description"},
        ],
        "description": _AMOUNT_EXPECTED.removeprefix("expected ")
        + ", or a table {value = <SI number>, basis = ...}",
    }
)
NonNegativeAmount = Annotated[
    Amount, BeforeValidator(partial(_validate_amount, nonnegative=True)), _AMOUNT_JSON_SCHEMA
]
SignedAmount = Annotated[
    Amount, BeforeValidator(partial(_validate_amount, nonnegative=False)), _AMOUNT_JSON_SCHEMA
]
