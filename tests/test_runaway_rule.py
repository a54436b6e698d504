"""Self-heating defines runaway: Joule heat of a short is never counted as runaway.

T1, T2 and ``thermal_runaway`` are judged on the self-heating rate (reaction heat over heat
capacity, runaway.metrics); the run is stopped after runaway only once that rate reaches
1 K/s, so a short that heats the cell quickly cannot end the run before its chemistry
triggers.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from .conftest import run_cached

SHORT = "li_ncm811_pouch_external_short"


def _self_heating_crossing(model, output, at: float, threshold: float = 1.0):
    """The two solver steps around time ``at`` [s], checked to be an up-crossing of the
    self-heating rate through ``threshold`` [K/s] (from every step the solver took)."""
    t, y, _ = output.concatenated()
    bus, _ = output.diagnostics()
    rate = bus[:, model.bus_names.index("self_heating_rate")]
    i = int(np.searchsorted(t, at))
    assert rate[i - 1] < threshold <= rate[i]
    temperature = y[:, model.surface_index]  # T2 is read on the surface
    return (t[i - 1], t[i]), (temperature[i - 1], temperature[i])


def test_joule_heat_to_140_degc_is_not_runaway():
    """19 mOhm heats the pouch's jelly roll past 140 degC by Joule heat (its laminate stays
    ~5 K cooler); 18 mOhm already triggers its chemistry, so 150 degC by Joule heat alone is
    not reachable with this cell."""
    model, output, ds = run_cached(SHORT, 'abuse.resistance="19 mohm"')
    assert str(ds["status"].item()) == "ok"
    assert float(ds["max_core_temperature"]) - 273.15 > 140.0  # hot, by Joule heat alone
    assert float(ds["max_temperature_rate"]) >= 1.0  # the total dT/dt passes 1 K/s ...
    assert float(ds["max_self_heating_rate"]) < 1.0  # ... the reactions do not
    assert not bool(ds["thermal_runaway"])
    assert math.isnan(float(ds["trigger_temperature"]))
    assert math.isnan(float(ds["time_to_runaway"]))
    # the run was not stopped early by the Joule heating rate
    assert float(ds["time"][-1]) == pytest.approx(model.settings.end_time)


def test_hard_short_that_triggers_the_chemistry_is_runaway_with_t2_from_reactions():
    model, output, ds = run_cached(SHORT, 'abuse.resistance="0.1 mohm"')
    assert bool(ds["thermal_runaway"])
    (t0, t1), (temp0, temp1) = _self_heating_crossing(model, output, ds["time_to_runaway"])
    assert temp0 <= float(ds["trigger_temperature"]) <= temp1
    assert t0 <= float(ds["time_to_runaway"]) <= t1
    start = float(ds["surface_temperature"][0])
    # not the start temperature: the laminate has warmed, the jelly roll far more
    assert float(ds["trigger_temperature"]) > start + 20.0
    core = float(np.interp(ds["time_to_runaway"], ds["time"], ds["temperature"]))
    assert core > float(ds["trigger_temperature"]) + 50.0
    # the stop-after-runaway timer starts at the step where self-heating first reaches 1 K/s
    assert output.events["runaway"] <= t1


@pytest.mark.parametrize(
    "case",
    [
        (SHORT, 'abuse={kind = "internal_short", resistance = "70 mohm"}'),
        ("li_ncm811_pouch_oven", 'abuse={kind = "internal_short", resistance = "40 mohm"}'),
        ("li_ncm811_pouch_oven", 'abuse={kind = "nail"}'),
    ],
    ids=["internal-short-70", "internal-short-40", "nail"],
)
def test_internal_shorts_trigger_above_the_onset(case):
    model, output, ds = run_cached(*case)
    assert bool(ds["thermal_runaway"])
    t1, t2 = float(ds["onset_temperature"]), float(ds["trigger_temperature"])
    assert t1 < t2
    (_, _), (temp0, temp1) = _self_heating_crossing(model, output, ds["time_to_runaway"])
    assert temp0 <= t2 <= temp1
