"""The helper process that fills the bank cache beside a first start (quiz.bank.warm), and
`quiz play BANK` starting it before the app and reaping it after."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from paths import HARBOUR

import quiz.tui.app
from quiz.bank import warm
from quiz.bank.cache import load_bank_cached
from quiz.cli import main


def test_the_helper_fills_the_cache_so_the_app_reads_a_hit(
    bank_path: Path, tmp_path: Path, parses: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm, "_cpus", lambda: 2)
    folder = tmp_path / "cache"
    helper = warm.start(folder, [bank_path])
    assert helper is not None
    warm.finish(helper)
    assert helper.returncode == 0
    assert load_bank_cached(bank_path, folder).slug == "harbour-wall"
    assert parses == []  # read from the entry the helper wrote: no YAML in this process
    assert warm.start(folder, [bank_path]) is None  # nothing left to warm


def test_the_helper_leaves_a_bank_it_cannot_load_to_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm, "_cpus", lambda: 2)
    fifo = tmp_path / "bank.yaml"
    os.mkfifo(fifo)  # would block a reader that opened it
    broken = tmp_path / "broken.yaml"
    broken.write_text("bank: broken\ntitle: [\n", encoding="utf-8")
    folder = tmp_path / "cache"
    helper = warm.start(folder, [fifo, broken])
    assert helper is not None
    warm.finish(helper, timeout=20)
    assert helper.returncode == 0
    assert not (folder / "banks").exists() or not any((folder / "banks").iterdir())


def test_a_quiz_package_in_the_working_folder_is_not_what_the_helper_runs(
    bank_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(warm, "_cpus", lambda: 2)
    planted = tmp_path / "work" / "quiz"
    (planted / "bank").mkdir(parents=True)
    marker = tmp_path / "ran"
    code = f"open({str(marker)!r}, 'w').close()\n"
    for module in ("__init__.py", "bank/__init__.py", "bank/warm.py"):
        (planted / module).write_text(code, encoding="utf-8")
    monkeypatch.chdir(planted.parent)
    folder = tmp_path / "cache"
    helper = warm.start(folder, [bank_path])
    assert helper is not None
    warm.finish(helper)
    assert not marker.exists()
    assert helper.returncode == 0 and not warm.needs_warming(bank_path, folder)


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
