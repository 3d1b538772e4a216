"""The Textual app: Home, a run's questions and feedback, the source, results and stats.

The app holds no quiz logic: `quiz.runs` picks the questions, grades, scores and records.
Every call that may touch disk goes through `CoreThread`, so the event loop never waits on
I/O. Screens and widgets post messages (`quiz.tui.messages`) that the app handles with `@on`:
it moves the run along, places the next screen, and calls down with the outcome.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer

from quiz import lazy, meanings
from quiz.errors import QuizError
from quiz.runs import discover_banks, start_run, utc_now
from quiz.session import ExamClock, NotAnAnswer
from quiz.tui import core, messages, screens
from quiz.tui.commands import QuizCommands
from quiz.tui.core import CoreThread
from quiz.tui.screens.run import RunScreen
from quiz.tui.text import safe

if TYPE_CHECKING:
    from quiz.bank.model import Bank, Question
    from quiz.lesson import Assignment, Lesson
    from quiz.locations import Paths
    from quiz.runs import BankInfo, Run
    from quiz.session import SessionConfig
    from quiz.stats import BankReport
    from quiz.store import Store

QUIT_QUESTION = "Quit? Your answers so far are saved."
NOT_SAVED = "Your answer was not saved"
LEAVE_QUESTION = "Leave this run for the bank list? Your answers so far are saved."
STOP_QUESTION = "Stop this run and go back to the bank list? Your answers so far are saved."
LESSON_QUIT_QUESTION = (
    "Leave? Your answers so far are saved: join again with the same name to carry on."
)
# In a served lesson only the assignment is on offer: no bank list, no stats, no palette.
LESSON_BLOCKED_ACTIONS = frozenset(
    {"home", "stats", "class_report", "command_palette", "change_theme"}
)


class QuizApp(App[None]):
    # Absolute, so that subclasses defined elsewhere (tests) find it too.
    CSS_PATH = Path(__file__).with_name("quiz.tcss")
    TITLE = "factquiz"
    COMMANDS: ClassVar = App.COMMANDS | {QuizCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Replaces Textual's ctrl+q (quit at once): a run asks first. Same action string as
        # the screens' `q`, so the footer shows one Quit: `q`, or `^q` where `q` is typing.
        Binding("ctrl+q", "app.request_quit", "Quit", id="app.quit", priority=True, tooltip="Quit"),
    ]

    cursor_blink: bool = True
    """Tests turn this off for stable screenshots."""

    def __init__(
        self,
        *,
        bank_path: Path | None,
        config: SessionConfig,
        paths: Paths,
        name: str | None,
        class_name: str | None = None,
        assignment: Assignment | None = None,
    ) -> None:
        super().__init__()
        self.class_name = class_name  # runs are filed under this class (quiz report --class)
        self.bank_path = bank_path
        self.config = config
        self.paths = paths
        self.student = name
        self.core = CoreThread()
        self.quiz_run: Run | None = None
        self._store: Store | None = None
        self._store_opened = False
        self._run_depth: int | None = None  # stack height with the run's screen on top
        self._exam: ExamClock | None = None  # the run's clock (answer times, time left)
        self._deadline_timer: Timer | None = None
        self._finishing = False
        # A served lesson (quiz serve): the join screen, then the assignment, then Results.
        self.lesson: Lesson | None = None
        if assignment is not None:
            self.lesson = core.Lesson(assignment)
            self.use_command_palette = False
        self._last_input = monotonic()
        self.problem: str | None = None
        """Why a bank given on the command line could not be played; the CLI prints it after
        the app has left the terminal, as one line (Textual's exit message is wrapped to the
        terminal's width)."""

    @property
    def hints_allowed(self) -> bool:
        """The run's book rules (a lesson's come with its assignment): one rule for all."""
        run = self.quiz_run
        return (run.config if run is not None else self.config).allows_hints

    @property
    def source_allowed(self) -> bool:
        run = self.quiz_run
        return (run.config if run is not None else self.config).allows_source

    # -- lifecycle -----------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.lesson is not None:
            self._open_lesson(self.lesson)
        elif self.bank_path is None:
            self.push_screen(screens.HomeScreen(self.config))
        else:
            # No loading screen: the run is ready within a frame or two, and painting a
            # screen only to replace it would delay the first question.
            self._begin(self.bank_path, self.config)

    async def on_unmount(self) -> None:
        if self.lesson is not None:
            await self.core.call(self.lesson.leave)
        if self._store is not None:
            await self.core.call(self._store.close)
        self.core.shutdown()

    async def _get_store(self) -> Store | None:
        # A lesson's answers go to the server's store, through the lesson (quiz.lesson).
        if not self._store_opened and self.lesson is None:
            # The learner's own schedule: --name, else the OS user.
            self._store = await self.core.call(core.Store, self.paths.store, self.student)
        self._store_opened = True
        return self._store

    @property
    def in_run(self) -> bool:
        """A run is under way: quitting asks first."""
        run = self.quiz_run
        return run is not None and not run.session.finished and not self._finishing

    def _home_in_stack(self) -> bool:
        return any(isinstance(screen, screens.HomeScreen) for screen in self.screen_stack)

    # -- Home ----------------------------------------------------------------------------

    @on(messages.BanksWanted)
    def _banks_wanted(self, event: messages.BanksWanted) -> None:
        event.stop()
        self.run_worker(self._load_banks, group="banks", exclusive=True)

    @on(messages.StartRun)
    def _start_wanted(self, event: messages.StartRun) -> None:
        event.stop()
        self.start(event.bank_path, event.config)

    @on(messages.StatsWanted)
    def _stats_wanted(self, event: messages.StatsWanted) -> None:
        event.stop()
        self.show_stats(event.bank_path, event.slug)

    async def _load_banks(self) -> None:
        try:
            store = await self._get_store()
        except QuizError as exc:
            # The banks are still worth listing; playing one reports the store again.
            self._store_opened = False
            self.show_error("Progress cannot be shown", exc)
            store = None
        for screen in self.screen_stack:
            if isinstance(screen, screens.HomeScreen):
                banks: list[BankInfo] = await self.core.call(
                    discover_banks, self.paths, store, config=screen.options
                )
                screen.show_banks(banks)

    # -- a run ---------------------------------------------------------------------------

    def start(self, bank_path: Path, config: SessionConfig) -> None:
        """Start a run from Home, with the options Home shows (the command line's, as changed
        there) and the chosen mode. A time limit is for exams only."""
        if config.mode != "exam":
            config = replace(config, time_limit=None)
        self._begin(bank_path, config)

    def _begin(self, bank_path: Path, config: SessionConfig) -> None:
        self.run_worker(self._start(bank_path, config), group="run", exclusive=True)

    async def _start(self, bank_path: Path, config: SessionConfig) -> None:
        # Practice and exam pick their questions without the store: the first question goes
        # on screen first, and the store is opened (a new one is created: tens of ms) and the
        # article read right after, in `_settle`. Review and mistakes need the store to pick.
        needs_store = config.mode in ("review", "mistakes")
        try:
            store = await self._get_store() if needs_store else None
            run = await self.core.call(
                start_run,
                bank_path,
                config,
                store,
                self.student,
                prepare=False,
                cache=self.paths.cache,
                class_name=self.class_name,
            )
        except QuizError as exc:
            self._cannot_play(exc)
            return
        self._take(run)

    def _take(self, run: Run) -> None:
        """Put `run` on screen at its current question (the first, or where a resumed run
        stopped) and start the exam's clock with the time not yet spent."""
        self.quiz_run = run
        self._run_depth = None
        self._finishing = False
        self._exam = ExamClock(run.session, self.clock)
        if run.session.time_limit is not None:
            # Polled on the run's clock rather than one timer, so that the countdown on screen
            # and the end of the exam can never disagree.
            self._deadline_timer = self.set_interval(0.25, self._check_deadline, name="deadline")
        self.next_question()

    def _cannot_play(self, exc: QuizError) -> None:
        if self._home_in_stack():
            self.notify(
                safe(str(exc)),
                title="This bank cannot be played",
                severity="error",
                markup=False,
                timeout=10,
            )
            if self.quiz_run is not None:
                self._go_home()
            return
        # Started with a bank on the command line: leave with the problems, exit status 1.
        self.problem = safe(str(exc))
        self.exit(return_code=1)

    @on(messages.RunShown)
    def _run_shown(self, event: messages.RunShown) -> None:
        """The run's first question has been painted: now read its article, open the store.

        Not before: the core thread holds the GIL for much of that work, which would hold
        back the first frame. Answers given meanwhile wait their turn on the core thread."""
        event.stop()
        run = event.run
        if run is self.quiz_run:
            self.run_worker(self._settle(run, run.recording), group="settle")

    async def _settle(self, run: Run, has_store: bool) -> None:
        """Read the article, warm the grader and attach the store, on the core thread."""
        try:
            await self.core.call(run.prepare)
            # The grader (and rapidfuzz) are imported on first use; do it now, while the
            # first question is read, rather than on the first answer's keypress.
            await self.core.call(_warm_grader)
            if not has_store:
                store = await self._get_store()
                if store is not None:
                    await self.core.call(run.attach_store, store)
        except QuizError as exc:
            self._cannot_play(exc)

    def _place(self, screen: Screen[None]) -> None:
        """Show the run's next screen in place of the last one, over anything opened on it."""
        if self._run_depth is None:
            self.push_screen(screen)
            self._run_depth = len(self.screen_stack)
            return
        while len(self.screen_stack) > self._run_depth:
            self.pop_screen()
        self.switch_screen(screen)

    def _run_screen(self) -> RunScreen | None:
        """The run's screen, with anything opened over it closed; None before the first question."""
        if self._run_depth is None:
            return None
        while len(self.screen_stack) > self._run_depth:
            self.pop_screen()
        screen = self.screen
        return screen if isinstance(screen, RunScreen) and screen.run is self.quiz_run else None

    def _shown_run_screen(self) -> RunScreen | None:
        """The run's screen, wherever it is in the stack (nothing over it is closed)."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, RunScreen) and screen.run is self.quiz_run:
                return screen
        return None

    @on(messages.NextWanted)
    def _next_wanted(self, event: messages.NextWanted) -> None:
        event.stop()
        self.next_question()

    def next_question(self) -> None:
        run = self.quiz_run
        if run is None:
            return
        presented = run.session.current
        if presented is None:
            self.run_worker(self._finish(), group="run")
            return
        # One screen for the whole run: later questions update it in place (see RunScreen).
        screen = self._run_screen()
        if screen is None:
            assert self._exam is not None
            self._place(RunScreen(run, presented, self._exam))
        else:
            screen.show_question(presented)

    @on(messages.AnswerGiven)
    def _answer_given(self, event: messages.AnswerGiven) -> None:
        event.stop()
        self.run_worker(self._answer(event.response, event.elapsed), group="answer", exclusive=True)

    async def _answer(self, response: str | None, elapsed: float) -> None:
        screen = self._shown_run_screen()
        try:
            await self.answer(response, elapsed)
        except NotAnAnswer as exc:
            if screen is not None:
                screen.refuse(response, str(exc))
        finally:
            if screen is not None:
                screen.answer_settled()

    async def answer(self, response: str | None, elapsed: float) -> None:
        """Grade and record an answer (None: skip); NotAnAnswer propagates. An answer given
        once the time is up is not counted: the deadline is a deadline."""
        run = self.quiz_run
        if run is None or not self.in_run:
            return
        if self._exam is not None and self._exam.expired():
            self._time_up()
            return
        try:
            if response is None:
                record = await self.core.call(run.skip, elapsed)
            else:
                record = await self.core.call(run.answer, response, elapsed)
        except QuizError as exc:
            # The store could not save it: the run took it back, so the question stays on
            # screen, with what was typed, to be answered again once the learner has read why.
            self.show_error(NOT_SAVED, exc)
            return
        if self._finishing:
            return  # time ran out while the answer was being recorded; results are on the way
        if not run.session.shows_feedback:
            self.next_question()
        elif (screen := self._run_screen()) is not None:
            await screen.show_feedback(record)

    @on(messages.HintWanted)
    def _hint_wanted(self, event: messages.HintWanted) -> None:
        event.stop()
        self.run_worker(self._hint(), group="hint")

    async def _hint(self) -> None:
        run = self.quiz_run
        hint = None
        if run is not None and self.in_run and self.hints_allowed:
            hint = await self.core.call(run.hint)
        if (screen := self._shown_run_screen()) is not None:
            screen.show_hint(hint)

    @on(messages.SourceWanted)
    def _source_wanted(self, event: messages.SourceWanted) -> None:
        event.stop()
        if event.before_answer:
            self.run_worker(self._open_source(event.question), group="source")
        else:
            self.show_source(event.question)

    async def _open_source(self, question: Question | None) -> None:
        """The learner opens the article before answering: recorded with the answer, at the
        cost of a hint. Refused when the run keeps the book closed."""
        run = self.quiz_run
        if run is None or not self.in_run or not await self.core.call(run.open_source):
            return
        if (screen := self._shown_run_screen()) is not None:
            screen.source_opened()
        self.show_source(question)

    def clock(self) -> float:
        """Seconds on a monotonic clock: the run's clock reads it (tests stop it)."""
        return monotonic()

    def _check_deadline(self) -> None:
        if self._exam is not None and self._exam.expired():
            self._time_up()

    def _time_up(self) -> None:
        if self.in_run:
            self.notify(meanings.TIME_UP, title="Exam", severity="warning", markup=False)
            self.run_worker(self._finish("timed-out"), group="run")

    def _stop_clock(self) -> None:
        if self._deadline_timer is not None:
            self._deadline_timer.stop()
            self._deadline_timer = None

    async def _finish(self, status: str = "stopped") -> None:
        """Results: `status` says how the run ended if it did not end by its last answer."""
        run = self.quiz_run
        if run is None or self._finishing:
            return
        self._finishing = True
        self._stop_clock()
        try:
            results = await self.core.call(run.finish, status)
        except QuizError as exc:
            # The answers are saved; only the run's final score is not. Show the results anyway.
            self.show_error("The final score was not saved", exc)
            results = await self.core.call(run.finish, status)
        self._place(screens.ResultsScreen(run, results))

    # -- the views on a run ----------------------------------------------------------------

    def show_source(self, question: Question | None) -> None:
        if (
            self.quiz_run is not None
            and self.source_allowed
            and not isinstance(self.screen, screens.SourceScreen)
        ):
            self.push_screen(screens.SourceScreen(self.quiz_run, question))

    def action_class_report(self) -> None:
        """The `quiz report` tables of this app's store (every class, every bank)."""
        self.run_worker(self._class_report(), group="stats", exclusive=True)

    async def _class_report(self) -> None:
        store = await self._get_store()
        if store is None:
            self.notify("No progress store: nothing to report.")
            return
        attempts = await self.core.call(core.store_attempts, store)
        report = await self.core.call(core.build_report, attempts)
        self.push_screen(screens.ClassScreen(report))

    def show_stats(self, bank_path: Path, slug: str, bank: Bank | None = None) -> None:
        self.run_worker(self._stats(bank_path, slug, bank), group="stats", exclusive=True)

    async def _stats(self, bank_path: Path, slug: str, bank: Bank | None) -> None:
        try:
            store = await self._get_store()
            if store is None:
                self.notify("Progress is not being kept.", markup=False)
                return
            report = await self.core.call(
                _bank_report, store, bank_path, slug, bank, self.paths.cache
            )
        except QuizError as exc:
            self._store_opened = self._store is not None
            self.show_error("Progress cannot be shown", exc)
            return
        self.push_screen(screens.StatsScreen(report))

    def show_error(self, title: str, exc: QuizError) -> None:
        """A failure the learner must read (not a toast that fades): a modal to dismiss."""
        self.push_screen(screens.ErrorScreen(title, "\n".join(str(p) for p in exc.problems)))

    # -- actions (keys and the command palette) ------------------------------------------

    def action_request_quit(self) -> None:
        if self.lesson is not None:
            self._leave_lesson()
            return
        if self.in_run and self._home_in_stack():
            # A run started from Home stops back on Home; quitting the app is Home's q.
            self._end_run_asking(STOP_QUESTION, "Yes, stop", self._go_home)
            return
        self._end_run_asking(QUIT_QUESTION, "Yes, quit", self.exit)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.lesson is None or action not in LESSON_BLOCKED_ACTIONS

    def action_home(self) -> None:
        self._end_run_asking(LEAVE_QUESTION, "Yes, leave", self._go_home)

    def _end_run_asking(self, question: str, yes: str, then: Callable[[], object]) -> None:
        """Outside a run, `then` at once; in a run, ask first, then finish the run and `then`."""
        if isinstance(self.screen, screens.ConfirmScreen):
            return
        if not self.in_run:
            then()
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self.run_worker(self._end_run(then), group="run")

        self.push_screen(screens.ConfirmScreen(question, yes=yes, no="No, go on"), decided)

    async def _end_run(self, then: Callable[[], object]) -> None:
        if self.quiz_run is not None and not self._finishing:
            self._finishing = True
            with contextlib.suppress(QuizError):  # answers are saved; no final score is fine
                await self.core.call(self.quiz_run.finish, "stopped")
        then()

    def _go_home(self) -> None:
        self._stop_clock()
        self._exam = None
        self.quiz_run = None
        self._run_depth = None
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(screens.HomeScreen(self.config))

    def action_stats(self) -> None:
        screen = self.screen
        if isinstance(screen, screens.StatsScreen):
            return
        if isinstance(screen, screens.HomeScreen):
            screen.action_stats()
        elif self.quiz_run is not None:
            self.show_stats(self.quiz_run.bank.path, self.quiz_run.bank.slug, self.quiz_run.bank)

    def action_source(self) -> None:
        if isinstance(self.screen, RunScreen):
            self.screen.action_source()  # it knows the book rules and the cost
            return
        question = getattr(self.screen, "presented", None)
        self.show_source(question.question if question is not None else None)

    # -- a served lesson (quiz serve) ----------------------------------------------------

    def _open_lesson(self, lesson: Lesson) -> None:
        assignment = lesson.assignment
        self.push_screen(
            screens.JoinScreen(
                assignment.class_name, assignment.title, needs_code=assignment.needs_code
            )
        )
        self.set_interval(core.RENEW_SECONDS, self._renew_lease, name="lease")
        self.set_interval(min(15.0, assignment.idle_seconds), self._check_idle, name="idle")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.MouseDown):
            self._last_input = monotonic()
        await super().on_event(event)

    def _check_idle(self) -> None:
        lesson = self.lesson
        if lesson is not None and monotonic() - self._last_input >= lesson.assignment.idle_seconds:
            # The run stays open: joining again with the same name carries on from here.
            self.exit(message=Text("Closed after a long time without input."))

    def _renew_lease(self) -> None:
        if self.lesson is not None:
            self.run_worker(self.core.call(self.lesson.renew), group="lesson")

    def on_join_screen_join(self, event: screens.JoinScreen.Join) -> None:
        event.stop()
        self.run_worker(self._join(event.join_screen, event.name, event.code), group="run")

    async def _join(self, screen: screens.JoinScreen, name: str, code: str) -> None:
        lesson = self.lesson
        if lesson is None:
            return
        try:
            joined = await self.core.call(lesson.join, name, code)
        except QuizError as exc:
            # The problem names files on the teacher's machine: it goes to the server's log.
            print(str(exc), file=sys.stderr)
            screen.show_error("This lesson cannot start: please tell your teacher.")
            return
        if joined.error is not None or joined.run is None:
            screen.show_error(joined.error or "Cannot join.")
            return
        if joined.results is not None:
            self.quiz_run = joined.run
            self._finishing = True
            self._place(screens.ResultsScreen(joined.run, joined.results))
            return
        self._take(joined.run)

    def _leave_lesson(self) -> None:
        if isinstance(self.screen, screens.ConfirmScreen):
            return
        if not self.in_run:
            self.exit()
            return

        def decided(confirmed: bool | None) -> None:
            if confirmed:
                self.exit()  # the run stays open, to be resumed

        self.push_screen(
            screens.ConfirmScreen(LESSON_QUIT_QUESTION, yes="Yes, leave", no="No, go on"), decided
        )


def _warm_grader() -> None:
    # quiz.grading imports rapidfuzz's OSA on its first typo check.
    lazy.load("quiz.grading", "rapidfuzz.distance.OSA")


def _bank_report(
    store: Store, bank_path: Path, slug: str, bank: Bank | None, cache: Path | None
) -> BankReport:
    """On the core thread: the figures `quiz stats` prints for one bank."""
    if bank is None:
        try:
            bank = core.load_bank_cached(bank_path, cache)
        except QuizError:
            bank = None  # progress is still worth showing for a bank that no longer loads
    return core.bank_report(slug, bank, store, utc_now())
