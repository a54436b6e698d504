"""The code base stays ruff-clean (configuration in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_clean():
    if importlib.util.find_spec("ruff") is None:
        pytest.skip("ruff not installed (pip install '.[test]')")
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "runaway", "tests", "benchmarks"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


#: Size limits that keep every module readable in one sitting (lines).
MAX_MODULE_LINES = 420
MAX_FUNCTION_LINES = 80


def test_modules_and_functions_stay_small():
    import ast

    too_long = []
    for path in sorted((ROOT / "runaway").rglob("*.py")):
        text = path.read_text()
        name = path.relative_to(ROOT)
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert not too_long, too_long


def test_one_gas_constant_shared_with_cantera():
    import cantera

    from runaway.constants import GAS_CONSTANT

    assert GAS_CONSTANT == cantera.gas_constant / 1000.0


def test_no_file_points_outside_the_repository():
    """The project stands alone: no file cites the team's notes outside the repository."""
    needles = ("DESIGN" + ".md", "REGULATORY" + ".md", "constants" + ".yaml", "../" + "shared")
    offenders = []
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or parts[0] in (".git", ".venv", ".ruff_cache", ".pytest_cache"):
            continue
        if "__pycache__" in parts or path.suffix in (".nc", ".png", ".nbi", ".nbc", ".pyc"):
            continue
        text = path.read_text(errors="ignore")
        offenders += [f"{path.relative_to(ROOT)}: {n}" for n in needles if n in text]
    assert not offenders, offenders


def test_generated_docs_are_current():
    """docs/abuse-kinds.md and docs/results.md come from the registry and the declarations
    (``python -m runaway.docs`` rewrites them)."""
    from runaway.docs import PAGES

    stale = [name for name, make in PAGES.items() if (ROOT / "docs" / name).read_text() != make()]
    assert not stale, f"run `python -m runaway.docs`: {stale} out of date"
