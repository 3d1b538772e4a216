"""Shared fixtures and markers for tests/unit and tests/functional.

Every test keeps its progress store and bank cache to itself (QUIZ_DATA_DIR and QUIZ_CACHE_DIR
point into its tmp_path), so tests can run in any order and in parallel (`pytest -n auto`).
Paths to the shipped bank and the fixture banks are in tests/paths.py.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from paths import HARBOUR, MARKUP, SHIPPED, SMALL, TESTS

import quiz.bank.cache as cache

# Hypothesis's deadline and its too-slow health check are timing assertions: on a loaded machine
# (or with a worker per CPU and then some) they fail tests whose behaviour is right.
settings.register_profile("factquiz", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("factquiz")

RunQuiz = Callable[..., subprocess.CompletedProcess[str]]

FUNCTIONAL = TESTS / "functional"
# Fixtures whose use makes a test a browser test (playwright).
BROWSER_FIXTURES = {"browser", "page", "browser_context"}


@pytest.fixture(autouse=True)
def _own_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUIZ_CACHE_DIR", str(tmp_path / "quiz-cache"))
    monkeypatch.setenv("QUIZ_DATA_DIR", str(tmp_path / "quiz-data"))


def pytest_configure(config: pytest.Config) -> None:
    # pytest rewrites the asserts of every package that ships a pytest plugin: all of
    # hypothesis, syrupy, platformdirs... With no bytecode cache (PYTHONDONTWRITEBYTECODE, or a
    # fresh CI venv) that is ~2.5 s of CPU in each xdist worker, for asserts nobody reads. Only
    # the tests' own asserts need rewriting, and they still are (test_*.py and conftest.py).
    # A private attribute: if a pytest release drops it, this does nothing and costs time only.
    must_rewrite = getattr(config.pluginmanager.rewrite_hook, "_must_rewrite", None)
    if isinstance(must_rewrite, set):
        must_rewrite.clear()


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker per CPU, and one more. Part of a Pilot test is waiting (Pilot lets
    the app go idle after every key), so one per CPU leaves the CPUs idle at times; but the
    browser test's chromium and app processes need CPUs too, and on 2 CPUs the suite took 64 s
    with 4 workers against 56 s with 3. The PYTEST_XDIST_AUTO_NUM_WORKERS variable still
    overrides it, as in pytest-xdist."""
    env = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if env:
        return int(env)
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark by place and by fixture, so `-m "not functional"` runs the unit tests alone."""
    for item in items:
        path = Path(str(item.path))
        if path.is_relative_to(FUNCTIONAL):
            item.add_marker(pytest.mark.functional)
        fixtures = set(getattr(item, "fixturenames", ()))
        if "snap_compare" in fixtures:
            item.add_marker(pytest.mark.snapshot)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def bank_path(tmp_path: Path) -> Path:
    """A copy of the harbour bank and its article, free to edit, touch or delete."""
    folder = tmp_path / "banks"
    folder.mkdir()
    shutil.copy(HARBOUR, folder / "harbour.yaml")
    shutil.copy(HARBOUR.with_name("harbour-article.txt"), folder / "harbour-article.txt")
    return folder / "harbour.yaml"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every time the cache falls back to parsing the YAML."""
    seen: list[Path] = []
    real = cache._load

    def counting(path: Path) -> object:
        seen.append(path)
        return real(path)

    monkeypatch.setattr(cache, "_load", counting)
    return seen


@pytest.fixture
def shipped_bank() -> Path:
    return SHIPPED


@pytest.fixture
def harbour_bank() -> Path:
    return HARBOUR


@pytest.fixture
def small_bank() -> Path:
    return SMALL


@pytest.fixture
def markup_bank() -> Path:
    return MARKUP


@pytest.fixture
def run_quiz(tmp_path: Path) -> RunQuiz:
    """Run `python -m quiz ARGS` as a user would: in tmp_path, colour off, bounded in time."""

    def run(
        *args: str,
        input: str = "",
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "quiz", *args],
            input=input,
            capture_output=True,
            text=True,
            cwd=cwd or tmp_path,
            env={**os.environ, "NO_COLOR": "1", **(env or {})},
            timeout=timeout,
        )

    return run
