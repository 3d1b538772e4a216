"""One question: the prompt, the widget for its kind, hint, source, skip and quit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.text import clock, instructions, points
from quiz.tui.widgets.answers import Answered, AnswerInput, answer_widget
from quiz.tui.widgets.bars import RunStatus, TitleBar
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import Presented
    from quiz.tui.app import QuizApp

HINT_REQUEST = "?"  # typed alone in a text answer, asks for the hint (as in line mode)
LOW_TIME = 60.0  # seconds: the countdown turns to the warning colour


class QuestionScreen(Screen[None]):
    app: QuizApp

    # Letters work where the answer widget is a list; a text input takes letters as typing,
    # so Textual hides those from the footer there and the ctrl+ keys show instead.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("h,ctrl+t", "hint", "Hint", id="question.hint", tooltip="Halves the credit"),
        Binding("s,ctrl+s", "source", "Source", id="question.source", tooltip="The article"),
        Binding("n,ctrl+n", "skip", "Skip", id="question.skip", tooltip="Skip this question"),
        Binding("q", "app.request_quit", "Quit", id="question.quit"),
    ]

    def __init__(self, run: Run, presented: Presented) -> None:
        super().__init__()
        self.run = run
        self.presented = presented
        self.asked_at = 0.0  # set on mount, by the app's clock
        self.busy = False  # an answer is on its way to the store

    def compose(self) -> ComposeResult:
        session = self.run.session
        yield TitleBar(self.run.bank.title, session.config.mode.capitalize())
        yield RunStatus(id="status")
        with Vertical(id="question-body"):
            with VerticalScroll(id="prompt-box", can_focus=False):
                yield Static(Content(self.presented.question.prompt), id="prompt")
                yield Static(Content(instructions(self.presented)), id="instructions")
                yield Static(id="hint")
                yield Static(id="error")
            yield answer_widget(self.presented, cursor_blink=self.app.cursor_blink)
        yield QuizFooter()

    def on_mount(self) -> None:
        self.asked_at = self.app.clock()
        session = self.run.session
        self.query_one(RunStatus).show(
            number=self.presented.number,
            total=session.total,
            score=points(session.score),
            out_of=points(session.max_score),
            streak=session.streak,
        )
        if session.hint_taken and self.presented.question.hint:
            self._show_hint(self.presented.question.hint)
        self.tick()
        if self.app.time_left() is not None:
            self.set_interval(1.0, self.tick)
        self.query_one("#answer").focus()

    def tick(self) -> None:
        left = self.app.time_left()
        self.query_one(RunStatus).show_time(
            None if left is None else clock(left), low=left is not None and left <= LOW_TIME
        )

    def elapsed(self) -> float:
        return max(0.0, self.app.clock() - self.asked_at)

    # -- answering -----------------------------------------------------------------------

    @on(Answered)
    def submit(self, event: Answered) -> None:
        event.stop()
        if isinstance(self.query_one("#answer"), AnswerInput) and (
            event.response.strip() == HINT_REQUEST
        ):
            self.query_one(AnswerInput).clear()
            self.action_hint()
            return
        self._send(event.response)

    def _send(self, response: str | None) -> None:
        if self.busy:
            return
        self.busy = True
        self.run_worker(self._answer(response), group="answer", exclusive=True)

    async def _answer(self, response: str | None) -> None:
        from quiz.session import NotAnAnswer

        try:
            await self.app.answer(response, self.elapsed())
        except NotAnAnswer as exc:
            self.show_error(f"Not an answer: {exc}. Try again.")
        finally:
            self.busy = False

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(Content.assemble(("⚠ ", "bold"), message))
        error.add_class("-shown")

    def _show_hint(self, hint: str) -> None:
        widget = self.query_one("#hint", Static)
        widget.update(Content.assemble(("Hint: ", "bold"), hint, ("  (half credit)", "italic")))
        widget.add_class("-shown")

    # -- actions -------------------------------------------------------------------------

    def action_hint(self) -> None:
        self.run_worker(self._hint(), group="hint")

    async def _hint(self) -> None:
        hint = await self.app.take_hint()
        if hint is None:
            widget = self.query_one("#hint", Static)
            widget.update(Content("This question has no hint."))
            widget.add_class("-shown")
        else:
            self._show_hint(hint)

    def action_source(self) -> None:
        self.app.show_source(self.presented.question)

    def action_skip(self) -> None:
        self._send(None)
