"""A run: each question, then its feedback, on one screen that lasts the whole run.

The screen is built once. An answer's feedback fills the feedback pane that is already mounted
(hidden until then) and swaps which half shows; the next question replaces only the answer
widget and updates the prompt and status lines in place. Building a screen per answer (compose,
styles, layout and first paint of a dozen widgets) cost more than the one frame the feedback
may take (bench/feedback_latency.py; figures in bench/README.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widget import AwaitMount, Widget
from textual.widgets import Static

from quiz import meanings
from quiz.tui import screens, widgets
from quiz.tui.messages import (
    Answered,
    AnswerGiven,
    HintWanted,
    NextWanted,
    RunShown,
    SourceWanted,
)
from quiz.tui.text import clock, instructions, literal, points, safe
from quiz.tui.tuning import collect_after_paint, drop_selection_subscriber, hold_collections
from quiz.tui.widgets.answers import AnswerInput, answer_widget
from quiz.tui.widgets.bars import RunStatus, TitleBar

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, ExamClock, Presented
    from quiz.tui.app import QuizApp
    from quiz.tui.widgets.feedback import FeedbackPane

HINT_REQUEST = "?"  # typed alone in a text answer, asks for the hint (as in line mode)
LOW_TIME = 60.0  # seconds: the countdown turns to the warning colour

# Keys per state: check_action hides the others from the footer and keeps them from running.
QUESTION_ACTIONS = frozenset({"skip"})
FEEDBACK_ACTIONS = frozenset({"next"})


class RunScreen(Screen[None]):
    app: QuizApp
    answer_widget: Widget  # the current question's; replaced, not queried (see on_mount)
    _status: RunStatus
    _question_body: Vertical

    # Letters work where the answer widget is a list, and on the feedback; a text input takes
    # letters as typing, so Textual hides those from the footer there and the ctrl+ keys show.
    BINDINGS: ClassVar[list[BindingType]] = [
        # priority, gated by check_action: on the feedback Enter is Next wherever the focus
        # is; on a question it passes through to the answer widget.
        Binding(
            "enter", "next", "Next", id="feedback.next", tooltip="The next question", priority=True
        ),
        Binding("h,ctrl+t", "hint", "Hint", id="question.hint", tooltip="Halves the credit"),
        Binding(
            "s,ctrl+s",
            "source",
            "Source",
            id="question.source",
            tooltip="The article (before you answer, it halves the credit)",
        ),
        Binding("n,ctrl+n", "skip", "Skip", id="question.skip", tooltip="Skip this question"),
        Binding("q", "app.request_quit", "Quit", id="question.quit"),
    ]

    def __init__(self, run: Run, presented: Presented, exam: ExamClock) -> None:
        super().__init__()
        self.run = run
        self.presented = presented
        self.exam = exam  # the run's clock: answer times and the time left
        self.record: AnswerRecord | None = None  # the answer whose feedback shows, if any
        self.showing_feedback = False
        self.asked_at = 0.0  # set when the question is shown, on the run's clock
        self.busy = False  # an answer is on its way to the store
        self._advancing = False  # Next was pressed; the next question is on its way
        self._held_keys: list[events.Key] = []  # typed meanwhile: they are for that question
        self._pane: FeedbackPane | None = None  # mounted after the first frame, then reused
        self._pane_mounted: AwaitMount | None = None
        self._notes: dict[str, Content] = {}  # "hint", "error": shown under the prompt

    def compose(self) -> ComposeResult:
        config = self.run.session.config
        # The seed on screen: a teacher who started without --seed can hand it to a class.
        yield TitleBar(self.run.bank.title, f"{config.mode.capitalize()} · seed {config.seed}")
        yield RunStatus(id="status")
        with Vertical(id="question-body"):
            with VerticalScroll(id="prompt-box", can_focus=False):
                # The prompt, how to answer, and the hint or error if any: one widget.
                yield Static(id="prompt")
            yield self._answer_widget(self.presented)

    def _answer_widget(self, presented: Presented) -> Widget:
        return answer_widget(
            presented,
            cursor_blink=self.app.cursor_blink,
            bank_questions=self.run.bank.questions,
            hints=self.run.session.config.allows_hints,
        )

    def on_mount(self) -> None:
        self._status = self.query_one(RunStatus)
        self._question_body = self.query_one("#question-body", Vertical)
        # Kept, not queried: Textual caches query_one("#answer") results, which would keep
        # every replaced answer widget alive and could return a removed one.
        self.answer_widget = self._question_body.query_one("#answer")
        self._fill_question()
        if self.exam.time_left() is not None:
            self.set_interval(1.0, self.tick)
        self.answer_widget.focus()
        # The first frame holds the question and nothing else it can do without: the footer
        # and the (hidden) feedback pane are mounted right after it is painted, and so is the
        # app's work on the run (bench/startup.py: each widget costs styles, layout and paint).
        self.call_after_refresh(self._after_first_paint)
        collect_after_paint(self)

    def _after_first_paint(self) -> None:
        if self._pane is not None:
            return
        # hidden by the stylesheet until an answer
        self._pane = widgets.FeedbackPane(id="feedback-body")
        self._pane_mounted = self.mount(self._pane, after=self._question_body)
        self.mount(widgets.QuizFooter())
        self.post_message(RunShown(self.run))

    # -- the two states ----------------------------------------------------------------

    def show_question(self, presented: Presented) -> None:
        """The next question, in place of the last one (or of its feedback)."""
        self.run_worker(self._show_question(presented), group="question", exclusive=True)

    async def _show_question(self, presented: Presented) -> None:
        self.presented = presented
        self.record = None
        # The new answer widget takes the old one's id, so the old one must be gone first.
        old = self.answer_widget
        await old.remove()
        drop_selection_subscriber(self, old)  # kept alive by Textual otherwise
        widget = self._answer_widget(presented)
        self.answer_widget = widget
        await self._question_body.mount(widget)
        self._fill_question()
        self._set_state(feedback=False)
        widget.focus()
        self.refresh_bindings()
        self.call_after_refresh(self._release_keys)
        collect_after_paint(self)

    def on_key(self, event: events.Key) -> None:
        # Between Next and the next question's answer widget taking the focus, keys would go
        # to the hidden feedback: a fast typist's or a paste's first characters, or its Enter.
        if self._advancing:
            event.stop()
            event.prevent_default()
            self._held_keys.append(event)

    def _release_keys(self) -> None:
        """The next question has the focus: hand it the keys typed since Next, in order."""
        self._advancing = False
        held, self._held_keys = self._held_keys, []
        for key in held:
            self.app.post_message(events.Key(key.key, key.character))

    async def show_feedback(self, record: AnswerRecord) -> None:
        """The verdict on the answer just given, in place of the question."""
        if self._pane is None:  # answered before the first frame was painted
            self._after_first_paint()
        assert self._pane is not None and self._pane_mounted is not None
        if not self._pane.is_mounted:
            await self._pane_mounted
        self.record = record
        self._pane.show(self.run, record.presented, record)
        self._show_status()  # the score now counts this answer
        self._set_state(feedback=True)
        # The focus moves once the feedback is on screen: a focus change re-styles the two
        # widgets and repaints the whole screen (Screen.focused repaints), work that would
        # otherwise hold the frame back. Until then Enter is a priority binding, so Next works.
        self.call_after_refresh(self._focus_feedback)
        collect_after_paint(self)

    def _focus_feedback(self) -> None:
        if self.showing_feedback and self._pane is not None:
            self._pane.body.focus(scroll_visible=False)
            self.refresh_bindings()

    def _set_state(self, *, feedback: bool) -> None:
        self.showing_feedback = feedback
        self._question_body.display = not feedback
        if self._pane is not None:
            self._pane.display = feedback

    def _fill_question(self) -> None:
        presented = self.presented
        question = presented.question
        self._notes = {}
        if self.run.session.hint_taken and question.hint:
            self._notes["hint"] = _hint_note(question.hint)
        self._show_prompt()
        self.query_one("#prompt-box", VerticalScroll).scroll_home(animate=False)
        self._show_status()
        self.tick()
        self.asked_at = self.exam.now()

    def _show_status(self) -> None:
        session = self.run.session
        self._status.show(
            number=self.presented.number,
            total=session.total,
            score=points(session.score),
            out_of=points(session.max_score),
            streak=session.streak,
            marks=session.shows_feedback,
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self._advancing:
            return False  # every key waits for the next question (on_key)
        config = self.run.config
        if (action == "hint" and not config.allows_hints) or (
            action == "source" and not config.allows_source
        ):
            return False  # closed book (an exam, a served lesson without --hints / --open-book)
        if action in QUESTION_ACTIONS:
            return not self.showing_feedback
        if action == "hint":  # shown only where there is one to take
            return (
                not self.showing_feedback
                and config.allows_hints
                and self.presented.question.hint is not None
            )
        if action in FEEDBACK_ACTIONS:
            return self.showing_feedback
        return True

    def tick(self) -> None:
        left = self.exam.time_left()
        self._status.show_time(
            None if left is None else clock(left), low=left is not None and left <= LOW_TIME
        )

    def elapsed(self) -> float:
        return max(0.0, self.exam.now() - self.asked_at)

    # -- answering -----------------------------------------------------------------------

    @on(Answered)
    def submit(self, event: Answered) -> None:
        event.stop()
        if self.showing_feedback:
            return
        widget = self.answer_widget
        if isinstance(widget, AnswerInput) and event.response.strip() == HINT_REQUEST:
            widget.clear()
            self.action_hint()
            return
        self._send(event.response)

    def _send(self, response: str | None) -> None:
        if self.busy:
            return
        self.busy = True
        hold_collections()
        self.post_message(AnswerGiven(response, self.elapsed()))

    def refuse(self, response: str | None, reason: str) -> None:
        """The response is not an answer to this question (the app's word): say why."""
        widget = self.answer_widget
        if isinstance(widget, AnswerInput):
            # Cleared, so that what is typed next is a new answer, not appended to this one.
            widget.clear()
            rejected = (response or "").strip()
            said = f"{rejected!r}: " if rejected else ""  # the box is cleared: say it here
            self.show_error(f"Not an answer: {said}{reason}. Try again.")
            return
        if self.presented.question.kind == "multi" and not (response or "").strip():
            reason = meanings.multi_nothing_picked(len(self.presented.options))
        self.show_error(f"Not an answer: {reason}.")

    def answer_settled(self) -> None:
        """The app is done with the answer sent (recorded, refused or not taken)."""
        self.busy = False
        collect_after_paint(self)  # and on again

    def show_error(self, message: str) -> None:
        self._notes["error"] = Content.assemble(("⚠ ", "bold"), safe(message)).stylize(
            "$text-error"
        )
        self._show_prompt()
        # The error is the last line: on a small screen it must not stay below the fold.
        box = self.query_one("#prompt-box", VerticalScroll)
        self.call_after_refresh(box.scroll_end, animate=False)

    def _show_prompt(self) -> None:
        presented = self.presented
        session = self.run.session
        how = instructions(
            presented,
            self.run.bank.questions,
            hints=session.config.allows_hints,
            source=session.config.allows_source and not session.source_taken,
        )
        parts = [
            literal(presented.question.prompt, "bold"),
            literal(how, "$text-muted"),
            *(self._notes[note] for note in ("hint", "error") if note in self._notes),
        ]
        self.query_one("#prompt", Static).update(Content("\n\n").join(parts))

    # -- actions -------------------------------------------------------------------------

    def action_next(self) -> None:
        self._advancing = True
        self.post_message(NextWanted())

    def action_hint(self) -> None:
        if not self.run.session.config.allows_hints:
            self._notes["hint"] = Content.styled(meanings.NO_HINTS, "$text-warning")
            self._show_prompt()
            return
        self.post_message(HintWanted())

    def show_hint(self, hint: str | None) -> None:
        """The hint taken (None: this question has none, or the run allows none)."""
        self._notes["hint"] = (
            Content.styled(meanings.NO_HINT_HERE, "$text-warning")
            if hint is None
            else _hint_note(hint)
        )
        self._show_prompt()

    def action_source(self) -> None:
        session = self.run.session
        if self.showing_feedback or session.source_taken:
            self.post_message(SourceWanted(self.presented.question))
            return
        if not session.config.allows_source:
            self.notify(meanings.NO_SOURCE, severity="warning", markup=False)
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self.post_message(SourceWanted(self.presented.question, before_answer=True))

        self.app.push_screen(
            screens.ConfirmScreen(
                meanings.SOURCE_CONFIRM,
                yes="Yes, open it",
                no="No, answer first",
            ),
            decided,
        )

    def source_opened(self) -> None:
        """The article was opened before answering: its cost is taken."""
        self._show_prompt()  # the line no longer offers it

    def action_skip(self) -> None:
        self._send(None)


def _hint_note(hint: str) -> Content:
    return Content.assemble(("Hint: ", "bold"), safe(hint), ("  (half credit)", "italic")).stylize(
        "$text-warning"
    )
