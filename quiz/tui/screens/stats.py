"""The figures of `quiz stats` for one bank, with accuracy over the last runs as a chart."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.meanings import figure, local_minute
from quiz.tui.text import safe
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.chart import BarChart
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.stats import BankReport


class StatsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b,t", "back", "Back", id="stats.back"),
        Binding("q", "app.request_quit", "Quit", id="stats.quit"),
    ]

    def __init__(self, report: BankReport) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        r = self.report
        yield TitleBar(r.title or r.bank, "Stats")
        with VerticalScroll(id="stats-body", can_focus=True):
            yield Static(self._figures(), id="figures")
            yield Static(Content.styled("Accuracy by tag", "bold $text-accent"), classes="heading")
            yield BarChart(
                [
                    (safe(tag, newlines=False), t.accuracy)
                    for tag, t in r.per_tag.items()
                    if t.attempts
                ],
                empty="No answers yet.",
                id="tag-chart",
            )
            yield Static(
                Content.styled("Score of the last runs (oldest first)", "bold $text-accent"),
                classes="heading",
            )
            runs = list(reversed(r.runs))
            yield BarChart(
                [(safe(f"{local_minute(run.started)} {run.mode}"), run.percent) for run in runs],
                empty="No runs yet.",
                id="run-chart",
            )
        yield QuizFooter()

    def _figures(self) -> Content:
        r = self.report
        pairs = [
            ("Questions", figure(r.questions)),
            ("Answers given", str(r.attempts)),
            ("Fully right", str(r.correct)),
            ("Accuracy", figure(r.accuracy, "%")),
            ("Due for review", str(r.due)),
            ("Best streak", str(r.best_streak)),
            ("Last played", local_minute(r.last_played)),
        ]
        width = max(len(label) for label, _ in pairs)
        return Content("\n").join(
            Content.assemble((label.ljust(width) + "  ", "$foreground-muted"), (value, "bold"))
            for label, value in pairs
        )

    def on_mount(self) -> None:
        self.query_one("#stats-body").focus()

    def action_back(self) -> None:
        self.dismiss()
