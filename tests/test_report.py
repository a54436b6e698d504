"""``runaway report``: self-contained, escaped HTML; optional headless-Chromium screenshot."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from runaway.cli import main
from runaway.hazards import flame

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "reports" / "examples" / "li-ncm811-pouch-ul9540a" / "index.html"
TITLE = '<script>alert("x")</script> & <b>bold</b>'


@pytest.fixture
def report_page(pouch_oven, tmp_path, monkeypatch):
    """A report of the pouch oven run with a stand-in flame solver (structure, not physics)."""
    from runaway import write_netcdf

    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(flame, "_solve_flame", lambda *a, **k: (0.4, 2000.0))
    result = tmp_path / "oven.nc"
    write_netcdf(pouch_oven[2], result)
    out = tmp_path / "report"
    run = CliRunner().invoke(main, ["report", str(result), "-o", str(out), "--title", TITLE])
    assert run.exit_code == 0, run.output
    return out / "index.html"


def _external_references(text: str) -> list[str]:
    return re.findall(r'(?:src|href|url)\s*[=(]\s*["\']?(?!data:|#)([a-z]+:[^"\')\s]*)', text)


def test_report_is_self_contained_escaped_and_labelled(report_page):
    text = report_page.read_text()
    assert "<script>" not in text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text
    assert not _external_references(text)
    assert "default-src 'none'" in text  # the page may not load anything
    assert text.count('src="data:image/png;base64,') >= 2  # history + vent-gas figures
    assert "model-based pre-assessment, not a test result" in text
    assert "no verdict: this run is not the UL 9540A heater ramp" in text
    assert "LFL in air" in text and "mechanism SHA-256" in text and "Zabetakis" in text


def test_committed_example_report_is_linked_and_self_contained():
    text = EXAMPLE.read_text()
    assert not _external_references(text) and "module-level test indicated" in text
    readme = (ROOT / "README.md").read_text()
    assert "reports/examples/li-ncm811-pouch-ul9540a/index.html" in readme


def test_bad_report_input_exits_2(tmp_path):
    (tmp_path / "x.txt").write_text("hello")
    for source in (tmp_path / "missing.nc", tmp_path / "x.txt"):
        run = CliRunner().invoke(main, ["report", str(source), "-o", str(tmp_path / "r")])
        assert run.exit_code == 2 and "error:" in run.output and "Traceback" not in run.output


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def test_chromium_present_where_required():
    """CI installs Chromium and sets RUNAWAY_REQUIRE_CHROMIUM: there the test may not skip."""
    if os.environ.get("RUNAWAY_REQUIRE_CHROMIUM") and CHROMIUM is None:
        pytest.fail("RUNAWAY_REQUIRE_CHROMIUM is set but no chromium is on PATH")


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium not installed (apt-get chromium)")
@pytest.mark.parametrize(
    "page",
    sorted((ROOT / "reports" / "examples").glob("*/index.html")),
    ids=lambda p: p.parent.name,
)
def test_report_renders_in_headless_chromium(page, tmp_path):
    """Screenshot not blank; host resolution is disabled, so any network use would fail."""
    import matplotlib.image

    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            "--window-size=1200,1600",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pixels = matplotlib.image.imread(shot)
    assert pixels.std() > 0.02  # not a blank page


@pytest.mark.parametrize("preset", ["li-ncm811-pouch", "li-ncm811-18650"])
def test_regulatory_template_loads_for_each_li_metal_preset(preset):
    from runaway import build_model, load_scenario

    scenario = load_scenario(
        ROOT / "scenarios" / "regulatory" / "ul9540a_cell.toml", [f"cell.preset={preset}"]
    )
    assert scenario.abuse.kind == "heater"
    build_model(scenario)


def test_assess_runs_the_template_and_writes_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(flame, "_solve_flame", lambda *a, **k: (0.4, 2000.0))
    out = tmp_path / "assess"
    run = CliRunner().invoke(main, ["assess", "--cell", "li-ncm811-pouch", "-o", str(out), "-q"])
    assert run.exit_code == 0, run.output
    text = (out / "index.html").read_text()
    assert "module-level test indicated" in text and (out / "ul9540a.nc").is_file()
    bad = CliRunner().invoke(main, ["assess", "--cell", "nope", "-o", str(out)])
    assert bad.exit_code == 2 and "unknown preset 'nope'" in bad.output


def test_assess_all_screens_every_template(tmp_path, monkeypatch):
    """Ten runs of the pouch cell; each test gets its own screening row."""
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(flame, "_solve_flame", lambda *a, **k: (0.4, 2000.0))
    out = tmp_path / "all"
    run = CliRunner().invoke(
        main, ["assess", "--cell", "li-ncm811-pouch", "--standard", "all", "-o", str(out), "-q"]
    )
    assert run.exit_code == 0, run.output
    text = (out / "index.html").read_text()
    for standard in (
        "UN 38.3 T.5 external short",
        "IEC 62133-2 thermal abuse",
        "UL 1642 heating",
        "GB 38031 cell heating",
        "IEC 62133-2 external short",
        "GB 38031 cell external short",
        "UL 1642 short",
    ):
        row = text[text.index(f"<td>{standard}</td>") :].split("</tr>")[0]
        assert "not assessed" not in row and "[" in row
    hard_short = text[text.index("<td>GB 38031 cell external short</td>") :].split("</tr>")[0]
    # 5 mOhm on the charged 5 Ah Li-metal pouch: ~190 degC and a vent of flammable gas, short of
    # the fresh foil's ~215 degC trigger: no runaway, and no verdict without an ignition model
    assert "runaway no, vent yes, vent gas flammable" in hard_short
    assert "no verdict" in hard_short
    assert (out / "iec62133-2-short.nc").is_file() and (out / "gb38031-short.nc").is_file()
    assert "pass expected" in text  # the 80 mOhm external short stays at ~85 degC
    for standard in ("SAE J2464 thermal stability", "ARC heat-wait-seek"):
        row = text[text.index(f"<td>{standard}</td>") :].split("</tr>")[0]
        assert "characterisation" in row and "T1 " in row  # an outcome, not a verdict
    assert (out / "sae-j2464.nc").is_file() and (out / "arc.nc").is_file()
    overcharge = text[text.index("<td>GB 38031 overcharge</td>") :].split("</tr>")[0]
    assert "no overcharge abuse kind" in overcharge


def test_report_of_a_scenario_file_runs_it_first(tmp_path, monkeypatch):
    """``runaway report SCENARIO.toml`` runs the scenario, then writes the page."""
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "kim"
    source = ROOT / "scenarios" / "kim2007_18650_oven.toml"
    run = CliRunner().invoke(main, ["report", str(source), "-o", str(out)])
    assert run.exit_code == 0, run.output
    text = (out / "index.html").read_text()
    assert "Kim 2007" in text and "kim2007.yaml" in text
    assert "maximum temperature T3" in text and "model-based pre-assessment" in text
