"""The verdict on one answer, and the article's own words that prove the right answer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.text import (
    citation_content,
    expected_text,
    points,
    response_text,
    verdict_of,
)
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Presented
    from quiz.tui.app import QuizApp


def _field(label: str, value: str, style: str = "") -> Content:
    return Content.assemble((f"{label}: ", "$foreground-muted"), (value, style))


class FeedbackScreen(Screen[None]):
    """After an answer (Enter goes on to the next question), or from Results (Enter goes back)."""

    app: QuizApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", id="feedback.next", tooltip="The next question"),
        Binding("enter,escape", "back", "Back", id="feedback.back", tooltip="Back to the results"),
        Binding("s", "source", "Source", id="feedback.source", tooltip="The whole article"),
        Binding("q", "app.request_quit", "Quit", id="feedback.quit"),
    ]

    def __init__(
        self, run: Run, presented: Presented, record: AnswerRecord | None, *, reviewing: bool
    ) -> None:
        super().__init__(classes="-reviewing" if reviewing else "")
        self.run = run
        self.presented = presented
        self.record = record
        self.reviewing = reviewing

    def compose(self) -> ComposeResult:
        run, presented, record = self.run, self.presented, self.record
        question = presented.question
        yield TitleBar(run.bank.title, f"Question {presented.number} of {run.session.total}")
        with VerticalScroll(id="feedback-body", can_focus=True):
            verdict = verdict_of(record)
            line = [verdict.content()]
            if record is not None and not record.skipped:
                line.append(
                    Content.styled(
                        f"   {points(record.score)} of {points(question.points)} "
                        f"point{'s' if question.points != 1 else ''}",
                        "$foreground-muted",
                    )
                )
            yield Static(Content.assemble(*line), id="verdict", classes=f"-{verdict.variant}")
            # Few widgets, many lines: each widget costs style and layout work on the way
            # from the keypress to this screen, and this screen is on every answer's path.
            details: list[Content] = [Content.styled(question.prompt, "$foreground-muted"), ""]
            if record is not None:
                details.append(_field("Your answer", response_text(record), "bold"))
            details.append(_field("Right answer", expected_text(presented), "bold"))
            if record is not None and not record.skipped and record.grade.reason:
                details.append(_field("Why", record.grade.reason))
            if record is not None and record.hint_used:
                details.append(_field("Hint", "taken, so the credit is halved"))
            yield Static(Content("\n").join(details), id="details")
            citations = run.citations(question)
            for citation in citations:
                heading = Content.styled(
                    f"Source · paragraph {citation.paragraph}", "bold $text-accent"
                )
                yield Static(heading + "\n" + citation_content(citation), classes="citation")
            if not citations:
                yield Static(
                    Content.styled("The article does not say this.", "italic"), classes="citation"
                )
            if question.explain:
                yield Static(_field("Explanation", question.explain), id="explain")
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#feedback-body").focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Enter goes on during a run, and back to the list when reviewing from Results.
        if action == "next":
            return not self.reviewing
        if action == "back":
            return self.reviewing
        return True

    def action_next(self) -> None:
        self.app.next_question()

    def action_back(self) -> None:
        self.dismiss()

    def action_source(self) -> None:
        self.app.show_source(self.presented.question)
