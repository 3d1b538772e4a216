"""The import graph of `quiz` read statically (grimp, as import-linter does): no module reaches
itself again through the modules it imports, wherever in it an import statement sits; only
imports under `if TYPE_CHECKING:` (annotations) are left out. And the app's children talk up
with messages: no screen or widget calls a method of `QuizApp`."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
from paths import REPO


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in sorted(graph.find_modules_directly_imported_by(module)):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_cycle(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "loopy"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("def f():\n    from loopy import b\n")
    (package / "b.py").write_text(
        "from typing import TYPE_CHECKING\nimport loopy.c\nif TYPE_CHECKING:\n    import loopy.a\n"
    )
    (package / "c.py").write_text("import loopy.a\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("loopy", exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph) == [["loopy.a", "loopy.b", "loopy.c"]]


def test_no_import_cycle_outside_type_checking() -> None:
    graph = grimp.build_graph("quiz", exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph) == []


def _app_methods() -> set[str]:
    """The methods `QuizApp` defines itself (not those it inherits from Textual's App)."""
    tree = ast.parse((REPO / "quiz" / "tui" / "app.py").read_text(encoding="utf-8"))
    app = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "QuizApp")
    return {n.name for n in app.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def test_no_child_of_the_app_calls_the_app() -> None:
    own = _app_methods()
    assert {"start", "answer", "show_source"} <= own  # the finder sees the app's methods
    calls = []
    for path in sorted((REPO / "quiz" / "tui").rglob("*.py")):
        if path.name == "app.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "app"
                and node.func.attr in own
            ):
                calls.append(f"{path.relative_to(REPO)}:{node.lineno}: app.{node.func.attr}()")
    assert calls == []
