"""`quiz serve`: one assignment, served to a class in the browser through textual-serve.

Each browser tab gets its own process running the ordinary app, `quiz play --assignment FILE`
(the same QuizApp as `quiz play`, in a mode that offers only the join screen, the assignment
and its Results). This module is the glue around it, without Textual: the assignment file in
a private folder, the web server (textual-serve's `Server`, with a cap on live sessions), and
`LessonWatch`, which turns the store's class tables into the dashboard's figures and events.
The dashboard itself is `quiz.tui.dashboard`; `--plain` prints the events as lines instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shlex
import signal
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from aiohttp import web
from textual_serve.server import Server

from quiz.errors import Problem, QuizError
from quiz.lesson import (
    IDLE_MINUTES,
    Assignment,
    BadName,
    LearnerProgress,
    LessonBook,
    QuestionFacility,
    bank_version,
    clean_name,
    code_digest,
    new_code,
    open_lesson,
    progress,
    snapshot,
    stop_lesson,
    utc_now,
)
from quiz.locations import Paths
from quiz.runs import start_run
from quiz.store import Store
from quiz.textsafe import first_control, printable

if TYPE_CHECKING:
    from quiz.bank.model import Bank
    from quiz.session import SessionConfig

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_CODE = 40
FULL_PAGE = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Class full</title></head>"
    "<body style='font-family: sans-serif; background: #0c181f; color: #eee; padding: 3em'>"
    "<h1>This class is full</h1><p>{count} students are already in. Ask your teacher, then"
    " reload this page.</p></body></html>"
)


@dataclass(frozen=True, slots=True)
class _Usage(Problem):
    """A problem with the command, not a file: `quiz serve: error: --code: ...`."""

    def __str__(self) -> str:
        return f"quiz serve: {self.severity}: {self.path}: {self.message}"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    bank_path: Path
    config: SessionConfig
    paths: Paths  # the store every tab writes to, and the bank cache
    class_name: str | None = None
    code: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000
    max_students: int = 60
    hints: bool = False
    open_book: bool = False
    idle_minutes: float = IDLE_MINUTES


def check_code(code: str) -> str:
    code = code.strip()
    if not code or len(code) > MAX_CODE or first_control(code, allow="") is not None:
        raise QuizError(_Usage("--code", 0, 0, f"a code is 1 to {MAX_CODE} printable characters"))
    return code


# --- the web server -----------------------------------------------------------------------


class ClassServer(Server):
    """textual-serve's Server, run inside an event loop we own (the dashboard's), with at
    most `max_sessions` tabs at once and its log in a file rather than on the terminal that
    shows the dashboard.

    `_make_app` is textual-serve's own (private); textual-serve is pinned exactly and
    tests/unit/test_serve_canary.py fails loudly if it goes."""

    def __init__(
        self,
        command: str,
        *,
        host: str,
        port: int,
        title: str,
        max_sessions: int,
        log_path: Path,
    ) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.max_sessions = max_sessions
        self.live = 0
        self.refused = 0
        self.log_path = log_path
        self._runner: web.AppRunner | None = None

    def initialize_logging(self) -> None:
        logger = logging.getLogger("textual-serve")
        logger.handlers[:] = [logging.FileHandler(self.log_path, encoding="utf-8")]
        logger.setLevel(logging.INFO)
        logger.propagate = False
        for name in ("aiohttp.access", "aiohttp.server", "aiohttp.web"):
            quiet = logging.getLogger(name)
            quiet.handlers[:] = [logging.FileHandler(self.log_path, encoding="utf-8")]
            quiet.propagate = False

    async def on_startup(self, app: web.Application) -> None:
        """textual-serve prints its banner here; the dashboard shows the address instead."""

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        if self.live >= self.max_sessions:
            return web.Response(
                text=FULL_PAGE.format(count=self.live), status=503, content_type="text/html"
            )
        return await super().handle_index(request)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:  # type: ignore[override]
        if self.live >= self.max_sessions:
            self.refused += 1
            return web.Response(text="This class is full.", status=503)
        self.live += 1
        try:
            return await super().handle_websocket(request)
        finally:
            self.live -= 1

    async def start(self) -> None:
        self.initialize_logging()
        app = await self._make_app()
        runner = web.AppRunner(app, handle_signals=False, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await runner.cleanup()
            raise QuizError(
                _Usage(f"{self.host}:{self.port}", 0, 0, f"cannot serve here ({exc.strerror})")
            ) from exc
        self._runner = runner

    async def stop(self) -> None:
        """Close every tab (each app is told to quit) and stop listening."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            # Each tab's handler ends once its app has quit: wait for them (bounded).
            for _ in range(100):
                if self.live == 0:
                    break
                await asyncio.sleep(0.1)


# --- the lesson -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Event:
    kind: str  # joined, answered, finished, left, back, stopped
    name: str
    text: str  # the line --plain prints (names already made printable)


class LessonWatch:
    """The dashboard's view of the store: progress per learner, facility per question, and
    what changed since the last look."""

    def __init__(
        self, store: Store, book: LessonBook, assignment: Assignment, bank: Bank, order: list[str]
    ) -> None:
        self.store = store
        self.book = book
        self.assignment = assignment
        self.bank = bank
        self.order = order
        self._last: dict[str, LearnerProgress] = {}

    def poll(
        self, now: datetime | None = None
    ) -> tuple[list[LearnerProgress], list[QuestionFacility], list[Event]]:
        seen = snapshot(self.store, self.book, self.assignment, now or utc_now())
        learners, questions = progress(seen, self.bank, self.order)
        events: list[Event] = []
        for learner in learners:
            name = printable(learner.name, newlines=False)
            before = self._last.get(learner.name)
            if before is None:
                events.append(Event("joined", learner.name, f"joined: {name}"))
                before = replace(learner, answered=0, live=True, status="open")
            if learner.answered > before.answered:
                events.append(
                    Event(
                        "answered",
                        learner.name,
                        f"answered: {name} {learner.answered}/{learner.total}"
                        f" score {_points(learner.score)} of {_points(learner.max_score)}",
                    )
                )
            if learner.status != before.status and learner.status != "open":
                events.append(
                    Event(
                        learner.status,
                        learner.name,
                        f"{learner.status}: {name} {_points(learner.score)}"
                        f" of {_points(learner.max_score)}",
                    )
                )
            elif learner.status == "open" and learner.live != before.live:
                kind = "back" if learner.live else "left"
                events.append(Event(kind, learner.name, f"{kind}: {name}"))
        self._last = {learner.name: learner for learner in learners}
        return learners, questions, events


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass
class Classroom:
    """Everything `quiz serve` set up: the assignment file, the server, the watch."""

    options: ServeOptions
    assignment: Assignment
    server: ClassServer
    watch: LessonWatch
    folder: tempfile.TemporaryDirectory[str]
    code: str | None

    @property
    def address(self) -> str:
        host = self.options.host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{self.options.port}/"

    def stop_lesson(self) -> int:
        """Open runs become `stopped`; every answer stays."""
        return stop_lesson(self.watch.store, self.watch.book, self.assignment, utc_now())

    def close(self) -> None:
        self.watch.book.close()
        self.watch.store.close()
        self.folder.cleanup()


def set_up(options: ServeOptions) -> Classroom:
    """Load and check the bank (as a run would), open the lesson in the store, write the
    assignment file, build the server. Raises QuizError for a bank that cannot be played."""
    config = options.config
    if config.mode not in ("practice", "exam"):
        raise QuizError(_Usage("--mode", 0, 0, "a class takes practice or exam mode"))
    code = options.code
    if code is not None:
        code = check_code(code)
    elif options.host not in LOCAL_HOSTS:
        code = new_code()  # anyone on the network can reach the page: it needs a code
    # The teacher's own look at the run every student gets: same seed, so same questions,
    # order and options. It also refuses a bank with a broken cite before anyone joins.
    run = start_run(options.bank_path, config, None, cache=options.paths.cache)
    bank = run.bank
    order = [p.question.id for p in run.session.presented]
    if not order:
        raise QuizError(_Usage("--tag", 0, 0, "no questions match the --tag and --limit given"))
    try:
        class_name = clean_name(options.class_name or bank.slug)
    except BadName as exc:
        raise QuizError(_Usage("--class", 0, 0, str(exc))) from exc
    store = Store(options.paths.store)  # creates the store if it is new
    book = LessonBook(options.paths.store)
    version = bank_version(options.bank_path)
    settings: dict[str, object] = {
        "shuffle": config.shuffle,
        "limit": config.limit,
        "tags": list(config.tags),
        "time_limit": config.time_limit,
        "hints": options.hints,
        "open_book": options.open_book,
        "bank_hash": bank.content_hash,
    }
    lesson_id = open_lesson(
        store, book, class_name, bank.slug, config.mode, config.seed, settings, utc_now()
    )
    folder = tempfile.TemporaryDirectory(prefix="quiz-serve-")  # mode 0700
    salt = new_code()
    assignment = Assignment(
        bank_path=str(options.bank_path.resolve()),
        bank_version=version,
        class_name=class_name,
        lesson_id=lesson_id,
        store_path=str(options.paths.store.resolve()),
        title=bank.title,
        mode=config.mode,
        seed=config.seed,
        shuffle=config.shuffle,
        limit=config.limit,
        tags=config.tags,
        time_limit=config.time_limit,
        hints=options.hints,
        open_book=options.open_book,
        code_salt=salt,
        code_digest=None if code is None else code_digest(code, salt),
        idle_seconds=options.idle_minutes * 60,
        cache=None if options.paths.cache is None else str(options.paths.cache),
    )
    folder_path = Path(folder.name)
    assignment_path = folder_path / "assignment.json"
    assignment.write(assignment_path)
    log_path = folder_path / "serve.log"
    command = (
        shlex.join([sys.executable, "-m", "quiz", "play", "--assignment", str(assignment_path)])
        # A tab's errors go to the log: textual-serve would print them over the dashboard.
        + f" 2>>{shlex.quote(str(log_path))}"
    )
    server = ClassServer(
        command,
        host=options.host,
        port=options.port,
        title=f"factquiz: {printable(bank.title, newlines=False)}",
        max_sessions=options.max_students,
        log_path=log_path,
    )
    watch = LessonWatch(store, book, assignment, bank, order)
    return Classroom(options, assignment, server, watch, folder, code)


# --- --plain: one line per event ----------------------------------------------------------


POLL_SECONDS = 1.0


def serve_plain(room: Classroom, out: TextIO, stdin: TextIO | None = None) -> int:
    """Serve until Ctrl+C or `q` (each asks first), printing one line per event."""
    return asyncio.run(_serve_plain(room, out, stdin or sys.stdin))


async def _serve_plain(room: Classroom, out: TextIO, stdin: TextIO) -> int:
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str | None] = asyncio.Queue()

    def read_lines() -> None:
        for line in stdin:
            loop.call_soon_threadsafe(lines.put_nowait, line.strip())
        loop.call_soon_threadsafe(lines.put_nowait, None)

    interrupted = asyncio.Event()
    terminated = asyncio.Event()
    with contextlib.suppress(NotImplementedError):
        loop.add_signal_handler(signal.SIGINT, interrupted.set)
        loop.add_signal_handler(signal.SIGTERM, terminated.set)
    await room.server.start()
    say = _printer(out)
    say(f"serving {printable(room.assignment.title, newlines=False)} on {room.address}")
    say(f"class {printable(room.assignment.class_name, newlines=False)}")
    say(f"code {room.code}" if room.code else "code none (only this computer can join)")
    say("type q and Enter (or press Ctrl+C) to stop")
    threading.Thread(target=read_lines, daemon=True, name="quiz-serve-stdin").start()
    confirming = False
    reading = True  # stdin still open
    ask = "stop the lesson? open runs end as stopped, every answer is kept [y/N]"
    try:
        while not terminated.is_set():  # SIGTERM stops at once, as a confirmed stop would
            _, _, events = await asyncio.to_thread(room.watch.poll)
            for event in events:
                say(event.text)
            waits = {
                asyncio.ensure_future(interrupted.wait()): "interrupt",
                asyncio.ensure_future(terminated.wait()): "terminate",
            }
            if reading:
                waits[asyncio.ensure_future(lines.get())] = "line"
            done, pending = await asyncio.wait(
                waits, timeout=POLL_SECONDS, return_when="FIRST_COMPLETED"
            )
            for task in pending:
                task.cancel()
            what = {waits[task]: task for task in done}
            if "terminate" in what:
                break
            if "interrupt" in what:
                interrupted.clear()
                if confirming:
                    break  # a second Ctrl+C: stop without asking again
                confirming = True
                say(ask)
            elif "line" in what:
                line = what["line"].result()
                if line is None:
                    reading = False  # no terminal to read from: only Ctrl+C or SIGTERM stop
                elif confirming:
                    confirming = False
                    if line.lower() in ("y", "yes"):
                        break
                    say("carrying on")
                elif line.lower() in ("q", "quit", "stop"):
                    confirming = True
                    say(ask)
    finally:
        stopped = await asyncio.to_thread(room.stop_lesson)
        await room.server.stop()
        _, _, events = await asyncio.to_thread(room.watch.poll)
        for event in events:
            say(event.text)
        say(f"stopped: {stopped} open run{'s' if stopped != 1 else ''} ended as stopped")
    return 0


def _printer(out: TextIO) -> Callable[[str], None]:
    def say(text: str) -> None:
        stamp = datetime.now().strftime("%H:%M:%S")
        print(f"{stamp} {text}", file=out, flush=True)

    return say


def serve_args(args: Any) -> dict[str, Any]:
    """The keyword arguments of ServeOptions from `quiz serve`'s parsed arguments."""
    return {
        "class_name": args.class_name,
        "code": args.code,
        "host": args.host,
        "port": args.port,
        "max_students": args.max_students,
        "hints": args.hints,
        "open_book": args.open_book,
        "idle_minutes": args.idle_minutes,
    }
