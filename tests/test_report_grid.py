"""``runaway report GRID.nc``: maps, the table of points and the hazards of the worst point."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from runaway.cli import main
from runaway.hazards import flame

ROOT = Path(__file__).resolve().parents[1]
OVEN = ROOT / "scenarios" / "li_ncm811_pouch_oven.toml"

GRID = f"""
title = "pouch oven <i>SOC</i> grid"
base = "{OVEN.as_posix()}"
[grid]
"cell.soc" = [0.5, 1.0]
"""


def test_grid_report_has_maps_points_and_worst_point_hazards(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNAWAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(flame, "_solve_flame", lambda *a, **k: (0.4, 2000.0))
    grid = tmp_path / "grid.toml"
    grid.write_text(GRID, encoding="utf-8")
    result = tmp_path / "grid.nc"
    run = CliRunner().invoke(main, ["grid", str(grid), "-o", str(result), "-q"])
    assert run.exit_code == 0, run.output
    out = tmp_path / "report"
    run = CliRunner().invoke(main, ["report", str(result), "-o", str(out)])
    assert run.exit_code == 0, run.output
    text = (out / "index.html").read_text()
    assert "pouch oven &lt;i&gt;SOC&lt;/i&gt; grid" in text  # the grid's title, escaped
    assert "<i>SOC</i>" not in text
    assert "Grid of 2 scenarios over cell.soc" in text
    points = text[text.index("<h2>Points</h2>") : text.index("</table>", text.index("<h2>Points"))]
    assert points.count("<tr>") == 3  # header and two points
    assert "cell.soc=0.5" in points and "cell.soc=1" in points
    lfls = re.findall(r"<td>(\d+\.\d\d)</td></tr>", points)
    assert len(lfls) == 2 and all(1.0 < float(v) < 20.0 for v in lfls)  # LFL [%] of each gas
    assert "point with the most gas" in text and "LFL in air (Le Chatelier" in text
    assert text.count("data:image/png;base64,") >= 2  # maps embedded
    assert not re.search(r"""(?:src|href)=["']https?:""", text)
    assert "model-based pre-assessment" in text and "doi:" in text


def test_committed_grid_example_is_linked_from_the_readme():
    page = ROOT / "reports" / "examples" / "li-ncm811-pouch-oven-soc-grid" / "index.html"
    text = page.read_text()
    assert "Grid of 65 scenarios" in text and "point with the most gas" in text
    assert (
        "reports/examples/li-ncm811-pouch-oven-soc-grid/index.html"
        in (ROOT / "README.md").read_text()
    )
