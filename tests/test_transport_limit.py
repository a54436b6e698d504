"""The transport limit of condensed-phase rate constants (runaway.chemistry.transport_limit)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from runaway.chemistry import load_mechanism
from runaway.chemistry.compiled import compile_kinetics, rate_constants
from runaway.chemistry.mechanism import MechanismError
from runaway.chemistry.transport_limit import TransportLimit, limit_multiplier

MECHANISMS = ["electrolyte.yaml", "lithium.yaml", "ncm.yaml"]


def _constants(mech, temperature):
    a = compile_kinetics(mech).arrays
    out = np.empty(mech.n_reactions)
    rate_constants(
        temperature, a["pre_exponential"], a["temperature_exponent"],
        a["activation_temperature"], a["limit_constant"], out,
    )  # fmt: skip
    return out


def _arrhenius(mech, i, temperature):
    a = compile_kinetics(mech).arrays
    return (
        a["pre_exponential"][i]
        * temperature ** a["temperature_exponent"][i]
        * math.exp(-a["activation_temperature"][i] / temperature)
    )


def test_limited_rate_constants_follow_arrhenius_below_and_saturate_above():
    mech = load_mechanism(MECHANISMS)
    limited = [i for i, t in enumerate(mech.limit_temperature) if np.isfinite(t)]
    assert len(limited) == 15  # every estimated condensed-phase reaction
    for i in limited:
        t_lim = mech.limit_temperature[i]
        k_cold = _constants(mech, 300.0)[i]
        assert k_cold == pytest.approx(_arrhenius(mech, i, 300.0), rel=1e-3)
        k_hot = _constants(mech, 2500.0)[i]
        assert k_hot == pytest.approx(_arrhenius(mech, i, t_lim), rel=1e-3)
        assert _constants(mech, t_lim)[i] == pytest.approx(0.5 * _arrhenius(mech, i, t_lim))


def test_unlimited_reactions_are_plain_arrhenius():
    mech = load_mechanism(MECHANISMS)
    for i, t in enumerate(mech.limit_temperature):
        if not np.isfinite(t):
            assert _constants(mech, 2000.0)[i] == pytest.approx(_arrhenius(mech, i, 2000.0))
    names = mech.reaction_equations
    assert not np.isfinite(mech.limit_temperature[names.index("LiPF6 => LiF(s) + PF5")])


def test_multiplier_is_one_half_at_the_limit_and_bounded():
    limit = TransportLimit(0, 500.0, 0.0, 16000.0)
    assert limit_multiplier(limit, 500.0) == pytest.approx(0.5)
    assert limit_multiplier(limit, 300.0) == pytest.approx(1.0, abs=1e-6)
    assert 0.0 < limit_multiplier(limit, 3000.0) < 1e-9


def test_bad_limit_is_a_clear_mechanism_error(tmp_path):
    from runaway.chemistry.mechanism import resolve_mechanism

    text = resolve_mechanism("ncm.yaml", None).read_text()
    bad = tmp_path / "ncm_bad.yaml"
    bad.write_text(
        text.replace("transport-limit: {temperature: 623.15 K}", "transport-limit: {}", 1)
    )
    for other in ("electrolyte.yaml",):
        (tmp_path / other).write_text(resolve_mechanism(other, None).read_text())
    with pytest.raises(MechanismError, match="transport-limit needs a temperature"):
        load_mechanism([str(tmp_path / "electrolyte.yaml"), str(bad)])
