"""The bus: intermediate quantities the kernel computes once per evaluation.

Every right-hand-side evaluation fills one float array, the *bus*, with the quantities that
more than one sub-model needs (headspace pressure, heat capacity, the environment temperature
an abuse kind sets, the current a short draws ...). Plugged parts read and write it
(:mod:`runaway.kernel.plugins`); the solver stores it at every step, and each slot is a
result variable of the same name (:data:`BUS`), so a quantity computed in the kernel can
never be silently left out of the results. Parts that declare their own diagnostics get
extra slots after these.

What a plugged part may read at each stage (:mod:`runaway.kernel.plugins`; every slot starts
an evaluation at 0):

- SURROUNDINGS: heat_capacity (of the whole cell, casing included), pressure, free_volume,
  headspace_gas_amount, thickness_increase, self_heating_rate, vent_flow,
  surface_temperature; it sets environment_temperature (preset to
  ambient) and heat_exchange_factor (preset to 1).
- SOURCE: all of the above and heat_loss_rate (from the surface), heat_rate_without_abuse,
  core_to_surface_heat_rate; it sets current,
  joule_heat_rate and abuse_heat_rate (preset to 0).
- DERIVATIVES: every core slot, temperature_rate and surface_temperature_rate included; it
  writes its own slots.
"""

from __future__ import annotations

from runaway.variables import Variable

#: The core bus slots, in slot order: name, units (UDUNITS), long name.
BUS = (
    Variable("pressure", "Pa", "headspace pressure (absolute)"),
    Variable("free_volume", "m3", "headspace gas volume"),
    Variable("thickness_increase", "m", "pouch thickness increase (0 for rigid cans)"),
    Variable("self_heating_rate", "K s-1", "heating rate due to reactions alone"),
    Variable(
        "heat_capacity", "J K-1", "heat capacity of the cell (with the apparent heat of fusion)"
    ),
    Variable("current", "A", "short-circuit current"),
    Variable("joule_heat_rate", "W", "Joule heat released inside the cell"),
    Variable(
        "abuse_heat_rate", "W", "heat delivered by the abuse source (heater, Joule, ARC heating)"
    ),
    Variable("heat_loss_rate", "W", "heat lost to the surroundings by convection and radiation"),
    Variable("environment_temperature", "K", "temperature of the surroundings (air and walls)"),
    Variable("vent_flow", "mol s-1", "molar flow of gas out of the vent"),
    Variable("temperature_rate", "K s-1", "rate of change of cell (jelly-roll) temperature"),
    Variable("headspace_gas_amount", "mol", "gas in the headspace (fill gas, vapours, products)"),
    Variable(
        "heat_exchange_factor",
        "1",
        "fraction of the surface heat exchange acting (0 in an adiabatic calorimeter)",
    ),
    Variable(
        "heat_rate_without_abuse",
        "W",
        "net heat flow into the cell without the abuse source (reactions, evaporation, "
        "fusion, losses, vent flow work)",
    ),
    Variable(
        "surface_temperature",
        "K",
        "temperature of the casing, where a thermocouple reads (the cell temperature in a "
        "one-node cell)",
    ),
    Variable("surface_temperature_rate", "K s-1", "rate of change of the surface temperature"),
    Variable(
        "core_to_surface_heat_rate",
        "W",
        "heat conducted from the jelly roll to the casing (0 in a one-node cell)",
    ),
)
(
    B_PRESSURE,
    B_FREE_VOLUME,
    B_THICKNESS_INCREASE,
    B_SELF_HEATING_RATE,
    B_HEAT_CAPACITY,
    B_CURRENT,
    B_JOULE_HEAT_RATE,
    B_ABUSE_HEAT_RATE,
    B_HEAT_LOSS_RATE,
    B_ENVIRONMENT_TEMPERATURE,
    B_VENT_FLOW,
    B_TEMPERATURE_RATE,
    B_HEADSPACE_GAS_AMOUNT,
    B_HEAT_EXCHANGE_FACTOR,
    B_HEAT_RATE_WITHOUT_ABUSE,
    B_SURFACE_TEMPERATURE,
    B_SURFACE_TEMPERATURE_RATE,
    B_CORE_TO_SURFACE_HEAT_RATE,
) = range(len(BUS))

# every slot constant must name its table row: a quantity the kernel computes always has a
# result variable (checked at import)
for _slot, _variable in enumerate(BUS):
    if globals().get("B_" + _variable.name.upper()) != _slot:
        raise RuntimeError(
            f"bus slot B_{_variable.name.upper()} does not match runaway.kernel.bus.BUS"
        )
