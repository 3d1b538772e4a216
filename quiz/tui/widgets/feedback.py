"""The verdict on one answer, and the article's own words that prove the right answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from quiz.tui.text import citation_content, expected_text, points, response_text, verdict_of

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Presented

VARIANTS = ("success", "warning", "error", "muted")  # see quiz.tui.text.Verdict


def _field(label: str, value: str, style: str = "") -> Content:
    return Content.assemble((f"{label}: ", "$foreground-muted"), (value, style))


def verdict_line(presented: Presented, record: AnswerRecord | None) -> tuple[Content, str]:
    """The verdict in a symbol and a word, and the points; and the verdict's variant."""
    verdict = verdict_of(record)
    question = presented.question
    line = [verdict.content()]
    if record is not None and not record.skipped:
        line.append(
            Content.styled(
                f"   {points(record.score)} of {points(question.points)} "
                f"point{'s' if question.points != 1 else ''}",
                "$foreground-muted",
            )
        )
    return Content.assemble(*line), verdict.variant


def details(presented: Presented, record: AnswerRecord | None) -> Content:
    """The prompt, the answer given and the right one, the grader's reason, the hint note."""
    question = presented.question
    lines: list[Content | str] = [Content.styled(question.prompt, "$foreground-muted"), ""]
    if record is not None:
        lines.append(_field("Your answer", response_text(record), "bold"))
    lines.append(_field("Right answer", expected_text(presented), "bold"))
    if record is not None and not record.skipped and record.grade.reason:
        lines.append(_field("Why", record.grade.reason))
    if record is not None and record.hint_used:
        lines.append(_field("Hint", "taken, so the credit is halved"))
    return Content("\n").join(lines)


def citations(run: Run, presented: Presented) -> Content:
    """Each cited paragraph under its heading, with the proving words highlighted."""
    found = run.citations(presented.question)
    if not found:
        return Content.styled("The article does not say this.", "italic")
    return Content("\n\n").join(
        Content.styled(f"Source · paragraph {citation.paragraph}", "bold $text-accent")
        + "\n"
        + citation_content(citation)
        for citation in found
    )


def body(run: Run, presented: Presented, record: AnswerRecord | None) -> Content:
    """Everything under the verdict, as one Content for one widget."""
    parts = [details(presented, record), citations(run, presented)]
    if presented.question.explain:
        parts.append(_field("Explanation", presented.question.explain))
    return Content("\n\n").join(parts)


class FeedbackBody(Static, can_focus=True):
    """Takes the focus on the feedback, so that Enter and the pane's scroll keys reach it."""


class FeedbackPane(VerticalScroll, can_focus=False):
    """The feedback on one answer: a verdict line and one body, filled by `show`, not rebuilt.

    The run screen mounts one pane for the whole run and refills it on every answer: each
    widget costs style, layout and paint work on the way from the keypress to the frame, and
    this is on every answer's path; so all the text under the verdict is one Static. For the
    same reason `show` changes no CSS class (a change re-applies the stylesheet to the widget,
    about 1 ms): there is one verdict line per variant, styled once, and `show` picks one with
    `display`, an inline style. And the focus goes to the body, a leaf, not to the pane: a
    focus change re-styles the focused widget with all its children. The pane's scroll keys
    still work from there.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._verdict: Static | None = None

    def compose(self) -> ComposeResult:
        for variant in VARIANTS:
            verdict = Static(id=f"verdict-{variant}", classes=f"verdict -{variant}")
            verdict.display = False
            yield verdict
        yield FeedbackBody(id="feedback")

    @property
    def body(self) -> FeedbackBody:
        return self.query_one(FeedbackBody)

    def show(self, run: Run, presented: Presented, record: AnswerRecord | None) -> None:
        line, variant = verdict_line(presented, record)
        verdict = self.query_one(f"#verdict-{variant}", Static)
        verdict.update(line)
        if verdict is not self._verdict:
            if self._verdict is not None:
                self._verdict.display = False
            verdict.display = True
            self._verdict = verdict
        self.body.update(body(run, presented, record))
        self.scroll_home(animate=False)
