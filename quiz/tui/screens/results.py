"""The end of a run: score, time, per-tag breakdown, and how every question went."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from quiz import meanings
from quiz.tui.screens.feedback import FeedbackScreen
from quiz.tui.text import duration, outcome_of, points, safe
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.chart import bar
from quiz.tui.widgets.enter_list import EnterList
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Presented, Results
    from quiz.tui.app import QuizApp


class AnswerList(EnterList):
    """Every question with how it went: Enter opens its feedback."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", id="results.open", tooltip="Feedback and citation"),
    ]


class ResultsScreen(Screen[None]):
    app: QuizApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("b,escape", "app.home", "Banks", id="results.home", tooltip="Choose a bank"),
        Binding("t", "app.stats", "Stats", id="results.stats"),
        Binding("q", "app.request_quit", "Quit", id="results.quit"),
    ]

    def __init__(self, run: Run, results: Results) -> None:
        super().__init__()
        self.run = run
        self.results = results
        answered = {r.presented.number: r for r in results.answers}
        self.rows: list[tuple[Presented, AnswerRecord | None]] = [
            (p, answered.get(p.number)) for p in run.session.presented
        ]

    def compose(self) -> ComposeResult:
        results = self.results
        yield TitleBar(self.run.bank.title, f"Results · {results.mode} · seed {results.seed}")
        with Vertical(id="results-body"):
            yield Static(self._summary(), id="summary")
            if len(results.per_tag) > 1 or (results.per_tag and self.rows):
                yield Static(self._tags(), id="tags")
            if self.rows:
                yield AnswerList(
                    *[Option(self._row(p, r), id=f"q{p.number}") for p, r in self.rows],
                    id="answers",
                )
            else:
                yield Static(Content(meanings.empty_reason(results.mode)), id="empty")
        yield QuizFooter()

    def _summary(self) -> Content:
        r = self.results
        answered = len(r.answers)
        lines = [
            Content.assemble(
                ("Score ", "$foreground-muted"),
                (f"{points(r.score)} of {points(r.max_score)}", "bold"),
                (f"  ({r.percent:.0f}%)", "bold $text-accent"),
                ("   Seed ", "$foreground-muted"),
                (str(r.seed), "bold"),
            ),
            Content.assemble(
                ("Time ", "$foreground-muted"),
                (duration(r.elapsed), "bold"),
                ("   Answered ", "$foreground-muted"),
                (f"{answered} of {r.questions}", "bold"),
                ("   Best streak ", "$foreground-muted"),
                (str(self.run.session.best_streak), "bold"),
            ),
        ]
        if note := meanings.ending_note(r.status, answered, r.questions):
            lines.append(Content.styled(note, "$text-warning"))
        return Content("\n").join(lines)

    def _tags(self) -> Content:
        tags = {safe(tag, newlines=False): score for tag, score in self.results.per_tag.items()}
        width = max(len(tag) for tag in tags)
        lines = []
        for tag, score in tags.items():
            percent = 100 * score.score / score.max_score if score.max_score else 0.0
            lines.append(
                Content.assemble(
                    (tag.ljust(width), ""),
                    "  ",
                    (bar(percent, 10), "$accent"),
                    f" {points(score.score)} of {points(score.max_score)}",
                    (f" ({percent:.0f}%)", "$foreground-muted"),
                )
            )
        return Content("\n").join(lines)

    @staticmethod
    def _row(presented: Presented, record: AnswerRecord | None) -> Content:
        outcome = outcome_of(record)
        return Content.assemble(
            (f"{presented.number:>2}. ", "$foreground-muted"),
            (outcome.label.ljust(15), outcome.style),
            safe(presented.question.prompt, newlines=False),
        )

    def on_mount(self) -> None:
        if self.rows:
            answers = self.query_one("#answers", OptionList)
            answers.highlighted = 0
            answers.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()  # Enter or a click on a row
        presented, record = self.rows[event.option_index]
        self.app.push_screen(FeedbackScreen(self.run, presented, record))
