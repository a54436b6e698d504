"""The compiled kinetics and right-hand side agree with Cantera and with the model equations."""

from __future__ import annotations

import numpy as np
import pytest

from runaway.api import build_model
from runaway.check import mechanism_groups
from runaway.chemistry import available_mechanisms, load_mechanism
from runaway.chemistry.compiled import (
    compile_kinetics,
    progress_rates,
    rate_constants,
    species_thermo,
)
from runaway.kernel.slots import A_JACOBIAN_COLUMNS, iarray
from runaway.parts.chemistry import _append_films
from runaway.scenario import load_scenario

from .conftest import HOT_OVEN, SCENARIOS, run_cached


def _arguments(function, arrays: dict) -> dict:
    """The compiled-kinetics arrays a compiled function takes, by parameter name."""
    import inspect

    names = inspect.signature(function.py_func).parameters
    return {name: arrays[name] for name in names if name in arrays}


@pytest.mark.parametrize("group", mechanism_groups(available_mechanisms()), ids=" + ".join)
def test_compiled_chemistry_equals_cantera(group):
    """Rates, production rates, enthalpies, heat capacities on random states, incl. slightly
    negative concentrations and temperatures across the thermo range, to 1e-12."""
    mech = load_mechanism(group)
    compiled = compile_kinetics(mech)
    assert compiled.supported, compiled.reason
    a = dict(compiled.arrays)  # by parameter name
    if mech.reactive_area is not None:  # the model adds the Li films (area factor 1 here)
        _append_films(a, a, mech.reactive_area.film_rows())
    n, nr = mech.n_species, mech.n_reactions
    production, rates = np.zeros(n), np.zeros(nr)
    enthalpy, heat_capacity = np.zeros(n), np.zeros(n)
    rng = np.random.default_rng(2026)
    for trial in range(200):
        temperature = rng.uniform(250.0, 2900.0)
        concentrations = rng.lognormal(0.0, 3.0, n) * (rng.random(n) < 0.8)
        if trial % 3 == 0:  # one, sometimes two or three, slightly negative concentrations
            for k in rng.choice(n, size=1 + trial % 3 + (trial % 9 == 0), replace=False):
                concentrations[k] *= -1e-3
        wdot, h, cp = mech.state_functions(temperature, concentrations)
        rop = mech.current_rates()
        constants = np.empty(nr)
        rate_constants(temperature, **_arguments(rate_constants, a), constants=constants)
        progress_rates(
            constants,
            concentrations,
            **_arguments(progress_rates, a),
            production=production,
            rates=rates,
        )
        species_thermo(
            temperature, **_arguments(species_thermo, a), enthalpy=enthalpy,
            heat_capacity=heat_capacity,
        )  # fmt: skip
        for ours, cantera in ((production, wdot), (rates, rop), (enthalpy, h), (heat_capacity, cp)):
            scale = np.abs(cantera).max() + 1e-300
            assert np.abs(ours - cantera).max() <= 1e-12 * scale


def test_unsupported_mechanism_falls_back_to_cantera(tmp_path):
    """A reversible reaction is not mirrored: 'auto' uses Cantera, 'compiled' is refused."""
    source = (SCENARIOS.parent / "mechanisms" / "kim2007.yaml").read_text()
    reversible = source.replace("equation: SEI_kim =>", "equation: SEI_kim <=>", 1)
    assert reversible != source
    path = tmp_path / "kim_reversible.yaml"
    path.write_text(reversible)
    compiled = compile_kinetics(load_mechanism([str(path)]))
    assert not compiled.supported and "reversible" in compiled.reason
    base = SCENARIOS / "kim2007_18650_oven.toml"
    auto = build_model(load_scenario(base, [f'cell.mechanisms=["{path}"]']))
    assert not auto.compiled
    with pytest.raises(Exception, match="solver.kinetics") as info:
        build_model(
            load_scenario(base, [f'cell.mechanisms=["{path}"]', 'solver.kinetics="compiled"'])
        )
    assert "reversible" in str(info.value)


@pytest.mark.parametrize(
    "name",
    [
        "li_ncm811_pouch_oven",
        "li_ncm811_18650_heater",
        "li_ncm811_pouch_external_short",
        "li_ncm811_pouch_arc_cycled",  # [cell.lithium]: reactive-area factors, melting
    ],
)
def test_compiled_right_hand_side_equals_cantera_path(name):
    """Along a whole run, dy/dt and the diagnostics from compiled chemistry equal those from
    Cantera's (same assembly) to rounding."""
    model, out, _ = run_cached(name)
    reference = build_model(
        load_scenario(SCENARIOS / f"{name}.toml", ['solver.kinetics="cantera"'])
    )
    assert model.compiled and not reference.compiled
    times, states, modes = out.concatenated()
    for i in np.linspace(0, len(times) - 1, 60).astype(int):
        dy, info = model.evaluate(times[i], states[i], modes[i], full=True)
        dy_ref, info_ref = reference.evaluate(times[i], states[i], modes[i], full=True)
        np.testing.assert_allclose(dy, dy_ref, rtol=1e-8, atol=1e-10 * np.abs(dy_ref).max())
        for key in ("pressure", "free_volume", "heat_capacity", "vent_flow", "current"):
            assert info[key] == pytest.approx(info_ref[key], rel=1e-9, abs=1e-15)
        np.testing.assert_allclose(
            info["heat_release_rate"],
            info_ref["heat_release_rate"],
            rtol=1e-9,
            atol=1e-12 * (np.abs(info_ref["heat_release_rate"]).max() + 1e-300),
        )


def test_kim_result_is_the_same_with_cantera_kinetics():
    """The whole Kim 2007 run with Cantera evaluating the rates gives the same answer."""
    _, _, compiled = run_cached("kim2007_18650_oven")
    _, _, cantera = run_cached("kim2007_18650_oven", 'solver.kinetics="cantera"')
    assert compiled.attrs["kinetics"].startswith("compiled")  # provenance says which path ran
    assert cantera.attrs["kinetics"] == "cantera"
    assert float(cantera.time_to_runaway) == pytest.approx(float(compiled.time_to_runaway), abs=0.5)
    assert float(cantera.max_temperature) == pytest.approx(
        float(compiled.max_temperature), abs=0.05
    )


def test_jacobian_matches_central_differences():
    """The compiled forward-difference Jacobian agrees with a central-difference one."""
    model, out, _ = run_cached(*HOT_OVEN)
    times, states, modes = out.concatenated()
    i = int(np.searchsorted(times, 0.5 * float(out.events["runaway"])))
    t, y, mode = times[i], states[i], modes[i]
    jac = model.jacobian(t, y, mode)
    columns = [model.layout.temperature, *model.gas_index[:3], 0]
    for j in columns:
        step = 1e-6 * max(abs(y[j]), 1.0 if j == model.layout.temperature else 1e-8)
        up, down = y.copy(), y.copy()
        up[j] += step
        down[j] -= step
        central = (model.evaluate(t, up, mode) - model.evaluate(t, down, mode)) / (2 * step)
        np.testing.assert_allclose(jac[:, j], central, rtol=1e-3, atol=1e-6 * np.abs(central).max())
    # the columns left out (vented amounts, energy integrals) really do not drive anything
    L = model.layout
    bookkeeping = [*range(L.vented.start, L.vented.stop), L.fill_vented, L.energy_abuse]
    bookkeeping += [L.energy_loss, L.energy_reaction, L.energy_vent]
    shifted = y.copy()
    shifted[bookkeeping] += 1.0 + np.abs(shifted[bookkeeping])
    np.testing.assert_array_equal(model.evaluate(t, shifted, mode), model.evaluate(t, y, mode))
    assert not jac[:, bookkeeping].any()


def test_jacobian_leaves_out_only_heat_capacity_species():
    """The species whose Jacobian columns are left out (final solid products) move the
    derivatives through the heat capacity alone, by ~c_v dn / C of the temperature rate."""
    model, out, _ = run_cached(*HOT_OVEN)
    names = list(model.mechanism.species_names)
    L = model.layout
    columns = iarray(model.ip, A_JACOBIAN_COLUMNS) - L.offset("species")
    kept = {names[c] for c in columns if 0 <= c < len(names)}
    left_out = set(names) - kept
    assert {"LiF(s)", "Li2O(s)"} <= left_out
    assert not left_out & {"Li(s)", "EC(l)", "DMC(l)", "LiPF6", "CO2", "O2(ads)", "LEDC(s)"}
    times, states, modes = out.concatenated()
    i = int(np.searchsorted(times, 0.5 * float(out.events["runaway"])))
    t, y, mode = times[i], states[i], modes[i]
    base = model.evaluate(t, y, mode)
    bus, _ = model.diagnostics(np.array([t]), y[None, :], mode)
    heat_capacity = bus[0, model.bus_names.index("heat_capacity")]  # [J/K]
    temperatures = [L.temperature, model.surface_index]
    for name in left_out:
        shifted = y.copy()
        shifted[L.offset("species") + names.index(name)] += 1e-3  # [mol]
        change = model.evaluate(t, shifted, mode) - base
        others = np.delete(change, temperatures)
        np.testing.assert_array_equal(others, 0.0, err_msg=name)
        # c_v <= 200 J/(mol K) for any of these solids
        bound = 200.0 * 1e-3 / heat_capacity * np.abs(base[L.temperature]) * 1.01
        assert abs(change[L.temperature]) <= bound, name


def test_mode_flags_reach_the_kernel():
    """Opening the vent changes dy/dt through the flags (the kernel reads the mode)."""
    model, out, _ = run_cached("li_ncm811_pouch_oven")
    times, states, _ = out.concatenated()
    y = states[-1].copy()
    y[model.gas_index] += 1e-3  # overpressure
    closed, opened = model.initial_mode(), model.initial_mode()
    opened.flags["vent_open"] = 1
    closed = model.evaluate(times[-1], y, closed)
    opened = model.evaluate(times[-1], y, opened)
    assert closed[model.layout.vented].sum() == 0.0
    assert opened[model.layout.vented].sum() > 0.0


def test_kinetics_setting_is_validated():
    with pytest.raises(Exception, match="solver.kinetics"):
        load_scenario(SCENARIOS / "kim2007_18650_oven.toml", ['solver.kinetics="fast"'])
