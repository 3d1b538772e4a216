"""Fixtures for the Textual app: deterministic apps (fixed seed, fixed clock, no blinking,
no animations, a store in tmp_path) and a helper that waits until the app is idle."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import textual._wait
from paths import SHIPPED

from quiz.locations import Paths
from quiz.session import Mode, SessionConfig

from .helpers import MakeApp, QuizTestApp


@pytest.fixture(autouse=True)
def quiet_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    # Stats show local times: pin the zone so screenshots match on every machine.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


# Pilot waits after every key until the app is idle: it sleeps 20 ms at a time and stops at the
# first 20 ms in which the process used under 1 ms of CPU, so each key costs 40 ms or more of
# waiting. Looking every 5 ms (idle: under 0.25 ms of CPU) asks the same question more often;
# it halves the time of the Pilot tests. `settle` (helpers.py) still waits for workers too.
IDLE_STEP = 0.005


@pytest.fixture(autouse=True)
def quick_idle_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", IDLE_STEP)
    monkeypatch.setattr(textual._wait, "SLEEP_IDLE", IDLE_STEP / 20)


@pytest.fixture
def paths(tmp_path: Path) -> Paths:
    """tmp_path is the working folder and holds the data folder; no bank cache."""
    return Paths(tmp_path, tmp_path / "data")


@pytest.fixture
def store_path(paths: Paths) -> Path:
    return paths.store


@pytest.fixture
def make_app(paths: Paths) -> MakeApp:
    def make(
        bank: Path | None = SHIPPED,
        *,
        mode: Mode = "practice",
        seed: int = 1,
        limit: int | None = None,
        time_limit: float | None = None,
        cwd: Path | None = None,
    ) -> QuizTestApp:
        config = SessionConfig(mode=mode, seed=seed, limit=limit, time_limit=time_limit)
        return QuizTestApp(
            bank_path=bank,
            config=config,
            paths=paths if cwd is None else paths._replace(cwd=cwd),
            name=None,
        )

    return make
