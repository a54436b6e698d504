"""Validation: heating tests of the two graphite 18650 cells of Golubkov et al. 2014.

Reference: A. W. Golubkov et al., "Thermal-runaway experiments on consumer Li-ion batteries with
metal-oxide and olivin-type cathodes", RSC Adv. 4 (2014) 3633, DOI 10.1039/C3RA45748F (open
access). The paper could not be re-read here: the vent-gas compositions below are a second-hand
transcription of its gas-analysis results, the maximum temperatures and gas amounts are recalled
from the paper. Verify both against the paper before relying on them.

Comparison basis for the composition: mole fractions of the vent gas over the species the paper's
gas chromatograph reports (CO2, CO, H2, CH4, C2H4, C2H6), renormalised to 100 %; the argon
carrier, electrolyte vapour (EC, DMC), water and the fluorinated gases (PF5, HF, POF3) are
excluded. The model's `gas_mole_fraction` (dry vent gas, runaway.results) is the starting point.

A comparison that misses is an expected failure (strict) with the measured gap in its reason; no
tolerance is widened.
"""

from __future__ import annotations

import pytest

from tests.conftest import run_cached

NMC = "golubkov2014_nmc_18650"
LCO_NMC = "golubkov2014_lco_nmc_18650"
PAPER_SPECIES = ("CO2", "CO", "H2", "CH4", "C2H4", "C2H6")

#: Vent gas [mol %], Golubkov 2014 (values as quoted in the project issue, not re-read).
COMPOSITION = {
    NMC: {"CO2": 41.2, "CO": 13.0, "H2": 30.8, "CH4": 6.8, "C2H4": 8.2},
    LCO_NMC: {"CO2": 24.9, "CO": 27.6, "H2": 30.0, "CH4": 8.6, "C2H4": 7.7, "C2H6": 1.2},
}
#: Tolerance [percentage points], the issue's done-when line: +-8 CO2, CO, H2; +-5 CH4, C2H4.
TOLERANCE = {"CO2": 8.0, "CO": 8.0, "H2": 8.0, "CH4": 5.0, "C2H4": 5.0}
#: Maximum (surface) temperature in the heating test [degC], Golubkov 2014 (recalled), +-100 K.
MAX_TEMPERATURE = {NMC: 678.0, LCO_NMC: 853.0}
MAX_TEMPERATURE_TOLERANCE = 100.0  # [K]
#: Vent gas per cell [mol], Golubkov 2014 (recalled, unverified), +-30 %.
GAS_AMOUNT = {NMC: 0.149, LCO_NMC: 0.265}
GAS_AMOUNT_TOLERANCE = 0.30

#: Measured gaps (model - paper) of the comparisons that miss, recorded from the runs.
GAPS = {
    (NMC, "CH4"): "model 0.0 vs 6.8 mol %, -6.8 pp: both CH4 sources (LiC6 + DMC + H2, dimethyl "
    "ether pyrolysis) need DMC, which has boiled away by 200 degC after the 116 degC vent",
    (NMC, "C2H4"): "model 14.4 vs 8.2 mol %, +6.2 pp: C2H4 (SEI, LiC6 + EC) is not diluted "
    "by the solvent-derived gas the paper's 0.149 mol implies",
    (LCO_NMC, "CO2"): "model 41.8 vs 24.9 mol %, +16.9 pp",
    (LCO_NMC, "CO"): "model 17.3 vs 27.6 mol %, -10.3 pp",
    (LCO_NMC, "CH4"): "model 0.0 vs 8.6 mol %, -8.6 pp: no DMC left at runaway (see NMC)",
    (LCO_NMC, "C2H4"): "model 15.7 vs 7.7 mol %, +8.0 pp",
}


def _cases():
    for cell, paper in COMPOSITION.items():
        for species in TOLERANCE:
            gap = GAPS.get((cell, species))
            marks = [pytest.mark.xfail(strict=True, reason=gap)] if gap else []
            yield pytest.param(cell, species, paper[species], marks=marks, id=f"{cell}-{species}")


def _composition(ds) -> dict[str, float]:
    """Vent gas over the paper's species [mol %], renormalised to 100 %."""
    fractions = {s: float(ds["gas_mole_fraction"].sel(species=s)) for s in PAPER_SPECIES}
    total = sum(fractions.values())
    return {s: 100.0 * x / total for s, x in fractions.items()}


@pytest.mark.parametrize(("cell", "species", "paper"), list(_cases()))
def test_vent_gas_composition(cell, species, paper):
    _, _, ds = run_cached(cell)
    assert abs(_composition(ds)[species] - paper) <= TOLERANCE[species]


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param(
            NMC,
            marks=pytest.mark.xfail(
                strict=True,
                reason="model 407 (surface; jelly roll 604) vs 678 degC, -271 K: most of the "
                "solvent leaves as vapour (all the DMC by 200 degC after the 116 degC vent, "
                "half the EC) before the cathode releases most of its O2, which then burns "
                "LiC6 (47 K/s peak)",
            ),
        ),
        pytest.param(
            LCO_NMC,
            marks=pytest.mark.xfail(
                strict=True,
                reason="model 521 (surface; jelly roll 812) vs 853 degC, -332 K (61 K/s "
                "peak; the solvent has boiled away, see NMC)",
            ),
        ),
    ],
)
def test_maximum_temperature(cell):
    _, _, ds = run_cached(cell)
    measured = float(ds["max_temperature"]) - 273.15
    assert abs(measured - MAX_TEMPERATURE[cell]) <= MAX_TEMPERATURE_TOLERANCE


@pytest.mark.parametrize(
    "cell",
    [
        pytest.param(
            NMC,
            marks=pytest.mark.xfail(
                strict=True,
                reason="model 0.042 vs 0.149 mol (recalled value), -72 %: most of the "
                "solvent leaves unreacted as vapour (condensable, not counted)",
            ),
        ),
        pytest.param(
            LCO_NMC,
            marks=pytest.mark.xfail(
                strict=True, reason="model 0.040 vs 0.265 mol (recalled value), -85 %"
            ),
        ),
    ],
)
def test_gas_amount_per_cell(cell):
    _, _, ds = run_cached(cell)
    measured = float(ds["gas_total"])
    assert abs(measured / GAS_AMOUNT[cell] - 1.0) <= GAS_AMOUNT_TOLERANCE


@pytest.mark.parametrize("cell", [NMC, LCO_NMC])
def test_no_oxygen_in_the_vent_gas(cell):
    """Golubkov 2014 find no O2 in the vent gas of either cell (inert vessel)."""
    _, _, ds = run_cached(cell)
    assert float(ds["gas_mole_fraction"].sel(species="O2")) <= 0.01
