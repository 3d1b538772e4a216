"""Deferred imports go through `quiz.lazy` only (that what is deferred really stays unloaded
is checked in fresh interpreters, in tests/functional/test_import_hygiene.py)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from paths import REPO

from quiz import lazy


def function_level_imports(package: Path) -> list[str]:
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Import | ast.ImportFrom):
                        found.append(f"{path.relative_to(package.parent)}:{inner.lineno}")
    return found


def test_no_function_body_imports_anything() -> None:
    assert function_level_imports(REPO / "quiz") == []


def test_the_check_finds_an_import_in_a_function(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text("import os\n\ndef f():\n    import json\n    return json\n")
    assert function_level_imports(package) == ["pkg/m.py:4"]


def test_a_deferred_module_is_imported_at_its_first_attribute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    name = "quiz_lazy_probe"
    (tmp_path / f"{name}.py").write_text("value = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    deferred = lazy.module(name)
    assert name not in sys.modules
    assert deferred.value == 1 and name in sys.modules
    monkeypatch.setattr(sys.modules[name], "value", 2)  # a patch is seen: nothing is copied
    assert deferred.value == 2
    with pytest.raises(AttributeError):
        deferred.missing  # noqa: B018
    monkeypatch.delitem(sys.modules, name)
