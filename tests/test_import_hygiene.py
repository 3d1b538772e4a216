"""The core is usable without the TUI (as harlequin proves for its own core)."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "quiz.bank",
    "quiz.bank.load",
    "quiz.bank.check",
    "quiz.bank.cache",
    "quiz.sources",
    "quiz.grading",
    "quiz.session",
    "quiz.store",
    "quiz.spaced",
    "quiz.runs",
    "quiz.stats",
    "quiz.learners",
    "quiz.report",
    "quiz.report.build",
    "quiz.report.load",
    "quiz.report.render",
    "quiz.report.command",
]
FRONT = ["textual", "quiz.tui", "quiz.cli", "quiz.plain"]


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(out.split())


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_front_ends(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    leaked = {m for m in loaded for f in FRONT if m == f or m.startswith(f + ".")}
    assert not leaked, f"{module} imports {sorted(leaked)}"


@pytest.mark.parametrize(
    "module", ["quiz.grading", "quiz.session", "quiz.report.figures", "quiz.report.build"]
)
def test_pure_modules_do_no_io(module: str) -> None:
    loaded = _loaded_after(f"import {module}")
    for io_module in ("sqlite3", "quiz.store", "quiz.sources", "subprocess", "socket"):
        assert io_module not in loaded, f"{module} pulls in {io_module}"


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["check", "--help"],
        ["check", "questions"],
        ["stats", "--help"],
        ["report", "--help"],
    ],
)
def test_cli_paths_that_must_not_pay_for_textual(argv: list[str]) -> None:
    code = (
        "import sys\nfrom quiz.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=_repo_root()
    )
    assert result.returncode == 0, result.stderr


def test_plain_play_does_not_import_textual(tmp_path) -> None:
    code = (
        "import io, sys\nfrom quiz.cli import main\n"
        "main(['play', 'kuwait-nato', '--plain', '--data-dir', sys.argv[1]],"
        " stdin=io.StringIO(''), stdout=io.StringIO(), stderr=io.StringIO())\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=_repo_root(),
    )
    assert result.returncode == 0, result.stderr


def test_import_linter_contracts_hold() -> None:
    from pathlib import Path

    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], capture_output=True, text=True, cwd=_repo_root()
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _repo_root() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parent.parent)
