"""`quiz report`, `quiz play --class` and `quiz stats --learner` as a teacher runs them."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Five students, two questions (a typed city, then the dateline choice shown with seed 3 as
# 1 Kuwait City, 2 Doha, 3 Brussels, 4 Manama).
CLASS = {"Ada": "Brussels\n4\n", "Ben": "Paris\n4\n", "Cy": "Brussels\n1\n",
         "Dee": "Brussels\n4\n", "Eve": "Rome\n2\n"}  # fmt: skip


def quiz(*args: str, stdin: str = "", cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QUIZ_CACHE_DIR": str(cwd / "cache")}
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A shared store with the class 7B, and each student's handed-in result file."""
    where = tmp_path_factory.mktemp("classroom")
    for name, answers in CLASS.items():
        played = quiz(
            "play", "kuwait-nato", "--plain", "--json", "--seed", "3", "--limit", "2",
            "--name", name, "--class", "7B", "--data-dir", "data", stdin=answers, cwd=where,
        )  # fmt: skip
        assert played.returncode == 0, played.stderr
        (where / f"{name}.json").write_text(played.stdout)
    return where


def test_report_json_of_a_served_class(classroom: Path) -> None:
    result = quiz("report", "--data-dir", "data", "--class", "7B", "--json", cwd=classroom)
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [(s["name"], s["percent"]) for s in doc["students"]] == [
        ("Ada", 100), ("Ben", 50), ("Cy", 50), ("Dee", 100), ("Eve", 0)
    ]  # fmt: skip
    assert set(doc["students"][0]) >= {
        "name", "status", "answered", "score", "max_score", "percent", "duration"
    }  # fmt: skip
    city, dateline = doc["questions"]
    # q1 marks 1 0 1 1 0 and q2 marks 1 1 0 1 0: each is the other's rest. Both have mean 0.6,
    # variance 0.3 and covariance 0.05, so r = 1/6; sorted they pair perfectly (covmax 0.3).
    for q in (city, dateline):
        assert q["facility"] == 60
        assert q["sd"] == pytest.approx(54.772, abs=1e-3)
        assert q["discrimination_index"] == pytest.approx(100 / 6, abs=1e-3)
        assert q["discriminative_efficiency"] == pytest.approx(100 / 6, abs=1e-3)
        assert q["flags"] == ["weak-discrimination"]
    assert city["wrong_responses"] == [
        {"response": "Paris", "count": 1}, {"response": "Rome", "count": 1}
    ]  # fmt: skip
    assert {o["option"]: o["count"] for o in dateline["options"]} == {
        "Kuwait City": 1, "Doha": 1, "Brussels": 0, "Manama": 3
    }  # fmt: skip
    test = doc["test"]
    assert (test["students"], test["mean"], test["median"]) == (5, 60, 50)
    # alpha = 2 * (1 - 0.6 / 0.7) = 28.571 %
    assert test["alpha"] == pytest.approx(200 / 7, abs=1e-3)
    assert doc["other_groups"] == [] and doc["notes"] == []


def test_result_files_and_the_store_together_count_each_run_once(classroom: Path) -> None:
    files = sorted(str(p.name) for p in classroom.glob("*.json"))
    result = quiz("report", *files, "--store", "data/progress.sqlite3", "--json", cwd=classroom)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["students"]) == 5


def test_a_bad_result_file_is_named_and_the_rest_reported(classroom: Path) -> None:
    (classroom / "broken.json").write_text('{"bank": "kuwait-nato", "answers": [{"id": 1}]}')
    (classroom / "evil.json").write_text("\x1b]0;pwned\x07{")
    result = quiz("report", "Ada.json", "Ben.json", "broken.json", "evil.json", cwd=classroom)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and "Traceback" not in result.stderr
    assert lines[0].startswith("broken.json: error: answers[0]: id should be text")
    assert lines[1].startswith("evil.json:1:1: error: not a results file")
    assert "Ada" in result.stdout and "Ben" in result.stdout


def test_csv_and_html(classroom: Path) -> None:
    result = quiz("report", "--data-dir", "data", "--csv", "out", cwd=classroom)
    assert result.returncode == 0, result.stderr
    with (classroom / "out" / "questions.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["mission-city", "dateline-city"]
    assert rows[0]["facility"] == "60.0"
    with (classroom / "out" / "responses.csv").open() as f:
        responses = list(csv.DictReader(f))
    assert len(responses) == 10 and {r["student"] for r in responses} == set(CLASS)
    assert (classroom / "out" / "students.csv").read_text().startswith("bank,version,name,")
    result = quiz("report", "--data-dir", "data", "--html", "report.html", cwd=classroom)
    assert result.returncode == 0, result.stderr
    page = (classroom / "report.html").read_text()
    assert page.count("<svg") == 2 and "@media print" in page
    assert "http://" not in page and "https://" not in page and "<script" not in page
    assert "Manama: 3" in page


def test_a_learners_stats_are_their_own(classroom: Path) -> None:
    ada = json.loads(quiz("stats", "--data-dir", "data", "--learner", "Ada", "--json",
                          cwd=classroom).stdout)  # fmt: skip
    assert ada["learner"] == "Ada"
    (bank,) = [b for b in ada["banks"] if b["bank"] == "kuwait-nato"]
    assert (bank["attempts"], bank["correct"]) == (2, 2)
    nobody = quiz("stats", "--data-dir", "data", "--learner", "Zed", "--json", cwd=classroom)
    (bank,) = [b for b in json.loads(nobody.stdout)["banks"] if b["bank"] == "kuwait-nato"]
    assert bank["attempts"] == 0


def test_bad_names_are_usage_errors(classroom: Path) -> None:
    result = quiz("play", "kuwait-nato", "--plain", "--name", "a\x1bb", cwd=classroom)
    assert result.returncode == 2 and "control characters" in result.stderr


def test_report_does_not_import_textual(classroom: Path) -> None:
    code = (
        "import io, sys\nfrom quiz.cli import main\n"
        "main(['report', '--data-dir', 'data'], stdout=io.StringIO())\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=classroom, env=env
    )
    assert done.returncode == 0, done.stderr
