"""`quiz play BANK` starts the bank-cache helper (quiz.bank.warm) before the app, and reaps it
after."""

from __future__ import annotations

import io

import pytest
from paths import HARBOUR

import quiz.tui.app
from quiz.bank import warm
from quiz.cli import main


def test_quiz_play_starts_the_helper_before_the_app_and_reaps_it_after(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []

    class App:  # stands in for the app: the command line's part is what is tested
        problem = None
        return_code = 0

        def __init__(self, **options: object) -> None:
            self.bank = options["bank_path"]

        def run(self) -> None:
            seen.append(f"run {self.bank.name}")  # type: ignore[attr-defined]

    def start(folder: object, banks: list[object]) -> int:
        seen.append(f"start {[b.name for b in banks]}")  # type: ignore[attr-defined]
        return 7

    monkeypatch.setattr(quiz.tui.app, "QuizApp", App)
    monkeypatch.setattr(warm, "start", start)
    monkeypatch.setattr(warm, "finish", lambda helper: seen.append(f"finish {helper}"))
    code = main(["play", str(HARBOUR)], stdin=io.StringIO(), stdout=io.StringIO())
    assert code == 0
    assert seen == ["start ['harbour.yaml']", "run harbour.yaml", "finish 7"]
