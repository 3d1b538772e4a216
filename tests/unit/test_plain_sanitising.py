"""Line mode writes bank, article and typed text only through its one sanitising `say` (and
the JSON document through textsafe.json_dumps): no raw control character reaches the stream."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from quiz.cli import main

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "data" / "hostile"
SHIPPED = REPO / "questions" / "kuwait-nato.yaml"
PAYLOADS = ("\x1b]52;", "\x1b]2;", "\x1b[2J", "\x9b", "\x07")
# Any C0 control but newline, DEL, any C1: what must never be written raw.
RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def play(bank: Path, stdin: str, tmp_path: Path, *extra: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["play", str(bank), "--plain", "--seed", "1", "--data-dir", str(tmp_path), *extra],
        stdin=io.StringIO(stdin),
        stdout=out,
        stderr=err,
    )
    return code, out.getvalue(), err.getvalue()


def assert_clean(text: str) -> None:
    for payload in PAYLOADS:
        assert payload not in text
    assert RAW_CONTROL.search(text) is None, repr(RAW_CONTROL.search(text))


PROBLEM_LINE = re.compile(r"^\S+:\d+:\d+: (error|warning): ")


def refused_cleanly(code: int, out: str, err: str) -> bool:
    """The bank loader refuses control characters in a bank: one clean `path:line:col` line
    per problem then, and nothing on stdout."""
    lines = err.strip().splitlines()
    return code == 1 and not out and bool(lines) and all(PROBLEM_LINE.match(x) for x in lines)


@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["plain", "json"])
def test_a_hostile_bank_is_refused_or_played_neutralised(tmp_path: Path, extra: tuple) -> None:
    code, out, err = play(HOSTILE / "bank.yaml", "?\n1998\n1\n1, 2\nthe mayor\n", tmp_path, *extra)
    assert_clean(out)
    assert_clean(err)
    if refused_cleanly(code, out, err):
        return
    assert code == 0, err
    shown = err if extra else out
    assert "Hostile␛]2;pwned-title␇ bank" in shown  # the payload is visible, and inert
    assert "<U+009B>31m" in shown
    if extra:
        document = json.loads(out)
        assert document["title"] == "Hostile\x1b]2;pwned-title\x07 bank\x1b]52;c;aGFja2Vk\x07"
        assert "\\u009b" in out  # C1 escaped in the JSON text, not written raw


@pytest.mark.parametrize("extra", [(), ("--json",)], ids=["plain", "json"])
def test_the_articles_controls_never_reach_the_stream(tmp_path: Path, extra: tuple) -> None:
    code, out, err = play(HOSTILE / "article-bank.yaml", "1998\n12\ns\n", tmp_path, *extra)
    assert_clean(out)
    assert_clean(err)
    if refused_cleanly(code, out, err):  # a reader that refuses such articles is fine too
        return
    assert code == 0, err
    shown = err if extra else out
    assert "The harbour␛]52;c;aGFja2Vk␇ «opened in 1998»" in shown
    if extra:
        document = json.loads(out)
        sentence = document["answers"][0]["citation"]["sentence"]
        assert "\x1b]52;" in sentence  # the data is kept; only its writing is escaped


def test_typed_controls_are_shown_inert_in_the_review_and_the_json(tmp_path: Path) -> None:
    # Exam mode repeats every answer in the review; --json carries every response.
    typed = "\x1b]52;c;aGFja2Vk\x07 \x1b]2;pwned\x07 \x1b[2J \x9b31m"
    code, out, err = play(
        SHIPPED, f"{typed}\n:quit\n", tmp_path, "--mode", "exam", "--limit", "1", "--json"
    )
    assert code == 0, err
    assert_clean(out)
    assert_clean(err)
    document = json.loads(out)
    assert document["answers"][0]["response"] == typed
    assert "You said: ␛]52;c;aGFja2Vk␇ ␛]2;pwned␇ ␛[2J <U+009B>31m" in err


def test_a_problem_line_naming_a_hostile_file_name_is_printed_inert(tmp_path: Path) -> None:
    # The problem line names the file: a file name is text from outside too.
    bank = tmp_path / "bro\x1b]2;pwned-title\x07ken.yaml"
    text = (HOSTILE / "article-bank.yaml").read_text()
    bank.write_text(
        text.replace("cite: opened in 1998", "cite: not in the article at all").replace(
            "path: article.txt", f"path: {HOSTILE / 'article.txt'}"
        )
    )
    code, _out, err = play(bank, "", tmp_path)
    assert code == 1
    assert_clean(err)
    assert "bro␛]2;pwned-title␇ken.yaml:" in err
