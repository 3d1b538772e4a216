"""The core is usable without the front ends, and the commands that need no screen never pay for
Textual: checked in fresh interpreters, the only place an import can be seen for what it is.

The core modules are imported one after another in one `python -X importtime` process; its
report nests every import under the statement that caused it, so a leak is pinned on the core
module that pulls it in (a module imported by an earlier one is already loaded and not shown
again, but then the earlier one is the culprit). The import-linter contracts, which check the
source statically, run with the linters (tests/functional/test_lint.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from paths import REPO

# The pure modules come first, so that everything they import is reported under them.
PURE = [
    "quiz.grading",
    "quiz.reading",
    "quiz.folding",
    "quiz.session",
    "quiz.meanings",
    "quiz.report.figures",
    "quiz.report.build",
]
CORE = [
    *PURE,
    "quiz.bank",
    "quiz.bank.load",
    "quiz.checker.check",
    "quiz.bank.cache",
    "quiz.sources",
    "quiz.store",
    "quiz.spaced",
    "quiz.runs",
    "quiz.stats",
    "quiz.learners",
    "quiz.report",
    "quiz.report.load",
    "quiz.report.render",
    "quiz.report.command",
    "quiz.draft",
    "quiz.facts",
    "quiz.checker.coverage",
    "quiz.checker.lint",
    "quiz.checker.grounding",
    "quiz.export",
    "quiz.textsafe",
    "quiz.safefile",
    "quiz.lesson",
    "quiz.serve",
]
FRONT = ("textual", "quiz.tui", "quiz.cli", "quiz.plain")
IO = ("sqlite3", "quiz.store", "quiz.sources", "subprocess", "socket")


def imports_under(statements: list[str]) -> dict[str, set[str]]:
    """For each `import X` statement run in order in a fresh interpreter: every module it loaded."""
    code = "\n".join(f"import {module}" for module in statements)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    loaded: dict[str, set[str]] = {module: set() for module in statements}
    pending: set[str] = set()
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or line.endswith("imported package"):
            continue
        field = line.rsplit("|", 1)[1]
        name = field.strip()
        pending.add(name)
        if len(field) - len(field.lstrip()) == 1:  # depth 0: a statement's own module is last
            if name in loaded:
                loaded[name] |= pending
            pending = set()
    # A statement reports nothing only if an earlier one loaded its module already.
    for module, modules in loaded.items():
        assert modules or module in set().union(*loaded.values()), f"{module} was not reported"
    return loaded


def matches(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def test_the_report_is_read_right() -> None:
    # The parser itself: a module known to pull in sqlite3 and one known to import textual.
    loaded = imports_under(["quiz.store", "quiz.tui.text"])
    assert "sqlite3" in loaded["quiz.store"]
    assert "textual" in loaded["quiz.tui.text"] and "textual" not in loaded["quiz.store"]


def test_core_modules_import_no_front_end_and_pure_ones_do_no_io() -> None:
    loaded = imports_under(CORE)
    leaks = {m: sorted(n for n in names if matches(n, FRONT)) for m, names in loaded.items()}
    assert not {m: names for m, names in leaks.items() if names}
    for module in PURE:
        io = sorted(n for n in loaded[module] if matches(n, IO))
        assert not io, f"{module} pulls in {io}"


def test_commands_that_need_no_screen_do_not_import_textual(tmp_path: Path) -> None:
    # One interpreter runs them in turn; textual is looked for after each, so the first
    # command that imports it is named.
    calls = [
        ["--help"],
        ["check", "--help"],
        ["check", "questions"],
        ["stats", "--help"],
        ["report", "--help"],
        ["export", "--help"],
        ["export", "kuwait-nato", "--format", "csv", "-o", str(tmp_path / "k.csv")],
        ["draft", "--help"],
        ["draft", "seeds/kuwait-nato-mission.txt"],
        ["draft", "--show", "seeds/kuwait-nato-mission.txt"],
        ["play", "kuwait-nato", "--plain", "--data-dir", str(tmp_path)],
    ]
    code = (
        "import io, sys\nfrom quiz.cli import main\n"
        f"for argv in {calls!r}:\n"
        "    try:\n"
        "        main(argv, stdin=io.StringIO(''), stdout=io.StringIO(), stderr=io.StringIO())\n"
        "    except SystemExit:\n"
        "        pass\n"
        "    if 'textual' in sys.modules:\n"
        "        sys.exit(f'{argv} imported textual')\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert result.returncode == 0 and result.stdout.endswith("ok\n"), result.stderr


def _loaded_after(statement: str, modules: list[str]) -> dict[str, bool]:
    code = (
        f"import json, sys\n{statement}\n"
        f"print(json.dumps({{m: m in sys.modules for m in {modules!r}}}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=30
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_what_is_deferred_is_not_imported_until_used() -> None:
    heavy = ["textual", "quiz.store", "quiz.checker.check", "quiz.session", "quiz.runs"]
    assert not any(_loaded_after("import quiz.cli", heavy).values())
    assert _loaded_after("import quiz.session", ["quiz.grading"]) == {"quiz.grading": False}
    after_runs = _loaded_after("import quiz.runs", ["quiz.sources", "quiz.bank.load", "yaml"])
    assert not any(after_runs.values())
    grader = _loaded_after("import quiz.grading", ["rapidfuzz"])
    assert grader == {"rapidfuzz": False}
    used = _loaded_after(
        "from quiz.grading import OSA; OSA.distance('ab', 'ba')", ["rapidfuzz.distance.OSA"]
    )
    assert used == {"rapidfuzz.distance.OSA": True}
