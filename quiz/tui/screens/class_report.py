"""The Class screen: the tables of `quiz report` for the app's progress store."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.report.render import group_heading, group_tables, test_line
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.report.build import Report


class ClassScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,b", "back", "Back", id="class.back"),
        Binding("q", "app.request_quit", "Quit", id="class.quit"),
    ]

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report

    def compose(self) -> ComposeResult:
        yield TitleBar("Class report", "quiz report")
        with VerticalScroll(id="class-body", can_focus=True):
            for note in self.report.notes:
                yield Static(Content(f"Note: {note}"), classes="note")
            for g in self.report.groups:
                yield Static(Content.styled(group_heading(g), "bold $text-accent"))
                for table in group_tables(g):
                    yield Static(table)
                yield Static(Content(test_line(g)))
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#class-body").focus()

    def action_back(self) -> None:
        self.dismiss()
