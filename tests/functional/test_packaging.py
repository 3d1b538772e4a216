"""A plain (not editable) install carries the bundled banks and their articles."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from paths import REPO

if TYPE_CHECKING:
    from conftest import RunQuiz


@pytest.mark.slow  # builds the wheel
def test_wheel_ships_banks_and_finds_them_from_any_folder(
    tmp_path: Path, run_quiz: RunQuiz
) -> None:
    dist = tmp_path / "dist"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(REPO),
        ],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    wheel = next(dist.glob("factquiz-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "quiz/_data/questions/kuwait-nato.yaml" in names
    assert "quiz/_data/seeds/kuwait-nato-mission.txt" in names
    assert "quiz/bank/bank.schema.json" in names and "quiz/tui/quiz.tcss" in names

    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "QUIZ_DATA_DIR": str(tmp_path / "data")}
    probe = subprocess.run(
        [sys.executable, "-c", "import quiz.locations as l; print(l.bundled_questions_dir())"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
    )
    assert probe.stdout.strip() == str(site / "quiz" / "_data" / "questions"), probe.stderr
    play = run_quiz(
        "play", "kuwait-nato", "--plain", "--limit", "1", input="Brussels\n", cwd=elsewhere, env=env
    )
    assert play.returncode == 0, play.stderr
    assert "Question 1 of 1" in play.stdout
    check = run_quiz(
        "check", "--strict", str(site / "quiz" / "_data" / "questions"), cwd=elsewhere, env=env
    )
    assert check.returncode == 0, check.stdout + check.stderr
