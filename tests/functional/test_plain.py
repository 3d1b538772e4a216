"""`quiz play --plain`: the line-mode front end, end to end."""

from __future__ import annotations

import io
import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from answers import right, wrong
from paths import SHIPPED

if TYPE_CHECKING:
    from conftest import RunQuiz

from quiz.bank.load import load_bank
from quiz.bank.model import KINDS, Question
from quiz.cli import main
from quiz.session import Session, SessionConfig

BANK = SHIPPED


def play(*argv: str, stdin: str = "", data_dir: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["play", *argv, "--plain", "--data-dir", str(data_dir)],
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def presented(seed: int) -> list[tuple[Question, tuple[str, ...]]]:
    session = Session(load_bank(BANK).questions, SessionConfig(seed=seed))
    return [(p.question, p.options) for p in session.presented]


def test_json_run_of_the_shipped_bank_right_wrong_and_partial(
    tmp_path: Path, run_quiz: RunQuiz
) -> None:
    """The whole shipped bank, every kind, in a real `quiz` process."""
    shown = presented(seed=7)
    lines: list[str] = []
    expected_credit: dict[str, float] = {}
    for i, (q, options) in enumerate(shown):
        if i % 3 == 0:
            lines.append(right(q, options))
            expected_credit[q.id] = 1.0
        elif i % 3 == 1:
            lines.append(wrong(q, options))
            expected_credit[q.id] = 0.0
        else:  # partial: the right answer after taking the hint (halved), or hint-less right
            lines += ["?", right(q, options)]
            expected_credit[q.id] = 0.5 if q.hint else 1.0
    result = run_quiz(
        "play",
        str(BANK),
        "--plain",
        "--json",
        "--seed",
        "7",
        "--data-dir",
        str(tmp_path),
        input="\n".join(lines) + "\n",
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)  # stdout is exactly one JSON document
    assert doc["bank"] == "kuwait-nato" and doc["mode"] == "practice" and doc["seed"] == 7
    assert len(doc["answers"]) == len(shown) == len(load_bank(BANK).questions)
    assert {answer["kind"] for answer in doc["answers"]} == set(KINDS)
    for answer in doc["answers"]:
        assert set(answer) >= {
            "id",
            "kind",
            "response",
            "credit",
            "correct",
            "expected",
            "reason",
            "citation",
        }
        assert answer["credit"] == pytest.approx(expected_credit[answer["id"]]), answer
        assert answer["correct"] == (answer["credit"] == 1)
        if answer["kind"] == "claim" and answer["expected"] == "not-in-source":
            assert answer["citation"] is None
        else:
            c = answer["citation"]
            assert c["paragraph"] >= 1 and c["sentence"] and c["quote"]
    total = sum(expected_credit[q.id] * q.points for q, _ in shown)
    assert doc["score"] == pytest.approx(total)
    assert doc["max_score"] == pytest.approx(sum(q.points for q, _ in shown))
    assert doc["percent"] == round(100 * total / doc["max_score"], 1)  # one decimal
    # Prompts went to stderr, so a script reading stdout sees JSON only.
    assert "Question 1 of" in result.stderr


def test_practice_feedback_shows_verdict_answer_and_marked_citation(tmp_path: Path) -> None:
    ((q, _),) = presented(seed=3)[:1]
    code, out, _ = play(
        str(BANK), "--seed", "3", "--limit", "1", stdin="Nobody at all\n", data_dir=tmp_path
    )
    assert code == 0
    assert "✗ Wrong" in out
    assert f"Answer: {q.expected}" in out
    assert "Source, paragraph" in out and "«" in out and "»" in out


def test_invalid_answers_are_asked_again(tmp_path: Path) -> None:
    shown = presented(seed=1)
    index = next(i for i, (q, _) in enumerate(shown) if q.kind == "choice")
    q, options = shown[index]
    code, out, _ = play(
        str(BANK),
        "--seed",
        "1",
        data_dir=tmp_path,
        stdin=":skip\n" * index + "\n99\n" + right(q, options) + "\n",
    )
    assert code == 0
    assert out.count("Not an answer") >= 2
    assert "✓ Right" in out


def test_end_of_input_ends_cleanly_with_what_was_answered(tmp_path: Path) -> None:
    q, options = presented(seed=5)[0]
    code, out, err = play(
        str(BANK), "--seed", "5", "--json", stdin=right(q, options) + "\n", data_dir=tmp_path
    )
    assert code == 0
    doc = json.loads(out)
    assert [a["id"] for a in doc["answers"]] == [q.id]
    assert len(doc["unanswered"]) == len(presented(seed=5)) - 1
    assert "Traceback" not in err


def test_exam_mode_withholds_feedback_until_the_end(tmp_path: Path) -> None:
    shown = presented(seed=2)[:2]
    stdin = "".join(right(q, o) + "\n" for q, o in shown)
    code, out, _ = play(
        str(BANK), "--seed", "2", "--mode", "exam", "--limit", "2", stdin=stdin, data_dir=tmp_path
    )
    assert code == 0
    before_review = out.split("Review")[0]
    assert "✓" not in before_review and "Source, paragraph" not in before_review
    after = out.split("Review")[1]
    assert after.count("✓ Right") == 2
    assert "Score: " in after


def test_markup_in_banks_is_printed_as_typed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(
        "The [bold red]x[/] tag and [@click=app.quit] stay.\n", encoding="utf-8"
    )
    (tmp_path / "b.yaml").write_text(
        "bank: m\ntitle: '[bold]T[/]'\nsource: {path: a.txt}\nquestions:\n"
        "  - id: q\n    kind: text\n    prompt: 'What is [bold red]x[/]? [/'\n"
        "    answer: '[@click=app.quit]'\n    cite: '[@click=app.quit] stay'\n",
        encoding="utf-8",
    )
    code, out, _ = play(str(tmp_path / "b.yaml"), stdin="nope\n", data_dir=tmp_path)
    assert code == 0
    assert "What is [bold red]x[/]? [/" in out
    assert "«[@click=app.quit] stay»" in out


def test_unknown_bank_is_a_one_line_error(tmp_path: Path) -> None:
    code, _out, err = play("no-such-bank", data_dir=tmp_path)
    assert code == 1
    assert err.count("\n") == 1 and "known banks: kuwait-nato" in err


def test_a_bank_with_a_broken_cite_is_refused_before_any_question(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One sentence here.\n", encoding="utf-8")
    (tmp_path / "b.yaml").write_text(
        "bank: b\ntitle: B\nsource: {path: a.txt}\nquestions:\n"
        "  - id: q\n    kind: text\n    prompt: P\n    answer: x\n    cite: not there\n",
        encoding="utf-8",
    )
    code, out, err = play(str(tmp_path / "b.yaml"), stdin="x\n", data_dir=tmp_path)
    assert code == 1
    assert "Question 1" not in out
    assert f"{tmp_path / 'b.yaml'}:5:" in err and "quiz check" in err


def test_mistakes_mode_asks_only_what_was_missed(tmp_path: Path) -> None:
    shown = presented(seed=4)[:3]
    stdin = "".join((right if i != 1 else wrong)(q, o) + "\n" for i, (q, o) in enumerate(shown))
    play(str(BANK), "--seed", "4", "--limit", "3", stdin=stdin, data_dir=tmp_path)
    _code, out, _ = play(str(BANK), "--mode", "mistakes", "--json", data_dir=tmp_path)
    doc = json.loads(out)
    assert doc["mode"] == "mistakes"
    assert doc["unanswered"] == [shown[1][0].id]


def test_review_mode_asks_due_then_new_up_to_the_limit(tmp_path: Path) -> None:
    code, out, _ = play(str(BANK), "--mode", "review", "--json", data_dir=tmp_path)
    assert code == 0
    doc = json.loads(out)
    bank = load_bank(BANK)
    assert doc["unanswered"] == [q.id for q in bank.questions[:20]]  # new cards, bank order
    _code, out, _ = play(str(BANK), "--mode", "review", "--limit", "5", "--json", data_dir=tmp_path)
    assert len(json.loads(out)["unanswered"]) == 5


def test_sigkill_loses_no_answer_already_given(tmp_path: Path) -> None:
    shown = presented(seed=9)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quiz",
            "play",
            str(BANK),
            "--plain",
            "--seed",
            "9",
            "--data-dir",
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    assert proc.stdin and proc.stdout
    answered = 0
    for q, options in shown[:4]:
        proc.stdin.write(right(q, options) + "\n")
        proc.stdin.flush()
        answered += 1
        # Wait for the feedback of this answer: it is printed after the commit.
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if line.startswith(("✓", "◐", "✗")) or "Right" in line:
                break
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    db = sqlite3.connect(tmp_path / "progress.sqlite3")
    ids = [row[0] for row in db.execute("SELECT question_id FROM attempts ORDER BY id")]
    db.close()
    assert ids == [q.id for q, _ in shown[:answered]]
