"""Hostile text and hostile streams, end to end through the `quiz` command.

Terminal escape payloads in a bank and in its article (tests/data/hostile) never reach the
terminal raw: in line mode, in its JSON, and in the Textual app run in a real pty. Closed and
broken streams end the command without a traceback and keep every answer given. The recovery
advice of docs/progress.md keeps the answers still in the -wal file of a killed quiz.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from quiz.store import Store
from quiz.textsafe import printable

REPO = Path(__file__).resolve().parents[2]
HOSTILE = REPO / "tests" / "data" / "hostile"
SHIPPED = REPO / "questions" / "kuwait-nato.yaml"
PAYLOADS = (b"\x1b]52;", b"\x1b]2;", b"\x1b[2J", b"\xc2\x9b", b"\x9b31m")
RAW_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]")
SLUG = "kuwait-nato"


def quiz(*argv: str, data: Path, stdin: bytes = b"", shell_redirect: str = "") -> tuple:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZ_DATA_DIR": str(data)}
    if shell_redirect:
        command = " ".join([sys.executable, "-m", "quiz", *map(_quote, argv), shell_redirect])
        done = subprocess.run(
            ["bash", "-c", command], input=stdin, capture_output=True, env=env, timeout=60
        )
    else:
        done = subprocess.run(
            [sys.executable, "-m", "quiz", *argv],
            input=stdin,
            capture_output=True,
            env=env,
            timeout=60,
        )
    return done.returncode, done.stdout, done.stderr


def _quote(word: str) -> str:
    return "'" + word.replace("'", "'\\''") + "'"


def attempts(data: Path, slug: str = SLUG) -> int:
    with Store(data / "progress.sqlite3", read_only=True) as store:
        return store.bank_stats(slug, _now()).attempts


def _now():
    from datetime import UTC, datetime

    return datetime.now(UTC)


def assert_inert(data: bytes) -> None:
    for payload in PAYLOADS:
        assert payload not in data, payload
    assert RAW_CONTROL.search(data) is None, RAW_CONTROL.search(data)


PROBLEM = re.compile(rb"^\S+:\d+:\d+: (error|warning): ")


# --- line mode ------------------------------------------------------------------------------


@pytest.mark.parametrize("bank", ["bank.yaml", "article-bank.yaml"])
@pytest.mark.parametrize("json_mode", [False, True], ids=["plain", "json"])
def test_line_mode_writes_no_payload(tmp_path: Path, bank: str, json_mode: bool) -> None:
    extra = ["--json"] if json_mode else []
    code, out, err = quiz(
        "play",
        str(HOSTILE / bank),
        "--plain",
        "--seed",
        "1",
        *extra,
        data=tmp_path,
        stdin=b"?\n1998\n12\n1\n1, 2\ns\nthe mayor\n",
    )
    assert_inert(out)
    assert_inert(err)
    assert b"Traceback" not in err
    if code == 1 and not out and err and all(PROBLEM.match(x) for x in err.splitlines()):
        return  # the loader refused the control characters: one `path:line:col` line each
    assert code == 0, err
    if json_mode:
        document = json.loads(out)
        assert document["answered"] >= 1
    shown = err if json_mode else out
    assert "␛]".encode() in shown  # the payloads are there to read, inert


def test_typed_payloads_are_inert_in_line_mode(tmp_path: Path) -> None:
    typed = b"\x1b]52;c;aGFja2Vk\x07\x1b]2;pwned\x07\x1b[2J\xc2\x9b31m"
    code, out, err = quiz(
        "play", str(SHIPPED), "--plain", "--json", "--mode", "exam", "--seed", "1",
        "--limit", "1", data=tmp_path, stdin=typed + b"\n",
    )  # fmt: skip
    assert code == 0, err
    assert_inert(out)
    assert_inert(err)
    assert json.loads(out)["answers"][0]["response"] == typed.decode()


# --- the Textual app in a real terminal -------------------------------------------------------


def run_in_pty(argv: list[str], keys: list[tuple[bytes, str]], data: Path) -> bytes:
    """Run `quiz` on a pty (100x30), send each key once `marker` has shown, return every byte
    the app wrote to its terminal."""
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "QUIZ_DATA_DIR": str(data),
        "TERM": "xterm-256color",
        "TEXTUAL_ANIMATIONS": "none",
    }
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", *argv],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    since = 0  # markers are looked for in what was written after the last key

    def read_until(marker: str, timeout: float = 30.0) -> None:
        nonlocal seen
        deadline = time.monotonic() + timeout
        while marker.encode() not in _visible(seen[since:]):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{marker!r} never shown; tail: {_visible(seen)[-400:]!r}")
            ready, _, _ = select.select([master], [], [], min(left, 0.5))
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    raise AssertionError("the app ended early") from None

    try:
        for key, marker in keys:
            read_until(marker)
            time.sleep(0.2)  # let the screen settle, so the key reaches the widget shown
            since = len(seen)
            os.write(master, key)
        deadline = time.monotonic() + 20
        while proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                with contextlib.suppress(OSError):
                    seen += os.read(master, 65536)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        os.close(master)
    return seen


_ESCAPES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]"
)


def _visible(data: bytes) -> bytes:
    return re.sub(rb"\s+", b" ", _ESCAPES.sub(b"", data))


def assert_no_injected(data: bytes) -> None:
    # The app's own sequences are fine; the bank's and the article's payloads are not.
    assert b"\x1b]52;" not in data  # a clipboard write (the app itself never writes one here)
    assert b"\x1b]2;pwned" not in data  # the window title
    assert b"storm.\x1b[2J" not in data and b"\x1b[2J It has" not in data
    assert "\x9b".encode() not in data  # a raw C1 CSI, UTF-8 encoded
    assert "\x9b" not in data.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform != "linux", reason="a Linux pty")
def test_the_app_writes_no_injected_sequence(tmp_path: Path) -> None:
    # A hostile article is refused in one clean line per problem, however long its path: the
    # line is not folded to the terminal's width (a copied error must stay one line).
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    for name in ("article-bank.yaml", "article.txt"):
        (deep / name).write_bytes((HOSTILE / name).read_bytes())
    refused = run_in_pty(["play", str(deep / "article-bank.yaml"), "--seed", "1"], [], tmp_path)
    line = next(x for x in refused.split(b"\r\n") if b"control character U+001B" in x)
    assert line.endswith(b"remove it") and b"article.txt:1:15: error:" in line
    assert_no_injected(refused)
    # A bracketed paste whose text carries payloads: the answer box must not echo them.
    clean = tmp_path / "clean"
    clean.mkdir()
    article = (HOSTILE / "article.txt").read_text(encoding="utf-8")
    (clean / "article.txt").write_text(printable(article), encoding="utf-8")
    (clean / "bank.yaml").write_bytes((HOSTILE / "article-bank.yaml").read_bytes())
    paste = "\x1b[200~12\x1b]52;c;aGk=\x07\x1b]2;pwned\x07\x9b\x1b[201~".encode()
    seen = run_in_pty(
        ["play", str(clean / "bank.yaml"), "--seed", "1"],
        [
            (b"1998\r", "When did the harbour open"),
            (b"s", "Source · paragraph"),  # the whole article
            (b"\x1b", "cited by a question"),  # back to the feedback
            (b"\r", "Source · paragraph"),  # next question
            (paste, "How many berths"),
            (b"\r", "pwned"),  # the paste, shown without its controls
            (b"\x11", "not several"),  # 12, 52, 2: not an answer; ctrl+q
            (b"y", "Quit?"),
        ],
        tmp_path,
    )
    assert "␛]52;".encode() in seen  # the article's (neutralised) payload is shown as text
    assert_no_injected(seen)
    assert attempts(tmp_path, "hostile-article") == 1


@pytest.mark.skipif(sys.platform != "linux", reason="a Linux pty")
def test_the_app_with_a_hostile_bank_writes_no_injected_sequence(tmp_path: Path) -> None:
    seen = (
        run_in_pty(
            ["play", str(HOSTILE / "bank.yaml"), "--seed", "1"],
            [
                (b"?\r", "When did the harbour open"),  # the hint
                (b"1998\r", "Late nineties"),
                (b"\x11", "Explanation"),  # ctrl+q on the feedback
                (b"y", "Quit?"),
            ],
            tmp_path,
        )
        if _bank_loads()
        else b""
    )
    assert_no_injected(seen)


def _bank_loads() -> bool:
    from quiz.bank.load import load_bank
    from quiz.errors import QuizError

    try:
        load_bank(HOSTILE / "bank.yaml")
    except QuizError:
        return False  # refused by the loader: then nothing of it can reach the terminal
    return True


def wait_for(proc: subprocess.Popen, marker: bytes, timeout: float = 30.0) -> None:
    """Read the child's stdout until `marker`, within `timeout` seconds."""
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0.0, min(left, 0.5)))
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                raise AssertionError(f"{marker!r} never came; the quiz ended: {seen[-300:]!r}")
            seen += chunk
        elif left <= 0:
            proc.kill()
            raise AssertionError(f"{marker!r} never came: {seen[-300:]!r}")


# --- streams --------------------------------------------------------------------------------


def test_a_reader_that_goes_away_ends_the_run_quietly_keeping_the_answers(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZ_DATA_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", "play", str(SHIPPED), "--plain", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin and proc.stdout and proc.stderr
    proc.stdin.write(b":skip\n")
    proc.stdin.flush()
    wait_for(proc, b"Question 2 of")
    proc.stdout.close()  # `| head`: the reader is gone
    with contextlib.suppress(BrokenPipeError):
        proc.stdin.write(b":skip\n" * 5)
        proc.stdin.close()
    assert proc.wait(timeout=30) == 141
    assert proc.stderr.read() == b""
    assert attempts(tmp_path) >= 1


@pytest.mark.parametrize(
    "argv",
    [["check", str(SHIPPED), "--json"], ["stats", "--json"], ["play", "--plain", str(SHIPPED)]],
    ids=["check", "stats", "play"],
)
def test_head_dash_1(tmp_path: Path, argv: list[str]) -> None:
    code, _out, err = quiz(*argv, data=tmp_path, stdin=b"2004\n", shell_redirect="| head -c 1")
    # bash reports the pipeline's last command; PIPESTATUS is checked in the next test.
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert code == 0


def test_head_reports_141_for_quiz(tmp_path: Path) -> None:
    code, _out, err = quiz(
        "check", str(SHIPPED), "--json", "--coverage", data=tmp_path,
        shell_redirect="| head -c 1; exit ${PIPESTATUS[0]}",
    )  # fmt: skip
    assert code in (0, 141)  # 0 only if all of it fitted in the pipe before head left
    assert b"Traceback" not in err and b"Exception ignored" not in err


def test_stdout_on_dev_full_is_one_line_and_exit_1(tmp_path: Path) -> None:
    code, _, err = quiz("check", str(SHIPPED), data=tmp_path, shell_redirect=">/dev/full")
    assert code == 1
    assert err == b"quiz: error: cannot write to standard output (No space left on device)\n"


def test_stdout_closed(tmp_path: Path) -> None:
    code, _, err = quiz("stats", data=tmp_path, shell_redirect=">&-")
    assert code == 1
    assert err == b"quiz: error: cannot write to standard output (it is closed)\n"


def test_stdin_closed_ends_a_line_mode_run_at_once(tmp_path: Path) -> None:
    code, out, err = quiz(
        "play", str(SHIPPED), "--plain", "--seed", "1", data=tmp_path, shell_redirect="<&-"
    )
    assert code == 0, err
    assert b"Stopped after" in out
    assert err == b""


def test_stdin_closed_for_the_app_is_one_line(tmp_path: Path) -> None:
    code, _, err = quiz("play", str(SHIPPED), data=tmp_path, shell_redirect="<&-")
    assert code == 2
    assert err.count(b"\n") == 1 and b"needs a terminal" in err


def test_invalid_utf8_is_not_an_answer_and_the_answer_before_is_kept(tmp_path: Path) -> None:
    code, out, err = quiz(
        "play", str(SHIPPED), "--plain", "--seed", "1", data=tmp_path,
        stdin=b"2004\n\xff\xfe\x80\n:quit\n",
    )  # fmt: skip
    assert code == 0, err
    assert b"Traceback" not in err
    assert b"Not an answer: not readable text (the input was not UTF-8). Try again." in out
    assert attempts(tmp_path) == 1


# --- recovery after a kill ------------------------------------------------------------------


def _killed_mid_run(data: Path, answers: int) -> Path:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZ_DATA_DIR": str(data)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "quiz", "play", str(SHIPPED), "--plain", "--seed", "1"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert proc.stdin and proc.stdout
    proc.stdin.write(b":skip\n" * answers)  # a skip is recorded like an answer
    proc.stdin.flush()
    wait_for(proc, f"Question {answers + 1} of".encode())
    proc.kill()  # SIGKILL: no close, no checkpoint
    proc.wait(timeout=10)
    store = data / "progress.sqlite3"
    assert Path(f"{store}-wal").stat().st_size > 0  # the answers are in the -wal file
    return store


def test_moving_the_store_with_its_wal_keeps_the_answers(tmp_path: Path) -> None:
    store = _killed_mid_run(tmp_path / "data", answers=3)
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copy(store, alone / store.name)  # the old advice: the file on its own
    aside = tmp_path / "aside"
    aside.mkdir()
    for part in store.parent.glob("progress.sqlite3*"):  # the advice: mv progress.sqlite3* DIR
        shutil.move(part, aside / part.name)
    assert attempts(aside) == 3
    assert attempts(alone) == 0  # what the old advice lost


def test_any_quiz_command_then_folds_the_wal_in(tmp_path: Path) -> None:
    store = _killed_mid_run(tmp_path / "data", answers=2)
    code, _, err = quiz("play", str(SHIPPED), "--plain", data=tmp_path / "data", stdin=b":quit\n")
    assert code == 0, err
    assert Path(f"{store}-wal").stat().st_size == 0 if Path(f"{store}-wal").exists() else True
    moved = tmp_path / "moved"
    moved.mkdir()
    shutil.move(store, moved / store.name)  # now the file alone has every answer
    assert attempts(moved) == 2
