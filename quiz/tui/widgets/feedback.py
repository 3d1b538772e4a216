"""The outcome of one answer, and the article's own words that prove the right answer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from quiz.tui.text import (
    cited_paragraph_content,
    expected_text,
    literal,
    outcome_of,
    points,
    response_text,
    safe,
)

if TYPE_CHECKING:
    from quiz.runs import Run
    from quiz.session import AnswerRecord, Presented

# Per outcome variant (quiz.tui.text.Outcome): the colour of the bar on the left, and a tint.
BAR = {"success": "$success", "warning": "$warning", "error": "$error", "muted": "$primary"}
TINT = {"success": "on $success 10%", "warning": "on $warning 10%", "error": "on $error 10%"}


def _field(label: str, value: str, style: str = "") -> Content:
    return Content.assemble((f"{label}: ", "$foreground-muted"), (safe(value), style))


def outcome_line(presented: Presented, record: AnswerRecord | None) -> tuple[Content, str]:
    """The outcome in a symbol and a word, and the points; and its variant."""
    outcome = outcome_of(record)
    question = presented.question
    line = [outcome.content()]
    if record is not None and not record.skipped:
        line.append(
            Content.styled(
                f"   {points(record.score)} of {points(question.points)} "
                f"point{'s' if question.points != 1 else ''}",
                "$foreground-muted",
            )
        )
    return Content.assemble(*line), outcome.variant


def details(presented: Presented, record: AnswerRecord | None) -> Content:
    """The prompt, the answer given and the right one, the grader's reason, the hint note."""
    question = presented.question
    lines: list[Content | str] = [literal(question.prompt, "$foreground-muted"), ""]
    if record is not None:
        lines.append(_field("Your answer", response_text(record), "bold"))
    lines.append(_field("Right answer", expected_text(presented), "bold"))
    if record is not None and not record.skipped and record.grade.reason:
        lines.append(_field("Why", record.grade.reason))
    if record is not None and record.hint_used:
        lines.append(_field("Hint", "taken, so the credit is halved"))
    if record is not None and record.source_opened:
        lines.append(_field("Article", "opened before answering, so the credit is halved"))
    return Content("\n").join(lines)


def citations(run: Run, presented: Presented) -> Content:
    """Each cited paragraph once, under its heading, with the proving words highlighted."""
    found = run.cited_paragraphs(presented.question)
    if not found:
        return Content.styled("The article does not say this.", "italic")
    return Content("\n\n").join(
        Content.styled(f"Source · paragraph {cited.paragraph}", "bold $text-accent")
        + "\n"
        + cited_paragraph_content(cited)
        for cited in found
    )


def body(run: Run, presented: Presented, record: AnswerRecord | None) -> Content:
    """Everything under the outcome, as one Content for one widget."""
    parts = [details(presented, record), citations(run, presented)]
    if presented.question.explain:
        parts.append(_field("Explanation", presented.question.explain))
    return Content("\n\n").join(parts)


class OutcomeLine(Widget):
    """A bar in the outcome's colour, the symbol and word, and the points, on a tinted line.

    Drawn from one Content rather than styled with a CSS class per outcome: changing a class
    re-applies the stylesheet, and showing one of several widgets changes the layout, each
    on the way from the answer's keypress to its frame."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="outcome")
        self._line = Content()
        self._variant = "muted"

    def show(self, line: Content, variant: str) -> None:
        self._line, self._variant = line, variant
        self.refresh()

    def render(self) -> Content:
        line = Content.assemble(("█", BAR[self._variant]), " ", self._line)
        line = line.truncate(self.content_size.width, ellipsis=True, pad=True)
        return line.stylize_before("bold").stylize(TINT.get(self._variant, ""))


class FeedbackBody(Static, can_focus=True):
    """Takes the focus on the feedback, so that Enter and the pane's scroll keys reach it."""


class FeedbackPane(VerticalScroll, can_focus=False):
    """The feedback on one answer: an outcome line and one body, filled by `show`, not rebuilt.

    The run screen mounts one pane for the whole run and refills it on every answer: each
    widget costs style, layout and paint work on the way from the keypress to the frame, and
    this is on every answer's path; so all the text under the outcome is one Static. For the
    same reason `show` changes no CSS class (a change re-applies the stylesheet to the widget)
    and shows or hides nothing: the outcome line draws its own colours. And the
    focus goes to the body, a leaf, not to the pane: a
    focus change re-styles the focused widget with all its children. The pane's scroll keys
    still work from there.
    """

    def compose(self) -> ComposeResult:
        yield OutcomeLine()
        yield FeedbackBody(id="feedback")

    @property
    def body(self) -> FeedbackBody:
        return self.query_one(FeedbackBody)

    def show(self, run: Run, presented: Presented, record: AnswerRecord | None) -> None:
        self.query_one(OutcomeLine).show(*outcome_line(presented, record))
        self.body.update(body(run, presented, record))
        self.scroll_home(animate=False)
