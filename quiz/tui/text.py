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

from quiz.bank.model import format_number
from quiz.textsafe import is_control, printable, strip_format

if TYPE_CHECKING:
    from quiz.runs import Citation
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
class Verdict:
    """A verdict as the learner reads it: a symbol and a word (never colour alone)."""

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


RIGHT = Verdict("✓", "Right", "success")
PARTLY = Verdict("◐", "Partly right", "warning")
WRONG = Verdict("✗", "Wrong", "error")
SKIPPED = Verdict("↷", "Skipped", "error")
UNANSWERED = Verdict("–", "Not answered", "muted")


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


def verdict_of(record: AnswerRecord | None) -> Verdict:
    """The same thresholds as line mode: the credit after a hint decides."""
    if record is None:
        return UNANSWERED
    if record.skipped:
        return SKIPPED
    if record.credit >= 1:
        return RIGHT
    return PARTLY if record.credit > 0 else WRONG


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
        return "(skipped)"
    presented = record.presented
    options = presented.options
    if not options:
        return safe(record.response)
    picks: list[str] = []
    for part in record.response.replace(",", " ").split():
        if part.isascii() and part.isdigit() and 1 <= int(part) <= len(options):
            picks.append(option_label(presented, options[int(part) - 1]))
        else:
            return safe(record.response)  # typed as text: show it as typed
    joiner = " → " if presented.question.kind == "order" else ", "
    return joiner.join(picks)


def expected_text(presented: Presented) -> str:
    question = presented.question
    if question.kind == "claim":
        return VERDICT_LABELS.get(question.expected, safe(question.expected))
    return safe(question.expected)


def points(value: float) -> str:
    return format_number(round(value, 2))


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


def instructions(presented: Presented) -> str:
    """One line under the prompt on how to answer this kind."""
    question = presented.question
    match question.kind:
        case "choice":
            return "Pick one: 1-9 or ↑ ↓, then Enter."
        case "claim":
            return "Is the claim supported, refuted, or not in the article? 1-3, then Enter."
        case "multi":
            return "Pick all that apply: 1-9 or Space toggles, then Enter."
        case "order":
            return "Put them in order: ↑ ↓ choose, u / d move, then Enter."
        case "number":
            unit = f" in {question.unit}" if question.unit else ""
            return f"Type a number{unit}, then Enter."
        case "date":
            return "Type a date (2004, January 2017, 2017-01-15), then Enter."
        case _:
            return "Type your answer, then Enter."
