"""The teacher's dashboard of `quiz serve`: where to join, who has joined, how far each
learner is and how they score, and each question's facility so far.

It runs the web server in its own event loop (quiz.serve.ClassServer) and reads the store
once a second on a worker thread (the store's WAL lets it read while the tabs write)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from quiz.errors import QuizError
from quiz.lesson import IDLE_MINUTES, LearnerProgress, QuestionFacility
from quiz.serve import POLL_SECONDS, Classroom
from quiz.textsafe import printable
from quiz.tui.core import CoreThread
from quiz.tui.screens.confirm import ConfirmScreen
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.footer import QuizFooter

STOP_QUESTION = (
    "Stop the lesson? Every tab is closed and open runs end as stopped; every answer is kept."
)
STATUS_WORDS = {"open": "in progress", "finished": "finished", "stopped": "stopped"}


class Dashboard(App[int]):
    CSS = """
    #dash-head { height: auto; padding: 1 1 0 1; }
    #dash-tables { height: 1fr; padding: 0 1; }
    #dash-tables > Vertical { width: 1fr; height: 1fr; }
    DataTable { height: 1fr; }
    .heading { margin-top: 1; text-style: bold; }
    """
    CSS_PATH = "quiz.tcss"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,ctrl+c", "request_stop", "Stop the lesson", priority=True),
        Binding("ctrl+q", "request_stop", show=False, priority=True),
    ]

    def __init__(self, room: Classroom) -> None:
        super().__init__()
        self.room = room
        self.core = CoreThread()
        self.stopped_runs: int | None = None
        self._stopping = False

    def compose(self) -> ComposeResult:
        assignment = self.room.assignment
        yield TitleBar(printable(assignment.title, newlines=False), "quiz serve")
        yield Static(self._head(), id="dash-head")
        with Horizontal(id="dash-tables"):
            with Vertical():
                yield Static(Content("Learners"), classes="heading")
                yield Static(Content("0 joined"), id="dash-count")
                yield DataTable(id="learners", cursor_type="row", zebra_stripes=True)
            with Vertical():
                yield Static(Content("Questions (facility so far)"), classes="heading")
                yield DataTable(id="questions", cursor_type="row", zebra_stripes=True)
        yield QuizFooter()

    def _head(self) -> Content:
        room = self.room
        assignment = room.assignment
        code = room.code or "none: only this computer can join"
        extras = [
            word
            for word, on in (("hints", assignment.hints), ("open book", assignment.open_book))
            if on
        ]
        return Content.assemble(
            ("Open ", "$foreground-muted"),
            (room.address, "bold $text-accent"),
            ("   Code ", "$foreground-muted"),
            (code, "bold"),
            "\n",
            ("Class ", "$foreground-muted"),
            (printable(assignment.class_name, newlines=False), "bold"),
            ("   Mode ", "$foreground-muted"),
            (assignment.mode, "bold"),
            ("   Seed ", "$foreground-muted"),
            (str(assignment.seed), "bold"),
            (f"   {', '.join(extras)}" if extras else "", "$foreground-muted"),
            "\n",
            (
                f"Idle tabs close after {assignment.idle_seconds / 60:g} minutes"
                f" (default {IDLE_MINUTES}); joining again with the same name carries on.",
                "$foreground-muted",
            ),
        )

    async def on_mount(self) -> None:
        learners = self.query_one("#learners", DataTable)
        learners.add_columns("Name", "Status", "Progress", "Score")
        questions = self.query_one("#questions", DataTable)
        questions.add_columns("#", "Question", "Answers", "Facility")
        try:
            await self.room.server.start()
        except QuizError as exc:
            self.exit(1, message=str(exc))
            return
        await self._refresh()
        self.set_interval(POLL_SECONDS, self._tick, name="poll")

    def _tick(self) -> None:
        if not self._stopping:
            self.run_worker(self._refresh(), group="poll", exclusive=True)

    async def _refresh(self) -> None:
        learners, questions, _events = await self.core.call(self.room.watch.poll)
        self._show(learners, questions)

    def _show(self, learners: list[LearnerProgress], questions: list[QuestionFacility]) -> None:
        table = self.query_one("#learners", DataTable)
        table.clear()
        for learner in learners:
            status = STATUS_WORDS[learner.status]
            if learner.status == "open" and not learner.live:
                status = "away"
            percent = learner.percent
            table.add_row(
                printable(learner.name, newlines=False),
                status,
                f"{learner.answered} / {learner.total}",
                "-" if percent is None else f"{_points(learner.score)} ({percent:.0f}%)",
            )
        table = self.query_one("#questions", DataTable)
        table.clear()
        for q in questions:
            table.add_row(
                str(q.number),
                _clip(printable(q.prompt, newlines=False), 32),
                str(q.answers),
                "-" if q.facility is None else f"{100 * q.facility:.0f}%",
            )
        live = sum(1 for learner in learners if learner.live)
        finished = sum(1 for learner in learners if learner.status == "finished")
        self.query_one("#dash-count", Static).update(
            Content.assemble(
                (f"{len(learners)} joined", "bold"),
                (f"   {live} connected   {finished} finished", "$foreground-muted"),
            )
        )

    def action_request_stop(self) -> None:
        if self._stopping or isinstance(self.screen, ConfirmScreen):
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self._stopping = True
                self.run_worker(self._stop(), group="stop")

        self.push_screen(ConfirmScreen(STOP_QUESTION, yes="Yes, stop", no="No, go on"), decided)

    async def _stop(self) -> None:
        self.stopped_runs = await self.core.call(self.room.stop_lesson)
        await self.room.server.stop()
        self.exit(0)

    async def on_unmount(self) -> None:
        await self.room.server.stop()
        self.core.shutdown()


def _points(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def run_dashboard(room: Classroom) -> int:
    app = Dashboard(room)
    app.run()
    if app.stopped_runs is not None:
        runs = app.stopped_runs
        print(f"Lesson stopped: {runs} open run{'s' if runs != 1 else ''} ended as stopped.")
    return app.return_code or 0
