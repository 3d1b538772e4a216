"""The whole article, with the article's title and provenance. The proof of a question is
marked only once that question is answered (or the run is over): opened before answering,
the article shows no cite of a question still waiting, so it is open-book but honest."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from quiz.tui.text import CITED_STYLE, CURRENT_STYLE, highlight, literal
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.bank.model import Question
    from quiz.runs import Run
    from quiz.tui.app import QuizApp


class SourceScreen(Screen[None]):
    app: QuizApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,s,b", "back", "Back", id="source.back", tooltip="Back to the question"),
        Binding("n", "jump(1)", "Next cite", id="source.next", tooltip="Next paragraph cited"),
        Binding("p", "jump(-1)", "Prev cite", id="source.previous"),
        Binding("q", "app.request_quit", "Quit", id="source.quit"),
    ]

    def __init__(self, run: Run, question: Question | None) -> None:
        super().__init__()
        self.run = run
        session = run.session
        answered = {r.presented.question.id for r in session.answers}
        # Which questions' cites may be marked: answered ones, or all once the run is over.
        self.revealed: set[str] | None = None if session.finished else answered
        if question is not None and self.revealed is not None and question.id not in answered:
            question = None  # waiting for its answer: its proof stays unmarked
        self.question = question
        self.cited: list[int] = []  # paragraph numbers with any cite, in order
        self.current: list[int] = []  # paragraph numbers with the current question's cites

    def compose(self) -> ComposeResult:
        bank = self.run.bank
        source = bank.source
        yield TitleBar(source.title or bank.title, "Source")
        with VerticalScroll(id="article", can_focus=True):
            yield Static(self._provenance(), id="provenance")
            yield Static(self._legend(), id="legend")
            yield from self._paragraphs()
        yield QuizFooter()

    def _provenance(self) -> Content:
        source = self.run.bank.source
        parts = [p for p in (source.publisher, source.date, source.url) if p]
        if not parts:
            parts = [source.path.name]
        return literal(" · ".join(parts), "$foreground-muted")

    def _legend(self) -> Content:
        cited = (
            ": cited by a question" if self.revealed is None else ": cited by a question answered"
        )
        parts: list[str | tuple[str, str]] = [("underlined", CITED_STYLE), cited]
        if self.question is not None:
            parts += ["   ", ("reversed", CURRENT_STYLE), ": this question"]
        return Content.assemble(*parts)

    def _paragraphs(self) -> ComposeResult:
        document = self.run.document
        text = document.text
        current_id = self.question.id if self.question is not None else None
        spans = [
            (qid, span)
            for qid, span in self.run.cited_spans()
            if self.revealed is None or qid in self.revealed
        ]
        for paragraph in document.paragraphs:
            marks: list[tuple[int, int, str]] = []
            is_current = False
            for question_id, span in spans:
                if span.end <= paragraph.start or span.start >= paragraph.end:
                    continue
                mine = question_id == current_id
                is_current = is_current or mine
                # Current marks go last, so they win where spans overlap.
                marks.append(
                    (span.start - paragraph.start, span.end - paragraph.start, CITED_STYLE)
                )
                if mine:
                    marks.append(
                        (span.start - paragraph.start, span.end - paragraph.start, CURRENT_STYLE)
                    )
            if marks:
                self.cited.append(paragraph.number)
            if is_current:
                self.current.append(paragraph.number)
            classes = "paragraph"
            if marks:
                classes += " -current" if is_current else " -cited"
            # The left rule (thick: this question, thin: another cite) is a second cue next to
            # the span styles, so no mark depends on colour.
            yield Static(
                highlight(text[paragraph.start : paragraph.end], marks),
                id=f"p{paragraph.number}",
                classes=classes,
            )

    def on_mount(self) -> None:
        self.query_one("#article").focus()
        if self.current:
            # After the first layout, so that the paragraph has a place to scroll to.
            self.call_after_refresh(self._scroll_to, self.current[0])

    def _scroll_to(self, number: int) -> None:
        self.query_one(f"#p{number}").scroll_visible(top=True, animate=False)

    def action_back(self) -> None:
        self.dismiss()

    def action_jump(self, step: int) -> None:
        if not self.cited:
            return
        article = self.query_one("#article", VerticalScroll)
        top = article.scroll_y
        offsets = [(self.query_one(f"#p{n}").virtual_region.y, n) for n in self.cited]
        if step > 0:
            later = [n for y, n in offsets if y > top + 0.5]
            target = later[0] if later else offsets[0][1]
        else:
            earlier = [n for y, n in offsets if y < top - 0.5]
            target = earlier[-1] if earlier else offsets[-1][1]
        self._scroll_to(target)
