"""The figures of `quiz stats` for one bank, with accuracy over the last runs as a chart."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.text import safe
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.chart import BarChart
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.stats import BankReport


def _when(iso: str | None) -> str:
    if not iso:
        return "never"
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _figure(value: float | None, suffix: str = "") -> str:
    return "–" if value is None else f"{value:g}{suffix}"


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
                [(safe(f"{_when(run.started)} {run.mode}"), run.percent) for run in runs],
                empty="No runs yet.",
                id="run-chart",
            )
        yield QuizFooter()

    def _figures(self) -> Content:
        r = self.report
        pairs = [
            ("Questions", _figure(r.questions)),
            ("Answers given", str(r.attempts)),
            ("Fully right", str(r.correct)),
            ("Accuracy", _figure(r.accuracy, "%")),
            ("Due for review", str(r.due)),
            ("Best streak", str(r.best_streak)),
            ("Last played", _when(r.last_played)),
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
