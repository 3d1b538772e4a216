"""The linters are part of the suite (ruff, and import-linter for the layer contracts), so CI
refuses code that is not clean."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from paths import REPO


def test_ruff_is_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", "quiz", "tests", "bench"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run(
        [str(ruff), "format", "--check", "--no-cache", "quiz", "tests", "bench"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_linter_contracts_hold() -> None:
    # The layer contracts of pyproject.toml, checked in the source (test_import_hygiene.py
    # checks what is imported at run time).
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _unit_imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "tests" / "unit").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = found.setdefault(path.name, set())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
    return found


def test_unit_tests_import_no_textual_and_start_no_process() -> None:
    """tests/unit is the fast, pure half (docs/decisions.md): what drives the app, a browser or
    a process belongs in tests/functional."""
    banned = ("textual", "quiz.tui", "subprocess", "playwright", "multiprocessing")
    found = {
        name: sorted(m for m in modules if any(m == b or m.startswith(b + ".") for b in banned))
        for name, modules in _unit_imports().items()
    }
    assert {name: hits for name, hits in found.items() if hits} == {}
