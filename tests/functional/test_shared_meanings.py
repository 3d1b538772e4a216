"""Both front ends say a run's shared meanings (quiz.meanings) in the same words: here the app's
side (line mode's is in tests/unit/test_meanings.py)."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from paths import BANKS

from quiz import meanings, plain
from quiz.cli import main
from quiz.locations import Paths
from quiz.session import SessionConfig
from quiz.tui import text
from quiz.tui.screens import home
from quiz.tui.screens.results import ResultsScreen

from .helpers import QuizTestApp

HONEST = BANKS / "honest.yaml"


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


async def test_an_empty_run_reads_the_same_in_the_app_and_in_line_mode(tmp_path: Path) -> None:
    """Nothing answered yet, so mistakes mode has nothing to ask: the same reason in both."""
    app = QuizTestApp(
        bank_path=HONEST,
        config=SessionConfig(seed=1, mode="mistakes"),
        paths=Paths(tmp_path, tmp_path / "data"),
        name=None,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(10):
            await pilot.pause()
            await app.workers.wait_for_complete()
        assert isinstance(app.screen, ResultsScreen)
        shown = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
    reason = meanings.empty_reason("mistakes")
    assert reason in shown

    out = io.StringIO()
    argv = ["play", str(HONEST), "--plain", "--mode", "mistakes", "--data-dir", str(tmp_path)]
    assert main(argv, stdin=io.StringIO(""), stdout=out, stderr=io.StringIO()) == 0
    assert reason in out.getvalue().splitlines()


def test_the_app_and_line_mode_show_the_same_outcome_words() -> None:
    for credit in (1.0, 0.5, 0.0):
        words = meanings.outcome(credit)
        assert plain.outcome(credit) == words.label
        shown = text._from(words)
        assert (shown.label, shown.variant) == (words.label, words.variant)
    assert plain.outcome(0.0, skipped=True) == "↷ Skipped" == text.SKIPPED.label
    assert text.outcome_of(None) == text.UNANSWERED


def test_the_app_writes_points_and_lists_modes_as_the_meanings_do() -> None:
    assert text.points is meanings.points
    assert tuple((m, m[0], meanings.MODE_ABOUT[m]) for m in meanings.MODES) == home.MODES
