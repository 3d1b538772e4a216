"""One question's feedback opened from Results: the verdict and the article's proof.

During a run the feedback is not a screen: the run screen shows it in place (see run.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen

from quiz.tui.messages import SourceWanted
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.feedback import FeedbackPane
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Presented


class FeedbackScreen(Screen[None]):
    """Enter or Escape goes back to the results."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,escape", "back", "Back", id="feedback.back", tooltip="Back to the results"),
        Binding("s", "source", "Source", id="feedback.source", tooltip="The whole article"),
        Binding("q", "app.request_quit", "Quit", id="feedback.quit"),
    ]

    def __init__(self, run: Run, presented: Presented, record: AnswerRecord | None) -> None:
        super().__init__()
        self.run = run
        self.presented = presented
        self.record = record

    def compose(self) -> ComposeResult:
        run, presented = self.run, self.presented
        yield TitleBar(run.bank.title, f"Question {presented.number} of {run.session.total}")
        yield FeedbackPane(id="feedback-body")
        yield QuizFooter()

    def on_mount(self) -> None:
        pane = self.query_one(FeedbackPane)
        pane.show(self.run, self.presented, self.record)
        pane.body.focus(scroll_visible=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "source" or self.run.config.allows_source

    def action_back(self) -> None:
        self.dismiss()

    def action_source(self) -> None:
        self.post_message(SourceWanted(self.presented.question))
