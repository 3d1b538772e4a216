"""A run means what it says, through `quiz` itself: line mode and `quiz stats` end to end.

The fixture bank tests/data/banks/honest.yaml (9 questions) with seed 1 asks, in order:
wall-length (478 metres), work-began (April 2018), opened-day (3 March 2021), foundations-year
(2019), cost (choice: 3 is right), payers (multi: 2 and 4), harbour-master (Morag Campbell),
any-weather (claim: supported), stages (order: 2 3 1)."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from quiz.locations import Paths
from quiz.plain import PlainFrontEnd
from quiz.session import SessionConfig

ROOT = Path(__file__).resolve().parents[2]
HONEST = ROOT / "tests" / "data" / "banks" / "honest.yaml"
SHIPPED = ROOT / "questions" / "kuwait-nato.yaml"
RIGHT = ["478", "April 2018", "3 March 2021", "2019", "3", "2, 4", "Morag Campbell", "s", "2 3 1"]


def quiz(
    *args: str, stdin: str = "", data: Path, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "quiz", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=data,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "QUIZ_DATA_DIR": str(data / "store"),
            "QUIZ_CACHE_DIR": str(data / "cache"),
            "COLUMNS": "80",
            "NO_COLOR": "1",
        },
        timeout=timeout,
    )


def local_bank(data: Path) -> None:
    """The honest bank in ./questions, so that `quiz stats` and Home know its title."""
    (data / "questions").mkdir(exist_ok=True)
    (data / "questions" / "honest.yaml").write_text(HONEST.read_text(encoding="utf-8"))
    article = HONEST.parent / "honest-harbour.txt"
    (data / "questions" / "honest-harbour.txt").write_text(article.read_text("utf-8"))


def play(*args: str, stdin: str, data: Path) -> subprocess.CompletedProcess[str]:
    return quiz("play", str(HONEST), "--plain", "--seed", "1", *args, stdin=stdin, data=data)


def stats_json(data: Path, *args: str) -> dict:
    result = quiz("stats", "--json", *args, data=data)
    assert result.returncode == 0, result.stderr
    return next(b for b in json.loads(result.stdout)["banks"] if b["bank"] == "honest-harbour")


# -- 1. the instructions give no answer away ------------------------------------------------


def test_format_help_shows_the_shape_never_an_answer(tmp_path: Path) -> None:
    out = play(stdin=":skip\n" * 9, data=tmp_path).stdout
    help_lines = [line for line in out.splitlines() if line.startswith("Type ")]
    assert help_lines, out
    for line in help_lines:
        assert "478" not in line and "2018" not in line and "2021" not in line, line
        assert "2019" not in line, line
    assert "Type a number in digits or words, e.g. 3,600 or sixty-three (unit: metres)." in out
    assert "Type the month and year, e.g. " in out
    assert "Type the day, month and year, e.g. " in out
    assert "Type the year, e.g. " in out


def test_the_shipped_date_questions_do_not_show_their_answers(tmp_path: Path) -> None:
    result = quiz(
        "play", str(SHIPPED), "--plain", "--tag", "dates", stdin=":skip\n" * 20, data=tmp_path
    )
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        if "e.g." in line:
            for leaked in ("2004", "January 2017", "478", "1,250", "2017-01-15"):
                assert leaked not in line, line


# -- 2. an exam is closed book; the article in practice costs what a hint costs ---------------


def test_an_exam_has_no_hints_and_no_article(tmp_path: Path) -> None:
    result = play("--mode", "exam", "--json", stdin="?\n:source\n478\n:quit\n", data=tmp_path)
    err = result.stderr
    assert "Hints are off in this run." in err
    assert "The article is closed until the end of this run." in err
    assert "for a hint" not in err.split("Review")[0]
    doc = json.loads(result.stdout)
    assert (doc["hints"], doc["open_book"]) == (False, False)
    assert doc["answers"][0]["credit"] == 1.0


def test_a_teacher_opens_hints_and_the_book_with_flags(tmp_path: Path) -> None:
    result = play(
        "--mode", "exam", "--hints", "--open-book", "--json", stdin="?\n478\n", data=tmp_path
    )
    assert "Hint: Between 400 and 500." in result.stderr
    doc = json.loads(result.stdout)
    assert (doc["hints"], doc["open_book"]) == (True, True)
    assert doc["answers"][0]["credit"] == 0.5
    run = stats_json(tmp_path)["runs"][0]
    assert (run["hints"], run["open_book"]) == (True, True)


def test_the_article_before_answering_is_announced_recorded_and_costs_half(tmp_path: Path) -> None:
    result = play("--json", stdin=":source\n:source\n478\n:quit\n", data=tmp_path)
    err = result.stderr
    header = err.splitlines()[1]
    assert ":source to read the article (opening the article before you answer halves" in header
    warned, opened = err.index("Type :source again to open it."), err.index("Article: ")
    assert warned < opened
    article = err[opened : err.index("(The credit for this question is halved.)")]
    assert "«" not in article and "478 metres" in article  # the whole text, nothing marked
    assert "Opening the article before answering halved the credit." in err
    doc = json.loads(result.stdout)
    (answer,) = doc["answers"]
    assert answer["source_opened"] is True and answer["credit"] == 0.5
    db = sqlite3.connect(tmp_path / "store" / "progress.sqlite3")
    assert db.execute("SELECT source_opened, credit FROM attempts").fetchall() == [(1, 0.5)]
    db.close()


def test_the_hint_cost_is_said_before_it_is_taken_and_only_where_there_is_one(
    tmp_path: Path,
) -> None:
    out = play(stdin="478\n:quit\n", data=tmp_path).stdout
    first = out.split("Question 2 of")[0]
    assert "Type ? for a hint (a hint halves the credit)." in first
    out = play(stdin=":skip\n" * 9, data=tmp_path).stdout
    assert out.count("for a hint") == 1  # only wall-length has one


# -- 4. a stopped run is a stopped run -----------------------------------------------------


def test_a_quit_run_is_stopped_and_scored_over_what_was_answered(tmp_path: Path) -> None:
    result = play("--json", stdin="478\nApril 2018\nnot a date at all 1\n:quit\n", data=tmp_path)
    doc = json.loads(result.stdout)
    assert doc["status"] == "stopped"
    assert (doc["answered"], doc["questions"]) == (2, 9)
    assert (doc["score"], doc["max_score"], doc["percent"]) == (2.0, 2.0, 100.0)
    assert "Stopped after 2 of 9 questions" in result.stderr
    run = stats_json(tmp_path)["runs"][0]
    for key in ("status", "seed", "answered", "questions", "score", "max_score", "percent"):
        assert run[key] == doc[key], key
    table = quiz("stats", data=tmp_path).stdout
    assert "stopped after 2 of 9" in table
    # It is not the bank's last score: only a complete run is.
    from quiz.runs import discover_banks
    from quiz.store import Store

    local_bank(tmp_path)
    with Store(tmp_path / "store" / "progress.sqlite3") as store:
        banks = discover_banks(Paths(tmp_path, tmp_path / "store"), store)
        info = next(b for b in banks if b.slug == "honest-harbour")
    assert info.last_score is None


def test_quitting_review_at_once_is_stopped_after_none(tmp_path: Path) -> None:
    quiz("play", str(HONEST), "--plain", "--mode", "review", stdin=":quit\n", data=tmp_path)
    run = stats_json(tmp_path)["runs"][0]
    assert run["status"] == "stopped" and (run["answered"], run["questions"]) == (0, 9)
    assert run["max_score"] == 0 and run["percent"] is None
    assert "stopped after 0 of 9" in quiz("stats", data=tmp_path).stdout
    assert "0 of 20" not in quiz("stats", data=tmp_path).stdout


def test_a_finished_run_is_finished(tmp_path: Path) -> None:
    doc = json.loads(play("--json", stdin="\n".join(RIGHT) + "\n", data=tmp_path).stdout)
    assert doc["status"] == "finished" and doc["percent"] == 100.0 and doc["answered"] == 9


# -- 5. a time limit is a deadline --------------------------------------------------------------


def test_time_is_up_while_waiting_for_a_line(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QUIZ_DATA_DIR": str(tmp_path / "store"),
        "QUIZ_CACHE_DIR": str(tmp_path / "cache"),
    }
    argv = ["play", str(HONEST), "--plain", "--json", "--seed", "1", "--mode", "exam"]
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", *argv, "--time-limit", "0.03"],  # 1.8 seconds
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    try:
        # No line is ever written, and stdin stays open: the run must end on its own.
        proc.wait(timeout=30)
        assert proc.stdout is not None and proc.stderr is not None
        out, err = proc.stdout.read(), proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
        assert proc.stdin is not None
        proc.stdin.close()
    assert "Time is up." in err
    doc = json.loads(out)
    assert doc["status"] == "timed-out" and doc["answered"] == 0
    assert stats_json(tmp_path)["runs"][0]["status"] == "timed-out"


class _Prompts(io.StringIO):
    """The prompts' stream: each "> " written lets the next line of input arrive."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = threading.Semaphore(0)

    def write(self, text: str) -> int:
        if text == "> ":
            self.asked.release()
        return super().write(text)


class _LateStdin(io.StringIO):
    """Each line arrives once it is asked for, `step` seconds later on the test's clock."""

    def __init__(self, text: str, clock: list[float], step: float, prompts: _Prompts) -> None:
        super().__init__(text)
        self.clock, self.step, self.prompts = clock, step, prompts

    def readline(self, size: int = -1) -> str:  # type: ignore[override]
        self.prompts.asked.acquire(timeout=10)
        self.clock[0] += self.step
        return super().readline(size)


def test_an_answer_after_the_deadline_is_not_counted(tmp_path: Path) -> None:
    now = [0.0]
    out, prompts = io.StringIO(), _Prompts()
    front = PlainFrontEnd(
        stdin=_LateStdin("478\nApril 2018\n", now, 40.0, prompts),
        out=out,
        err=prompts,
        json_output=True,
        clock=lambda: now[0],
    )
    config = SessionConfig(mode="exam", seed=1, time_limit=60.0)
    front.play(HONEST, config, Paths(tmp_path, tmp_path / "store"))
    doc = json.loads(out.getvalue())
    # The first answer came at 40 s, the second at 80 s: after the minute, so not counted.
    assert [a["id"] for a in doc["answers"]] == ["wall-length"]
    assert doc["status"] == "timed-out"
    assert "Time is up." in prompts.getvalue()


# -- 6. the seed ---------------------------------------------------------------------------


def test_the_seed_of_a_run_started_without_one_is_kept_and_shown(tmp_path: Path) -> None:
    result = quiz("play", str(HONEST), "--plain", "--json", stdin="478\n", data=tmp_path)
    seed = json.loads(result.stdout)["seed"]
    assert f"seed {seed}." in result.stderr.splitlines()[1]
    assert stats_json(tmp_path)["runs"][0]["seed"] == seed
    table = quiz("stats", data=tmp_path).stdout
    assert "seed" in table and str(seed) in table


# -- 7. every run, readable at 80 columns, and a per-question view ------------------------------


def test_stats_lists_every_run_and_reads_at_80_columns(tmp_path: Path) -> None:
    local_bank(tmp_path)
    for n in range(12):
        play(
            "--name",
            "Ada Lovelace, Countess of Lovelace",
            stdin=f"{470 + n}\n:quit\n",
            data=tmp_path,
        )
    ada = ("--learner", "Ada Lovelace, Countess of Lovelace")  # the name is the learner
    runs = stats_json(tmp_path, *ada)["runs"]
    assert len(runs) == 12
    table = quiz("stats", *ada, data=tmp_path).stdout
    assert table.count("stopped after 1 of 9") == 12
    lines = table.splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert any(
        line.startswith("honest-harbour · Islay opens its new harbour wall") for line in lines
    )
    header = next(line for line in lines if line.startswith("bank"))
    for word in ("questions", "answers", "accuracy", "due", "last played"):
        assert word in header
    assert "…" not in header
    limited = quiz("stats", "--runs", "3", *ada, data=tmp_path).stdout
    assert limited.count("stopped after 1 of 9") == 3
    assert "the latest 3 of 12 runs" in limited
    assert len(stats_json(tmp_path, *ada)["runs"]) == 12  # JSON lists them all


def test_stats_questions_shows_what_the_learner_misses(tmp_path: Path) -> None:
    wrong = ["479", "May 2018", "3 March 2021", "2019", "1", "2, 4", "Zanzibar", "s", "2 3 1"]
    play(stdin="\n".join(wrong) + "\n", data=tmp_path)
    result = quiz("stats", "--questions", data=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line.strip()}
    assert "479" in rows["wall-length"]
    assert "Zanzibar" in rows["harbour-master"]
    assert "20 million pounds" in rows["cost"]  # the option chosen, not its number
    doc = json.loads(quiz("stats", "--json", "--questions", data=tmp_path).stdout)
    bank = next(b for b in doc["banks"] if b["bank"] == "honest-harbour")
    record = {q["id"]: q for q in bank["questions_record"]}
    assert record["cost"]["wrong_answers"] == ["20 million pounds"]
    assert record["cost"]["latest_credit"] == 0 and record["cost"]["attempts"] == 1


# -- 8. friction ---------------------------------------------------------------------------


def test_a_skip_reads_as_a_skip(tmp_path: Path) -> None:
    out = play(stdin=":skip\n:quit\n", data=tmp_path).stdout
    assert "↷ Skipped" in out and "✗ Wrong (skipped)" not in out


def test_two_quotes_from_one_paragraph_show_it_once(tmp_path: Path) -> None:
    out = play(stdin=":skip\n" * 5 + "2, 4\n:quit\n", data=tmp_path).stdout
    feedback = out.split("Question 6 of 9")[1].split("Question 7 of 9")[0]
    assert feedback.count("Source, paragraph 2") == 1
    assert "«paid for by the island council»" in feedback
    assert "«a fund for coastal towns»" in feedback


def test_a_tag_that_matches_nothing_is_an_error_listing_the_tags(tmp_path: Path) -> None:
    result = play("--tag", "place", stdin="", data=tmp_path)
    assert result.returncode == 1
    assert "no question has the tag place" in result.stderr
    assert "claims, dates, figures, people" in result.stderr
    assert "Question 1" not in result.stdout


def test_choice_keys_and_json_percent(tmp_path: Path) -> None:
    stdin = ":skip\n" * 4 + "3\n" + ":skip\n" * 4
    result = play("--json", stdin=stdin, data=tmp_path)
    assert "Answer with a number (1-4), a letter (a-d)" in result.stderr
    doc = json.loads(result.stdout)
    assert doc["percent"] == round(100 / 9, 1) == 11.1
    (cost,) = [a for a in doc["answers"] if a["id"] == "cost"]
    assert (cost["response"], cost["chosen"], cost["chosen_numbers"]) == (
        "3",
        ["12.5 million pounds"],
        [3],
    )
    db = sqlite3.connect(tmp_path / "store" / "progress.sqlite3")
    chosen = db.execute(
        "SELECT response, chosen, chosen_numbers FROM attempts WHERE question_id = 'cost'"
    ).fetchone()
    db.close()
    assert chosen == ("3", '["12.5 million pounds"]', "[3]")


def test_titles_before_a_name_in_a_run(tmp_path: Path) -> None:
    stdin = ":skip\n" * 6 + "Harbour Master Morag Campbell\n:quit\n"
    out = play(stdin=stdin, data=tmp_path).stdout
    assert "✓ Right" in out.split("Question 7 of 9")[1]


# -- 10. the command line and the README -------------------------------------------------------


def test_help_and_usage_errors(tmp_path: Path) -> None:
    assert "--data-dir DIR" in quiz("--help", data=tmp_path).stdout
    result = quiz("play", str(HONEST), "--json", data=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: quiz play")
    assert "quiz play: error: --json needs --plain" in result.stderr


def test_the_readme_says_which_python() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Python 3.11 or newer" in readme


@pytest.mark.parametrize("flag", ["--hints", "--open-book"])
def test_book_flags_are_in_the_help(tmp_path: Path, flag: str) -> None:
    assert flag in quiz("play", "--help", data=tmp_path).stdout
