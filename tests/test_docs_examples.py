"""The worked example of docs/architecture.md runs as written."""

from __future__ import annotations

import re

from runaway.parts import unregister_part

from .conftest import ROOT


def test_architecture_worked_example_runs(monkeypatch):
    text = (ROOT / "docs" / "architecture.md").read_text()
    match = re.search(r"### Worked example: a thermocouple part\n\n```python\n(.*?)```", text, re.S)
    assert match, "worked example not found"
    monkeypatch.chdir(ROOT)  # the example names scenarios/... relative to the checkout
    namespace: dict = {"__name__": "architecture_example"}
    try:
        code = compile(match.group(1), "docs/architecture.md", "exec", dont_inherit=True)
        exec(code, namespace)  # noqa: S102
        ds = namespace["ds"]
        assert ds["thermocouple_temperature"].attrs["units"] == "K"
        assert float(ds["thermocouple_temperature"].max()) < float(ds["max_temperature"])
    finally:
        unregister_part("thermocouple")
