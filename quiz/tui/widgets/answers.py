"""One answer widget per question kind. Each one posts `Answered(response)` with the response
in the form the grader reads: option numbers as shown ("2", "1, 3", "3, 1, 2"), or the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input

from quiz.meanings import placeholder
from quiz.tui import widgets
from quiz.tui.messages import Answered
from quiz.tui.text import typed

if TYPE_CHECKING:
    from collections.abc import Sequence

    from quiz.bank.model import Question
    from quiz.session import Presented


class AnswerInput(Input):
    """Text, number and date answers. `?` alone asks for the hint, as in line mode."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Answer", id="answer.submit", tooltip="Check this answer"),
    ]

    def __init__(
        self,
        presented: Presented,
        *,
        cursor_blink: bool = True,
        bank_questions: Sequence[Question] = (),
        hints: bool = True,
    ) -> None:
        question = presented.question
        shape = placeholder(question, bank_questions or (question,))
        if hints and question.hint:
            shape += "  (? for a hint)"
        super().__init__(
            placeholder=shape,
            id="answer",
            classes="answer",
            select_on_focus=False,
        )
        self.cursor_blink = cursor_blink

    def replace(self, text: str, start: int, end: int) -> None:
        # Every insertion (a key, a paste) comes through here.
        super().replace(typed(text), start, end)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value))


def answer_widget(
    presented: Presented,
    *,
    cursor_blink: bool = True,
    bank_questions: Sequence[Question] = (),
    hints: bool = True,
) -> Widget:
    kind = presented.question.kind
    if kind in ("choice", "claim", "multi", "order"):
        # Through the package, imported on first use: a run that opens on a typed answer
        # paints its first frame without importing (or styling) Textual's list widgets.
        match kind:
            case "choice" | "claim":
                return widgets.ChoiceList(presented)
            case "multi":
                return widgets.MultiList(presented)
            case _:
                return widgets.OrderList(presented)
    return AnswerInput(
        presented, cursor_blink=cursor_blink, bank_questions=bank_questions, hints=hints
    )
