"""`quiz serve` in a real browser: Debian's chromium driven by playwright, three students in
three pages, one of them closing the tab midway and joining again.

The page draws the terminal on a canvas, so what the students see is kept as screenshots
(the join screen, a question, Results) in $QUIZ_TEST_ARTIFACTS or the test's tmp folder; the
test follows the lesson through the teacher's `--plain` lines and checks the store."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from quiz.runs import start_run
from quiz.session import Presented, SessionConfig

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
BANK = REPO / "tests" / "data" / "banks" / "harbour.yaml"
SEED = 7
LIMIT = 4  # questions in the lesson: the third is the multi, answered partly right by Cleo
CODE = "246810"
WAIT = 60.0  # seconds: the machine may be busy; every wait is bounded

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium"
    ),
]


class Teacher:
    """`quiz serve --plain` in a subprocess; its lines are read on a thread."""

    def __init__(self, data: Path, port: int) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(REPO),
            "QUIZ_CACHE_DIR": str(data / "cache"),
        }
        self.url = f"http://127.0.0.1:{port}/"
        self.data = data
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "quiz",
                "serve",
                str(BANK),
                "--plain",
                "--seed",
                str(SEED),
                "--limit",
                str(LIMIT),
                "--port",
                str(port),
                "--data-dir",
                str(data),
                "--class",
                "7B",
                "--code",
                CODE,
            ],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.lines: list[str] = []
        self._new: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))
            self._new.put(line)

    def wait_line(self, pattern: str, timeout: float = WAIT) -> str:
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for line in self.lines[seen:]:
                if regex.search(line):
                    return line
            seen = len(self.lines)
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no line {pattern!r}; got:\n" + "\n".join(self.lines))
            with contextlib.suppress(queue.Empty):
                self._new.get(timeout=min(left, 1.0))

    def say(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("QUIZ_TEST_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of the served lesson: {folder}")
    return folder


@pytest.fixture
def teacher(tmp_path: Path) -> Iterator[Teacher]:
    served = Teacher(tmp_path / "data", _free_port())
    try:
        served.wait_line(r"serving .* on http://127\.0\.0\.1")
        yield served
    finally:
        if served.proc.poll() is None:
            served.proc.terminate()
            served.proc.wait(timeout=WAIT)


Key = tuple[str, str]  # ("type", text) or ("press", key)


def keys_for(presented: Presented, how: str) -> list[Key]:
    """What a student presses to answer one question right, wrong or partly right."""
    q = presented.question
    options = list(presented.options)
    if q.kind in ("choice", "claim"):
        right = options.index(str(q.answer))
        pick = right if how in ("right", "partly") else (right + 1) % len(options)
        return [("type", str(pick + 1))]
    if q.kind == "multi":
        right = [i for i, o in enumerate(options) if o in q.answer]
        wrong = [i for i in range(len(options)) if i not in right]
        picks = {"right": right, "wrong": wrong, "partly": right[:1]}[how]
        return [("type", "".join(str(i + 1) for i in picks))]
    if q.kind == "order":
        target = list(q.answer or q.items)
        if how == "wrong":
            target.reverse()
        if how == "partly":
            return []  # as shown: some pairs in order
        keys: list[Key] = []
        order, here = list(options), 0
        for i, item in enumerate(target):
            j = order.index(item)
            keys += [("press", "ArrowDown" if j > here else "ArrowUp")] * abs(j - here)
            keys += [("type", "u")] * (j - i)
            order.insert(i, order.pop(j))
            here = i
        return keys
    typed = {
        "number": ("478", "5"),
        "date": ("April 2018", "May 1999"),
        "text": ("Morag Campbell", "Nobody at all"),
    }[q.kind]
    return [("type", typed[0] if how == "right" else typed[1])]


HOW = {  # per student, per question number: how they answer
    "Ada": ["right"] * LIMIT,
    "Bob": ["wrong"] * LIMIT,
    "Cleo": ["right", "wrong", "partly", "right"],
}


def test_three_students_in_three_pages(teacher: Teacher, artifacts: Path) -> None:
    from playwright.sync_api import sync_playwright

    run = start_run(BANK, SessionConfig(seed=SEED, limit=LIMIT), None)
    presented = run.session.presented
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1000, "height": 640})

        last_frame: dict[object, list[float]] = {}

        def quiet(page, still: float = 0.25, most: float = 10.0) -> None:
            """Wait until the page has had no terminal frame for `still` seconds (a blinking
            cursor repaints every 0.5 s), or `most` seconds at most."""
            deadline = time.monotonic() + most
            while time.monotonic() - last_frame[page][0] < still and time.monotonic() < deadline:
                page.wait_for_timeout(200)

        def open_tab(name: str, shot: str | None = None):
            page = context.new_page()
            frames = last_frame[page] = [0.0]  # when the page last got a terminal frame

            def on_socket(ws) -> None:
                ws.on("framereceived", lambda _payload: frames.__setitem__(0, time.monotonic()))

            page.on("websocket", on_socket)
            page.goto(teacher.url)
            page.wait_for_selector("body.-first-byte", timeout=WAIT * 1000)
            # Keys sent before the join screen has the focus would be lost: wait until the
            # app has drawn it and gone quiet.
            quiet(page, most=WAIT)
            if shot:
                page.screenshot(path=str(artifacts / shot))
            page.focus(".xterm-helper-textarea")  # the keyboard, without a click in the app
            page.keyboard.type(name)
            page.keyboard.press("Enter")
            page.keyboard.type(CODE)
            page.keyboard.press("Enter")
            return page

        def answer(page, name: str, number: int, shot: str | None = None) -> None:
            quiet(page)  # the student reads the question before answering
            for kind, value in keys_for(presented[number - 1], HOW[name][number - 1]):
                if kind == "type":
                    page.keyboard.type(value)
                else:
                    page.keyboard.press(value)
            if shot:
                quiet(page)
                page.screenshot(path=str(artifacts / shot))
            page.keyboard.press("Enter")
            teacher.wait_line(rf"answered: {name} {number}/{LIMIT}")
            page.keyboard.press("Enter")  # Next (Results after the last)

        pages = {
            "Ada": open_tab("Ada", "01-join.png"),
            "Bob": open_tab("Bob"),
            "Cleo": open_tab("Cleo"),
        }
        for name, page in pages.items():
            try:
                teacher.wait_line(rf"joined: {name}$")
            except AssertionError:
                page.screenshot(path=str(artifacts / f"failed-join-{name}.png"))
                raise
        quiet(pages["Ada"])
        pages["Ada"].screenshot(path=str(artifacts / "02-question.png"))
        for number in range(1, LIMIT + 1):
            for name, page in pages.items():
                if name == "Cleo" and number > 3:
                    continue
                if name == "Bob" and number > 3:
                    continue  # Bob is still at it when the teacher stops the lesson
                answer(page, name, number, "03-multi.png" if (name, number) == ("Ada", 3) else None)
            if number == 3:
                # Cleo closes her tab after three answers: her run stays open.
                pages["Cleo"].close()
                teacher.wait_line(r"left: Cleo$")
        again = open_tab("Cleo")
        teacher.wait_line(r"back: Cleo$")
        for number in range(4, LIMIT + 1):
            answer(again, "Cleo", number)
        for name in ("Ada", "Cleo"):
            teacher.wait_line(rf"finished: {name} ")
        quiet(pages["Ada"])
        pages["Ada"].screenshot(path=str(artifacts / "04-results.png"))
        browser.close()

    teacher.say("q")
    teacher.wait_line(r"stop the lesson\?")
    teacher.say("y")
    teacher.wait_line(r"stopped: Bob ")
    teacher.wait_line(r"stopped: 1 open run ended as stopped")
    assert teacher.proc.wait(timeout=WAIT) == 0
    for shot in ("01-join.png", "02-question.png", "03-multi.png", "04-results.png"):
        assert (artifacts / shot).stat().st_size > 1000

    from quiz.store import Store

    with Store(teacher.data / "progress.sqlite3") as store:
        runs = store.report_runs("7B")
    by_name = {r.learner: (r, attempts) for r, attempts in runs}
    assert sorted(by_name) == ["Ada", "Bob", "Cleo"]  # Cleo's rejoin carried on her one run
    assert len(runs) == 3
    credits = {name: [a.credit for a in attempts] for name, (_, attempts) in by_name.items()}
    assert credits["Ada"] == [1.0] * LIMIT
    assert credits["Bob"] == [0.0] * 3
    _, cleo = by_name["Cleo"]
    assert [a.number for a in cleo] == list(range(1, LIMIT + 1))
    multi = next(a for a in cleo if a.kind == "multi")
    assert 0 < multi.credit < 1 and multi.chosen is not None and len(multi.chosen) == 1
    assert [a.credit for a in cleo][:2] == [1.0, 0.0]
    for row, attempts in runs:
        assert row.finished is not None and row.class_name == "7B"  # Bob's: ended by the stop
        assert row.bank_hash and row.assignment_id == runs[0][0].assignment_id
        for a, p in zip(attempts, presented[: len(attempts)], strict=True):
            assert (a.prompt, a.options) == (p.question.prompt, p.options)  # as shown
            assert a.answered_at is not None and a.elapsed > 0
    _check_report(teacher.data, presented)


def _check_report(data: Path, presented: tuple[Presented, ...]) -> None:
    """`quiz report --json` on the lesson, once the classroom work provides it."""
    import importlib.util

    try:
        found = importlib.util.find_spec("quiz.report.command") is not None
    except ModuleNotFoundError:  # no quiz.report package at all
        found = False
    if not found:
        # Not a skip: everything else was checked. Said out loud, in the warnings summary.
        warnings.warn("quiz report is not in this branch yet: checked the store only", stacklevel=1)
        return
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "quiz",
            "report",
            "--json",
            "--class",
            "7B",
            "--data-dir",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=WAIT,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
    )
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["bank"] == "harbour-wall"
    students = {s["name"]: s for s in report["students"]}
    assert (students["Ada"]["status"], students["Ada"]["score"]) == ("finished", float(LIMIT))
    assert (students["Bob"]["status"], students["Bob"]["answered"]) == ("stopped", 3)
    assert students["Bob"]["score"] == 0.0 and students["Bob"]["max_score"] == float(LIMIT)
    assert students["Cleo"]["status"] == "finished" and 0 < students["Cleo"]["score"] < LIMIT
    assert all(s["class"] == "7B" for s in report["students"])
    assert [q["id"] for q in report["questions"]] == [p.question.id for p in presented]
