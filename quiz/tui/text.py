"""Turning bank and article text into `Content`, never through the markup parser.

Everything a bank author or an article wrote may contain `[`, so it always enters the UI as a
literal (`Content(text)` or a `(text, style)` part of `Content.assemble`). Styles are only ever
applied here, by offset.

And it may contain control characters (an ESC that starts an OSC 52 clipboard write, a C1 CSI):
Textual strips only a few of them, so every string from a bank, an article, a file name, the
store or the learner goes through `safe` (or `highlight`, which keeps its styled offsets) before
it becomes Content. This module is the one place the app does that (quiz.textsafe's rule).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.content import Content, Span

from quiz import meanings
from quiz.textsafe import is_control, printable, strip_format

if TYPE_CHECKING:
    from collections.abc import Sequence

    from quiz.bank.model import Question
    from quiz.runs import Citation, CitedParagraph
    from quiz.session import AnswerRecord, Presented

# Theme variables, resolved by Textual when the content is rendered.
PROOF_STYLE = "bold underline $text-accent on $accent 25%"
CITED_STYLE = "underline"
CURRENT_STYLE = "bold reverse"

VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported by the article",
    "refuted": "Refuted by the article",
    "not-in-source": "Not in the article",
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """How an answer went (quiz.meanings.Outcome) as the app draws it: a symbol and a word
    (never colour alone), in its variant's colour."""

    symbol: str
    word: str
    variant: str  # css class suffix and theme colour: success, warning, error, muted

    @property
    def label(self) -> str:
        return f"{self.symbol} {self.word}"

    @property
    def style(self) -> str:
        return "bold $foreground-muted" if self.variant == "muted" else f"bold $text-{self.variant}"

    def content(self) -> Content:
        return Content.styled(self.label, self.style)


def _from(words: meanings.Outcome) -> Outcome:
    return Outcome(words.symbol, words.word, words.variant)


RIGHT = _from(meanings.RIGHT)
PARTLY = _from(meanings.PARTLY)
WRONG = _from(meanings.WRONG)
SKIPPED = _from(meanings.SKIPPED)
UNANSWERED = _from(meanings.UNANSWERED)


def safe(text: str, *, newlines: bool = True) -> str:
    """`text` from a file or a person, made safe to show: controls as visible symbols, format
    characters dropped. `newlines=False` for one-line places (titles, list rows)."""
    return printable(text, newlines=newlines)


def typed(text: str) -> str:
    """Text typed or pasted into an answer box, without the characters that cannot be typed or
    seen there (controls, format characters): what is graded is what shows."""
    text = strip_format(text)
    return text if text.isprintable() else "".join(c for c in text if not is_control(c))


def literal(text: str, style: str = "") -> Content:
    """Bank, article or typed text as Content: made `safe`, never parsed as markup."""
    return Content.styled(safe(text), style) if style else Content(safe(text))


def outcome_of(record: AnswerRecord | None) -> Outcome:
    """quiz.meanings.outcome, as line mode shows it: the credit after aids decides."""
    if record is None:
        return UNANSWERED
    return _from(meanings.outcome(record.credit, record.skipped))


def option_label(presented: Presented, option: str) -> str:
    """Claim verdicts get words a reader understands; other options are shown as written."""
    if presented.question.kind == "claim":
        return VERDICT_LABELS.get(option, option)
    return safe(option)


def numbered(index: int, text: str) -> Content:
    """`1  text`: the digit that picks the option, then the option, literally."""
    key = str(index + 1) if index < 9 else " "
    return Content.assemble((key, "bold $text-accent"), "  ", safe(text))


def response_text(record: AnswerRecord) -> str:
    """What the learner answered, in words: option numbers become the options they picked."""
    if record.skipped:
        return meanings.SKIPPED_ANSWER
    presented = record.presented
    if not record.chosen:
        return safe(record.response)
    joiner = meanings.answer_joiner(presented.question.kind)
    return joiner.join(option_label(presented, option) for option in record.chosen)


def expected_text(presented: Presented) -> str:
    question = presented.question
    if question.kind == "claim":
        return VERDICT_LABELS.get(question.expected, safe(question.expected))
    return safe(question.expected)


points = meanings.points


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    minutes, secs = divmod(seconds, 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}h {minutes:02d}m"
    return f"{minutes}m {secs:02d}s" if minutes else f"{secs}s"


def clock(seconds: float) -> str:
    """A countdown as mm:ss."""
    seconds = max(0, int(seconds + 0.999))  # 0.2 s left still reads 00:01
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def highlight(text: str, spans: list[tuple[int, int, str]]) -> Content:
    """`text` made `safe`, with styles at (start, end) offsets into the original `text`;
    out-of-range parts are clipped. Making it safe can change its length (a C1 control becomes
    `<U+009B>`, a format character goes), so each piece between two offsets is made safe on
    its own and the offsets are moved with it."""
    length = len(text)
    clipped = [
        (max(0, start), min(length, end), style)
        for start, end, style in spans
        if min(length, end) > max(0, start)
    ]
    if safe(text) == text:
        return Content(text, [Span(start, end, style) for start, end, style in clipped])
    cuts = sorted({0, length, *(s for s, _, _ in clipped), *(e for _, e, _ in clipped)})
    moved: dict[int, int] = {}
    pieces: list[str] = []
    size = 0
    for a, b in itertools.pairwise(cuts):
        moved[a] = size
        piece = safe(text[a:b])
        pieces.append(piece)
        size += len(piece)
    moved[length] = size
    marks = [Span(moved[start], moved[end], style) for start, end, style in clipped]
    return Content("".join(pieces), marks)


def citation_content(citation: Citation) -> Content:
    """The citation's whole paragraph with the proving words highlighted."""
    return highlight(citation.paragraph_text, [(citation.start, citation.end, PROOF_STYLE)])


def cited_paragraph_content(cited: CitedParagraph) -> Content:
    """A cited paragraph, once, with every quote of the question in it highlighted."""
    return highlight(cited.text, [(a, b, PROOF_STYLE) for a, b in cited.marks])


INPUT_KINDS = frozenset({"text", "number", "date"})


def instructions(
    presented: Presented,
    bank_questions: Sequence[Question] = (),
    *,
    hints: bool = True,
    source: bool = True,
) -> str:
    """One line under the prompt on how to answer this kind, and what the aids cost, said
    before they are taken (`hints`, `source`: whether this run allows them)."""
    question = presented.question
    text = meanings.app_instructions(
        question, len(presented.options), bank_questions or (question,)
    )
    typed = question.kind in INPUT_KINDS
    aids: list[str] = []
    if hints and question.hint:
        aids.append(f"{'? or ctrl+t' if typed else 'h'} hint")
    if source:
        aids.append(f"{'ctrl+s' if typed else 's'} article")
    if aids:
        each = "each halves" if len(aids) > 1 else "halves"
        text += f"\n{', '.join(aids)}: {each} the credit."
    return text
