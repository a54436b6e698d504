"""`runaway plot`: one colour per gas, current and state of charge for an electrical abuse, a
failed run marked in red, a time unit that suits the run, a zoom on a short runaway, and one
clear message (exit status 2) for every bad input of the command."""

from __future__ import annotations

import numpy as np
import pytest
import xarray as xr
from click.testing import CliRunner
from matplotlib.colors import to_hex

from runaway.cli import main
from runaway.plotting import (
    KNOWN_GASES,
    event_window,
    failure_reason,
    figure_suffixes,
    has_current,
    plot_history,
    species_styles,
    time_unit,
)
from runaway.results import write_netcdf

from .conftest import HOT_OVEN, run_cached

OVEN = "kim2007_18650_oven"  # runaway after 25 min of a 35-min run
SHORT = "li_ncm811_pouch_external_short"  # 6 h, everything in the first minutes


@pytest.fixture(scope="module")
def oven():
    return run_cached(OVEN)[2]


@pytest.fixture(scope="module")
def short():
    return run_cached(SHORT)[2]


@pytest.fixture(scope="module")
def oven_file(oven, tmp_path_factory):
    return write_netcdf(oven, tmp_path_factory.mktemp("results") / "oven.nc")


@pytest.fixture
def draw():
    """plot_history on the Agg backend; the figures are closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figures = []

    def make(dataset):
        figures.append(plot_history(dataset))
        return figures[-1]

    yield make
    for figure in figures:
        plt.close(figure)


def _axis(fig, ylabel):
    found = [ax for ax in fig.axes if ax.get_ylabel() == ylabel]
    assert len(found) == 1, [ax.get_ylabel() for ax in fig.axes]
    return found[0]


def _failed(dataset, reason):
    failed = dataset.copy()  # the cached result stays as it is
    failed["status"] = f"failed: {reason}"
    return failed


# --- gas colours ---------------------------------------------------------------------------


def test_every_gas_species_has_its_own_style_and_keeps_it():
    names = [*KNOWN_GASES, *(f"X{i}" for i in range(30))]
    styles = species_styles(names)
    assert len(set(styles.values())) == len(names)
    assert len({to_hex(styles[n][0]) for n in names[:20]}) == 20  # 20 colours before dashes
    assert {styles[n][1] for n in names[:20]} == {"-"}
    alone = species_styles(["X9", "CO2"])
    assert alone["CO2"] == styles["CO2"]  # a known gas keeps its colour in any mechanism
    assert alone["X9"] != alone["CO2"]


@pytest.fixture(scope="module")
def runaway_oven():
    """The Li pouch running away in a 200 degC oven: many gases released (in the external
    short's 86 degC, CO2 and C2H4 stay dissolved)."""
    return run_cached(*HOT_OVEN)[2]


def test_gas_panel_lines_are_distinct_with_a_legend(draw, oven, runaway_oven):
    ax = _axis(draw(runaway_oven), "gas released [mmol]")
    gases = [line for line in ax.lines if not line.get_label().startswith("_")]  # not the vent
    styles = {(to_hex(line.get_color()), line.get_linestyle()) for line in gases}
    assert len(gases) >= 5 and len(styles) == len(gases)
    legend = ax.get_legend()
    assert sorted(t.get_text() for t in legend.get_texts()) == sorted(
        line.get_label() for line in gases
    )
    by_name = species_styles([str(s) for s in runaway_oven["species"].values])
    for line in gases:
        assert to_hex(line.get_color()) == to_hex(by_name[line.get_label()][0])
    empty = _axis(draw(oven), "gas released [mmol]")  # the Kim mechanism has no gas species
    assert not empty.lines and "no gas species" in empty.texts[0].get_text()


# --- electrical abuse ----------------------------------------------------------------------


def test_external_short_gets_current_and_state_of_charge(draw, short):
    assert has_current(short)
    fig = draw(short)
    current = _axis(fig, "current [A]")
    soc = _axis(fig, "state of charge [%]")
    assert np.isclose(np.max(current.lines[0].get_ydata()), float(short["current"].max()))
    assert np.isclose(soc.lines[0].get_ydata()[0], 100.0 * float(short["state_of_charge"][0]))


def test_oven_has_no_current_panel(draw, oven):
    assert not has_current(oven)
    labels = [ax.get_ylabel() for ax in draw(oven).axes]
    assert "current [A]" not in labels and "state of charge [%]" not in labels


# --- failed runs ---------------------------------------------------------------------------


def test_failed_run_is_marked_in_red_with_a_short_reason(draw, oven):
    reason = "integration failed at t = 1234 s: " + "the step size became too small " * 10
    fig = draw(_failed(oven, reason))
    title = fig.get_suptitle()
    assert "FAILED: integration failed at t = 1234 s" in title
    assert oven.attrs["title"] in title
    assert to_hex(fig._suptitle.get_color()) == to_hex("tab:red")
    assert len(failure_reason(_failed(oven, reason))) <= 100


def test_good_run_title_is_not_marked(draw, oven):
    fig = draw(oven)
    assert failure_reason(oven) is None
    assert "FAILED" not in fig.get_suptitle()
    assert to_hex(fig._suptitle.get_color()) != to_hex("tab:red")


# --- time axis -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("duration", "unit"),
    [(0.05, "ms"), (1.5, "ms"), (30.0, "s"), (2098.0, "min"), (4 * 3600.0, "min")]
    + [(6 * 3600.0, "h"), (0.0, "s"), (float("nan"), "s")],
)
def test_time_unit_follows_the_duration(duration, unit):
    label, seconds = time_unit(duration)
    assert label == unit
    assert seconds == {"ms": 1e-3, "s": 1.0, "min": 60.0, "h": 3600.0}[unit]


def test_time_axis_unit_of_the_figures(draw, oven, short):
    labels = [ax.get_xlabel() for ax in draw(oven).axes]
    assert "time [min]" in labels
    assert "time [h]" in [ax.get_xlabel() for ax in draw(short).axes]
    first = oven.isel(time=slice(0, 40))  # the first seconds of the oven run
    assert f"time [{time_unit(float(first.time[-1]))[0]}]" in [
        ax.get_xlabel() for ax in draw(first).axes
    ]


def test_short_runaway_gets_a_zoomed_panel(draw, oven):
    window = event_window(oven)
    trigger, duration = float(oven["time_to_runaway"]), float(oven["time"][-1])
    peak = float(oven["time"][np.argmax(oven["temperature"].values)])
    assert window is not None and window.name == "T2" and window.reference == trigger
    assert window.start < trigger < peak < window.end
    assert window.end - window.start < 0.2 * duration
    zoom = [ax for ax in draw(oven).axes if ax.get_xlabel().startswith("time from T2")]
    assert len(zoom) == 1 and zoom[0].get_xlabel().endswith("[s]")


def test_no_zoom_when_the_event_fills_the_run(draw, oven):
    around = oven.sel(time=slice(1490.0, 1530.0))
    assert event_window(around) is None
    assert not [ax for ax in draw(around).axes if ax.get_xlabel().startswith("time from")]


def test_temperature_peak_without_runaway_is_zoomed(short):
    window = event_window(short)
    peak = float(short["time"][np.argmax(short["temperature"].values)])
    assert window is not None and window.name == "peak" and window.reference == peak


def test_library_rejects_a_dataset_that_is_not_a_result():
    with pytest.raises(ValueError, match="missing variables: time, temperature"):
        plot_history(xr.Dataset({"a": ("x", np.arange(3.0))}))


# --- the command ---------------------------------------------------------------------------


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_bad_input(result, *fragments):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.count("error:") == 1, result.output
    for fragment in fragments:
        assert fragment in result.output, result.output


def test_plot_writes_the_format_of_the_suffix_atomically(oven, oven_file, tmp_path):
    failed = write_netcdf(_failed(oven, "the solver gave up"), tmp_path / "failed.nc")
    result = invoke("plot", failed)  # default: failed.png beside the result
    assert result.exit_code == 0, result.output
    assert (tmp_path / "failed.png").read_bytes().startswith(b"\x89PNG")
    result = invoke("plot", oven_file, "-o", tmp_path / "fig.SVG")
    assert result.exit_code == 0, result.output
    assert b"<svg" in (tmp_path / "fig.SVG").read_bytes()[:1000]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["failed.nc", "failed.png", "fig.SVG"]


def test_plot_suffix_must_be_a_figure_format(oven_file, tmp_path):
    assert {".png", ".pdf", ".svg"} <= set(figure_suffixes())
    result = invoke("plot", oven_file, "-o", tmp_path / "fig.txt")
    assert_bad_input(result, "fig.txt", "-o/--output", ".png", ".pdf", ".svg")
    assert not list(tmp_path.iterdir())


def test_plot_into_a_missing_folder(oven_file, tmp_path):
    result = invoke("plot", oven_file, "-o", tmp_path / "nowhere" / "fig.png")
    assert_bad_input(result, "-o/--output", "nowhere", "does not exist")
    assert not (tmp_path / "nowhere").exists()


def test_plot_never_overwrites_its_input(oven, tmp_path):
    result = tmp_path / "oven.svg"  # a result file with a figure suffix
    write_netcdf(oven, result)
    before = result.read_bytes()
    assert_bad_input(invoke("plot", result, "-o", result), "-o/--output", "input")
    png_named = write_netcdf(oven, tmp_path / "oven.png")  # the default output is the input
    assert_bad_input(invoke("plot", png_named), "-o/--output", "input")
    assert result.read_bytes() == before


def test_plot_of_a_dataset_that_is_not_a_result(tmp_path):
    other = tmp_path / "other.nc"
    xr.Dataset({"a": ("x", np.arange(3.0))}).to_netcdf(other, engine="h5netcdf")
    result = invoke("plot", other, "-o", tmp_path / "fig.png")
    assert_bad_input(result, "other.nc: not a runaway result (missing variables: time, temp")
    assert not (tmp_path / "fig.png").exists()


def test_plot_of_a_missing_or_unreadable_file(tmp_path):
    assert_bad_input(invoke("plot", tmp_path / "none.nc"), "none.nc", "no such file")
    garbage = tmp_path / "garbage.nc"
    garbage.write_text("not netCDF")
    assert_bad_input(invoke("plot", garbage), "garbage.nc", "cannot read")


def test_failed_write_keeps_the_old_figure_and_no_temporary(oven_file, tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    figure = tmp_path / "fig.png"
    figure.write_bytes(b"old figure")

    def disk_full(self, name, **kwargs):
        with open(name, "wb") as handle:
            handle.write(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Figure, "savefig", disk_full)
    result = invoke("plot", oven_file, "-o", figure)
    assert_bad_input(result, "fig.png", "cannot write the figure", "No space left")
    assert figure.read_bytes() == b"old figure"
    assert [p.name for p in tmp_path.iterdir()] == ["fig.png"]
