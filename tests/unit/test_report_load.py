"""Reading result files (untrusted) and stores for `quiz report`, and the result JSON format."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from quiz.errors import QuizError
from quiz.locations import Paths
from quiz.plain import RESULTS_FORMAT, PlainFrontEnd
from quiz.report.build import build_report
from quiz.report.load import MAX_RESULTS_BYTES, read_results_file, read_store
from quiz.runs import start_run
from quiz.session import SessionConfig
from quiz.store import Store

ROOT = Path(__file__).resolve().parents[2]
BANK = ROOT / "tests" / "data" / "banks" / "kuwait-classic.yaml"  # fixed question order
T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=5)
        return self.now


def play_json(tmp_path: Path, name: str, answers: str, **config) -> dict:
    out = io.StringIO()
    front = PlainFrontEnd(stdin=io.StringIO(answers), out=out, err=io.StringIO(), json_output=True)
    front.play(
        BANK,
        SessionConfig(seed=3, **config),
        Paths(tmp_path, tmp_path / "data"),
        name=name,
        class_name="7B",
    )
    return json.loads(out.getvalue())


def test_result_json_format_2_has_what_analysis_needs(tmp_path: Path) -> None:
    doc = play_json(tmp_path, "Ada", "Brussels\n4\n", limit=3)
    assert doc["format"] == RESULTS_FORMAT == "factquiz-results/2"
    assert (doc["learner"], doc["class"], doc["status"]) == ("Ada", "7B", "stopped")
    assert len(doc["bank_hash"]) == 16
    started = datetime.fromisoformat(doc["started"])
    finished = datetime.fromisoformat(doc["finished"])
    assert doc["duration"] == pytest.approx((finished - started).total_seconds(), abs=0.01)
    first, second = doc["answers"]
    assert first["number"] == 1 and first["prompt"].startswith("In which city")
    assert first["options"] == [] and first["chosen"] is None
    assert second["kind"] == "choice"
    assert second["options"] == ["Kuwait City", "Doha", "Brussels", "Manama"]  # as shown, seed 3
    assert second["chosen"] == ["Manama"] and second["key"] == ["Manama"]
    assert second["time_taken"] >= 0 and datetime.fromisoformat(second["answered_at"])
    assert doc["unanswered"] and doc["unanswered_points"] == [1.0]


def test_a_result_file_round_trips_into_the_report(tmp_path: Path) -> None:
    path = tmp_path / "ada.json"
    path.write_text(json.dumps(play_json(tmp_path, "Ada", "Brussels\n4\n", limit=2)))
    a = read_results_file(path)
    assert (a.student, a.status, a.class_name, a.score, a.max_score) == (
        "Ada",
        "finished",
        "7B",
        2,
        2,
    )
    assert [x.chosen for x in a.answers] == [None, ("Manama",)]


def test_format_1_files_are_read(tmp_path: Path) -> None:
    old = {  # what `quiz play --plain --json` wrote before format 2
        "bank": "kuwait-nato", "title": "T", "mode": "exam", "seed": 3, "name": "Ben",
        "score": 1.0, "max_score": 2.0, "percent": 50.0, "answered": 2, "unanswered": [],
        "answers": [
            {"id": "a", "kind": "text", "response": "x", "credit": 1.0, "correct": True,
             "expected": "x", "reason": "", "hint_used": False, "skipped": False, "points": 1.0},
            {"id": "b", "kind": "choice", "response": "2", "credit": 0.0, "correct": False,
             "expected": "y", "reason": "", "hint_used": False, "skipped": False, "points": 1.0},
        ],
    }  # fmt: skip
    path = tmp_path / "ben.json"
    path.write_text(json.dumps(old))
    a = read_results_file(path)
    assert (a.student, a.version, a.status, a.started, a.score) == (
        "Ben",
        None,
        "finished",
        None,
        1,
    )
    assert [x.number for x in a.answers] == [1, 2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"bad\.json:1:2: error: not a results file: Expecting property name"),
        (b"[1, 2]", r"bad\.json: ?.*expected one JSON object"),
        (b'{"bank": "b", "answers": [{"id": "q", "credit": 2}]}', r"answers\[0\]: credit"),
        (b'{"bank": "b", "answers": [{"id": "q", "credit": "1"}]}', r"credit should be a number"),
        (b'{"bank": "b", "format": "factquiz-results/9"}', r"unknown results format"),
        (b'{"bank": "b", "status": "won"}', r"status should be one of"),
        (b'{"bank": "b", "started": "yesterday"}', r"started should be an ISO-8601 time"),
        (b'{"answers": []}', r"no bank"),
        (b"\xff\xfe", r"not UTF-8"),
        (b"[" * 100_000, r"not a results file"),
    ],
)
def test_bad_result_files_are_one_line_errors(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(QuizError, match=message) as info:
        read_results_file(path)
    assert len(info.value.problems) == 1 and "\n" not in str(info.value)
    assert str(path) in str(info.value)


def test_an_oversized_result_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_bytes(b" " * (MAX_RESULTS_BYTES + 1))
    with pytest.raises(QuizError, match="too large"):
        read_results_file(path)


def test_a_missing_store_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(QuizError, match="no such progress store"):
        read_store(tmp_path / "none.sqlite3")
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_store_of_a_class_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite3"
    with Store(path) as store:
        for name, answers in (("Ada", ["Brussels", "4"]), ("Ben", ["Paris", "2"]),
                              ("Cy", ["Brussels", "1"])):  # fmt: skip
            run = start_run(BANK, SessionConfig(seed=3, limit=2), store, learner=name,
                            class_name="7B", clock=Clock())  # fmt: skip
            for response in answers:
                run.answer(response, 2.0)
            run.finish()
        run = start_run(BANK, SessionConfig(seed=3, limit=2), store, learner="Dee", clock=Clock())
        run.answer("Brussels", 1.0)  # not in 7B, and never finished
        assert store.open_run("Dee", None).id == run.run_id  # type: ignore[union-attr]
        assert store.open_run("Dee", "7B") is None
    attempts = read_store(path, class_name="7B")
    assert sorted(a.student for a in attempts) == ["Ada", "Ben", "Cy"]
    report = build_report(attempts)
    g = report.groups[0]
    assert [s.percent for s in g.students] == [100, 0, 50]
    dateline = g.questions[1]
    counts = {o.option: (o.count, o.key) for o in dateline.options or ()}
    assert counts == {"Kuwait City": (1, False), "Doha": (1, False), "Brussels": (0, False),
                      "Manama": (1, True)}  # fmt: skip
    assert [(w.response, w.count) for w in g.questions[0].wrong_responses or ()] == [("Paris", 1)]
    everyone = read_store(path)
    assert {a.student: a.status for a in everyone}["Dee"] == "open"
