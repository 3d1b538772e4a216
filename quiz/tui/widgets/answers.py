"""One answer widget per question kind. Each one posts `Answered(response)` with the response
in the form the grader reads: option numbers as shown ("2", "1, 3", "3, 1, 2"), or the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input

if TYPE_CHECKING:
    from quiz.session import Presented


@dataclass
class Answered(Message):
    """The learner gave a response (not yet graded)."""

    response: str


class AnswerInput(Input):
    """Text, number and date answers. `?` alone asks for the hint, as in line mode."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Answer", id="answer.submit", tooltip="Check this answer"),
    ]

    def __init__(
        self, presented: Presented, *, cursor_blink: bool = True, hints: bool = True
    ) -> None:
        kind = presented.question.kind
        placeholder = {
            "number": "a number, e.g. 478 or 1,250",
            "date": "a date, e.g. 2004 or January 2017",
        }.get(kind, "your answer")
        super().__init__(
            placeholder=f"{placeholder}  (? for a hint)" if hints else placeholder,
            id="answer",
            classes="answer",
            select_on_focus=False,
        )
        self.cursor_blink = cursor_blink

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value))


def answer_widget(presented: Presented, *, cursor_blink: bool = True, hints: bool = True) -> Widget:
    kind = presented.question.kind
    if kind in ("choice", "claim", "multi", "order"):
        # Imported on first use: a run that opens on a typed answer paints its first frame
        # without importing (or styling) Textual's list widgets.
        from quiz.tui.widgets import lists

        match kind:
            case "choice" | "claim":
                return lists.ChoiceList(presented)
            case "multi":
                return lists.MultiList(presented)
            case _:
                return lists.OrderList(presented)
    return AnswerInput(presented, cursor_blink=cursor_blink, hints=hints)
