"""Load and compose Cantera mechanisms; evaluate rates, enthalpies and heats.

This is the only module of runaway that imports Cantera. The ideal-gas phase built here is a
*container for kinetics*: the model sets species concentrations directly (amount per cell
volume) and reads reaction rates and standard-state species enthalpies. Whether a species is
gas, liquid or solid comes from the ``state-of-matter`` field of each species in the YAML and is
used by the physics layer (headspace pressure, venting, dry-gas analysis), never by Cantera.

Units inside runaway are SI with amounts in mol; Cantera works in kmol, so conversions happen
here and nowhere else.

References
----------
D. G. Goodwin, H. K. Moffat, I. Schoegl, R. L. Speth, B. W. Weber, Cantera: an object-oriented
software toolkit for chemical kinetics, thermodynamics and transport processes,
https://www.cantera.org, DOI 10.5281/zenodo.14455267.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import cantera as ct
import numpy as np
from ruamel.yaml import YAML

from runaway.chemistry import properties as species_properties
from runaway.chemistry.properties import Melting, PropertyError, VapourPressure
from runaway.chemistry.reactive_area import ReactiveArea, read_reactive_area
from runaway.chemistry.transport_limit import (
    TransportLimit,
    limit_multiplier,
    limit_temperatures,
    read_transport_limits,
)
from runaway.constants import GAS_CONSTANT

STATES_OF_MATTER = ("gas", "liquid", "solid")


class MechanismError(ValueError):
    """A mechanism file is missing, malformed or inconsistent."""


def mechanism_directory() -> Path:
    """Directory holding the bundled mechanisms.

    Installed wheels carry them in ``runaway/mechanisms``; a source checkout keeps them in the
    top-level ``mechanisms/`` folder.
    """
    packaged = Path(str(importlib.resources.files("runaway"))) / "mechanisms"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "mechanisms"
    if checkout.is_dir():
        return checkout
    raise MechanismError(
        "bundled mechanisms not found (neither runaway/mechanisms nor ./mechanisms)"
    )


def available_mechanisms() -> list[str]:
    """Names of the bundled mechanism files."""
    return sorted(p.name for p in mechanism_directory().glob("*.yaml"))


#: Top-level keys of a Cantera YAML file that make Cantera load or run code (``extensions``
#: imports Python modules or shared libraries). A mechanism is data: such files are refused.
CODE_KEYS = ("extensions",)


def resolve_mechanism(name: str, base: Path | None = None) -> Path:
    """Path of a mechanism given its bundled file name or a path to a YAML file.

    Parameters
    ----------
    name : str
        A bundled file name (``"kim2007.yaml"``) or a path; a relative path is taken relative
        to ``base`` (the scenario file's folder), else to the working directory.
    base : pathlib.Path, optional
        Folder relative paths start from.
    """
    candidate = Path(name)
    if base is not None and not candidate.is_absolute():
        candidate = base / candidate
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate.resolve()
    bundled = mechanism_directory() / name
    if bundled.is_file():
        return bundled
    raise MechanismError(
        f"unknown mechanism '{name}'; bundled mechanisms: {', '.join(available_mechanisms())}"
    )


@dataclass
class Mechanism:
    """A composed set of Cantera mechanisms, ready to evaluate rates and heats.

    Build it with :func:`load_mechanism`. Cantera objects do not pickle: build one per process.
    """

    solution: ct.Solution
    files: list[Path]
    state_of_matter: np.ndarray
    dry_gas: np.ndarray
    solution_particles: np.ndarray | None = None  # per mole in the liquid solution [1]
    solvation_numbers: np.ndarray | None = None  # solvent bound per mole in solution [1]
    solvent_flags: np.ndarray | None = None  # 1 for a solvent (no dissolved gas), else 0
    vapour_pressures: list[VapourPressure] = field(default_factory=list)
    melting: list[Melting] = field(default_factory=list)
    literature_heats: dict[int, dict] = field(default_factory=dict)
    _multipliers: list[tuple[int, float, int, float]] = field(default_factory=list)
    transport_limits: list[TransportLimit] = field(default_factory=list)
    reactive_area: ReactiveArea | None = None  # :mod:`runaway.chemistry.reactive_area`

    @property
    def limit_temperature(self) -> np.ndarray:
        """Transport-limit temperature of every reaction [K] (inf: none;
        :mod:`runaway.chemistry.transport_limit`)."""
        return limit_temperatures(self.transport_limits, self.solution.n_reactions)

    def __post_init__(self):
        # molar masses scaled so that [mol/m^3] * this = [kg/m^3]
        self._molar_mass_kmol = self.solution.molecular_weights / 1000.0
        self._tiny = np.full(self.solution.n_species, 1e-300)

    # --- static properties ----------------------------------------------------------------
    @property
    def species_names(self) -> list[str]:
        return list(self.solution.species_names)

    @property
    def n_species(self) -> int:
        return self.solution.n_species

    @property
    def n_reactions(self) -> int:
        return self.solution.n_reactions

    @property
    def reaction_equations(self) -> list[str]:
        return [r.equation for r in self.solution.reactions()]

    @property
    def molar_masses(self) -> np.ndarray:
        """Molar masses [kg/mol]."""
        return self.solution.molecular_weights / 1000.0

    @property
    def element_names(self) -> list[str]:
        return list(self.solution.element_names)

    @property
    def element_matrix(self) -> np.ndarray:
        """Atoms of each element (rows) in each species (columns) [1]."""
        g = self.solution
        return np.array(
            [[g.n_atoms(k, e) for k in range(g.n_species)] for e in range(g.n_elements)]
        )

    @property
    def gas_mask(self) -> np.ndarray:
        return self.state_of_matter == "gas"

    @property
    def stoichiometry(self) -> np.ndarray:
        """Net stoichiometric coefficients, species x reactions [1]."""
        return self.solution.product_stoich_coeffs - self.solution.reactant_stoich_coeffs

    def species_index(self, name: str) -> int:
        try:
            return self.solution.species_index(name)
        except ct.CanteraError:
            raise MechanismError(
                f"unknown species '{name}'; species in {', '.join(p.name for p in self.files)}: "
                f"{', '.join(self.species_names)}"
            ) from None

    def file_digests(self) -> dict[str, str]:
        """SHA-256 of every mechanism file, for provenance."""
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in self.files}

    # --- state-dependent evaluation --------------------------------------------------------
    def _set_state(self, temperature: float, concentrations: np.ndarray) -> None:
        mass = concentrations * self._molar_mass_kmol  # [kg/m^3], may dip below 0
        g = self.solution
        # Unnormalised mass fractions at unit density give concentrations rho*Y_k/M_k = C_k
        # exactly (Cantera's ideal-gas concentrations do not need sum(Y) = 1).
        if mass.any():
            g.set_unnormalized_mass_fractions(mass)
        else:
            g.set_unnormalized_mass_fractions(self._tiny)
        g.TD = temperature, 1.0
        multipliers = {
            lim.reaction: limit_multiplier(lim, temperature) for lim in self.transport_limits
        }
        for i_reaction, z0, i_grown, basis in self._multipliers:
            z = z0 + max(concentrations[i_grown], 0.0) / basis
            multipliers[i_reaction] = multipliers.get(i_reaction, 1.0) * math.exp(-z / z0)
        if self.reactive_area is not None:
            self.reactive_area.multiply(multipliers, temperature, concentrations)
        for i_reaction, value in multipliers.items():
            g.set_multiplier(value, i_reaction)

    def state_functions(
        self, temperature: float, concentrations: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Net production rates [mol/(m^3 s)], enthalpies [J/mol], heat capacities [J/(mol K)].

        One Cantera state update for all three (the hot path of the model).

        Parameters
        ----------
        temperature : float
            [K].
        concentrations : numpy.ndarray
            [mol/m^3].
        """
        self._set_state(temperature, concentrations)
        g = self.solution
        return (
            g.net_production_rates * 1000.0,
            g.standard_enthalpies_RT * (GAS_CONSTANT * temperature),
            g.standard_cp_R * GAS_CONSTANT,
        )

    def current_rates(self) -> np.ndarray:
        """Rates of progress [mol/(m^3 s)] at the state last set by :meth:`state_functions`."""
        return self.solution.net_rates_of_progress * 1000.0

    def standard_enthalpies(self, temperature: float) -> np.ndarray:
        """Standard molar enthalpy of every species [J/mol] at ``temperature`` [K]."""
        self.solution.TP = temperature, ct.one_atm
        return self.solution.standard_enthalpies_RT * GAS_CONSTANT * temperature

    def thermo(self, temperature: float) -> tuple[np.ndarray, np.ndarray]:
        """Standard molar enthalpies [J/mol] and heat capacities [J/(mol K)] in one call."""
        self.solution.TP = temperature, ct.one_atm
        rt = GAS_CONSTANT * temperature
        return self.solution.standard_enthalpies_RT * rt, self.solution.standard_cp_R * GAS_CONSTANT

    def reaction_enthalpies(self, temperature: float) -> np.ndarray:
        """Standard reaction enthalpy of every reaction [J/mol] at ``temperature`` [K]."""
        return self.standard_enthalpies(temperature) @ self.stoichiometry

    def element_imbalance(self) -> np.ndarray:
        """Element imbalance of every reaction (elements x reactions) [1]; zero if balanced."""
        return self.element_matrix @ self.stoichiometry


def _compose_yaml(paths: Sequence[Path]) -> str:
    """YAML text of one ideal-gas phase importing species and reactions from every file.

    Uses Cantera's own import syntax (``{file/species: all}``, ``file/reactions``); custom
    (pseudo-)elements declared in a file's ``elements:`` section are carried over.
    """
    loader = YAML(typ="safe")
    custom_elements: dict[str, dict] = {}
    symbols: list[str] = []
    for path in paths:
        try:
            data = loader.load(path.read_text())
        except Exception as exc:  # ruamel raises many types; report them uniformly
            raise MechanismError(f"{path.name}: not valid YAML: {_first_line(exc)}") from None
        if not isinstance(data, dict) or "species" not in data:
            raise MechanismError(f"{path.name}: no 'species' section")
        for key in CODE_KEYS:
            if key in data:
                raise MechanismError(
                    f"{path.name}: declares '{key}', which would make Cantera load code; "
                    "runaway reads mechanisms as data only — remove the section"
                )
        for element in data.get("elements", []) or []:
            custom_elements.setdefault(element["symbol"], element)
        for sp in data["species"]:
            for symbol in sp.get("composition", {}):
                if symbol not in symbols:
                    symbols.append(symbol)
    phase = {
        "name": "runaway-composed",
        "thermo": "ideal-gas",
        "elements": symbols,
        "species": [{f"{p}/species": "all"} for p in paths],
        "kinetics": "gas",
        "reactions": [f"{p}/reactions" for p in paths],
        "state": {"T": 298.15, "P": 101325.0},
    }
    document = {"units": {"length": "m", "quantity": "mol", "activation-energy": "J/mol"}}
    if custom_elements:
        document["elements"] = list(custom_elements.values())
    document["phases"] = [phase]
    buffer = io.StringIO()
    YAML(typ="safe").dump(document, buffer)
    return buffer.getvalue()


def load_mechanism(names: Sequence[str], base: Path | None = None) -> Mechanism:
    """Compose one or more mechanism files into a single :class:`Mechanism`.

    Parameters
    ----------
    names : sequence of str
        Bundled mechanism file names (``"kim2007.yaml"``) or paths to YAML files. Every species
        must be defined in exactly one of them; reactions are taken from all, in order.
    base : pathlib.Path, optional
        Folder that relative paths are resolved against (the scenario file's folder).

    Files declaring ``extensions`` (Python or C++ plug-ins Cantera would import) are refused
    before Cantera sees them: a scenario from someone else never runs code.
    """
    if not names:
        raise MechanismError("no mechanism given")
    paths = [resolve_mechanism(n, base) for n in names]
    try:
        solution = ct.Solution(yaml=_compose_yaml(paths))
    except ct.CanteraError as exc:
        raise MechanismError(f"{', '.join(p.name for p in paths)}: {_first_line(exc)}") from None
    for sp in solution.species():
        state = sp.input_data.get("state-of-matter")
        if state not in STATES_OF_MATTER:
            raise MechanismError(
                f"species '{sp.name}': state-of-matter must be one of "
                f"{', '.join(STATES_OF_MATTER)} (got {state!r})"
            )
    data = [sp.input_data for sp in solution.species()]
    states = np.array([d["state-of-matter"] for d in data], dtype=object)
    dry = [d["state-of-matter"] == "gas" and d.get("dry-gas", True) for d in data]
    mech = Mechanism(solution=solution, files=paths, state_of_matter=states, dry_gas=np.array(dry))
    _read_species_properties(mech)
    _read_reaction_properties(mech)
    try:
        mech.solution_particles = species_properties.solution_particles(data, states)
        mech.solvation_numbers = species_properties.solvation_numbers(data, states)
        mech.solvent_flags = species_properties.solvent_flags(
            states, solution.species_names, mech.vapour_pressures
        )
        mech.transport_limits = read_transport_limits(solution)
        mech.reactive_area = read_reactive_area(solution, mech.melting)
    except ValueError as exc:
        raise MechanismError(str(exc)) from None
    return mech


def _read_species_properties(mech: Mechanism) -> None:
    """Vapour-pressure correlations and melting data of the species (``vapour``, ``melting``)."""
    solution = mech.solution
    names_set = set(solution.species_names)
    for sp in solution.species():
        data = sp.input_data
        if "vapour" in data:
            v = dict(data["vapour"])
            vapour = v.pop("species")
            if (
                vapour not in names_set
                or mech.state_of_matter[solution.species_index(vapour)] != "gas"
            ):
                raise MechanismError(
                    f"species '{sp.name}': vapour species '{vapour}' must be a gas species of "
                    "the composed mechanism"
                )
            form = v.pop("form")
            source = str(v.pop("source", ""))
            constants = {k: float(x) for k, x in v.items() if isinstance(x, int | float)}
            try:
                vp = VapourPressure(sp.name, vapour, form, constants, source)
            except PropertyError as exc:
                raise MechanismError(str(exc)) from None
            mech.vapour_pressures.append(vp)
        if "melting" in data:
            m = data["melting"]
            mech.melting.append(
                Melting(sp.name, _number(m["T"]), _number(m["enthalpy"]), str(m.get("source", "")))
            )


def _read_reaction_properties(mech: Mechanism) -> None:
    """Literature heats and rate multipliers of the reactions."""
    solution = mech.solution
    for i, reaction in enumerate(solution.reactions()):
        data = reaction.input_data
        if "literature-heat" in data:
            mech.literature_heats[i] = dict(data["literature-heat"])
        mult = data.get("rate-multiplier")
        if mult is None:
            continue
        if mult.get("type") != "sei-tunnelling":
            raise MechanismError(
                f"reaction '{reaction.equation}': unknown rate-multiplier type "
                f"{mult.get('type')!r} (allowed: sei-tunnelling)"
            )
        mech._multipliers.append(
            (
                i,
                float(mult["z0"]),
                solution.species_index(mult["grown-species"]),
                float(mult["basis-concentration"]),
            )
        )


def _number(value) -> float:
    """A YAML number, or a string like '453.65 K' / '3000 J/mol' (SI unit only)."""
    if isinstance(value, int | float):
        return float(value)
    return float(str(value).split()[0])


def _first_line(exc: Exception) -> str:
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip() and set(ln.strip()) != {"*"}]
    lines = [ln for ln in lines if "CanteraError thrown by" not in ln]
    # "InputFileError thrown by ...:" is followed by the line that says what is wrong
    informative = [ln for ln in lines if not ln.endswith(":") and "thrown by" not in ln]
    return " ".join((informative or lines or [str(exc)])[:2])
