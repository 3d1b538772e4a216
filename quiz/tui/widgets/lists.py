"""The list answer widgets: choice and claim (one pick), multi (any picks), order (a ranking).

Each posts `Answered` with the option numbers as shown, the form the grader reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import OptionList, SelectionList
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from quiz.tui.messages import Answered
from quiz.tui.text import numbered, option_label

if TYPE_CHECKING:
    from quiz.session import Presented

MOVE = Binding.Group("Move", compact=True)


def _digit_bindings(action: str, description: str) -> list[BindingType]:
    # One footer entry ("1-9 Pick") for nine keys: only the first binding is shown.
    return [
        Binding(
            str(n),
            f"{action}({n - 1})",
            description,
            show=n == 1,
            key_display="1-9",
            id=f"answer.{action}.{n}",
        )
        for n in range(1, 10)
    ]


class ChoiceList(OptionList):
    """choice and claim: one pick. 1-9 moves to an option, Enter answers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_digit_bindings("pick", "Pick"),
        Binding("enter", "select", "Answer", id="answer.submit", tooltip="Check this answer"),
    ]

    def __init__(self, presented: Presented) -> None:
        options = [
            Option(numbered(i, option_label(presented, text)), id=f"o{i}")
            for i, text in enumerate(presented.options)
        ]
        super().__init__(*options, id="answer", classes="answer")

    def on_mount(self) -> None:
        self.highlighted = 0

    def action_pick(self, index: int) -> None:
        if index < self.option_count:
            self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(str(event.option_index + 1)))


class MultiList(SelectionList[int]):
    """multi: any number of picks. 1-9 or Space toggles, Enter answers."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *_digit_bindings("toggle_index", "Toggle"),
        # Not SelectionList's own select, which toggles only when its message comes round:
        # an Enter right behind the space (a paste, a fast typist) would miss the pick.
        Binding("space", "toggle_highlighted", "Toggle", show=False),
        Binding("enter", "submit", "Answer", id="answer.submit", tooltip="Check these picks"),
    ]

    def __init__(self, presented: Presented) -> None:
        self._labels = [numbered(i, text) for i, text in enumerate(presented.options)]
        self._shown: list[bool] = [False] * len(self._labels)  # picked, as the prompts say
        selections = [
            Selection(_pick_prompt(label, picked=False), i, id=f"o{i}")
            for i, label in enumerate(self._labels)
        ]
        super().__init__(*selections, id="answer", classes="answer")

    def on_mount(self) -> None:
        self.highlighted = 0

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        # Textual's box looks the same ticked or not but for its colour: the prompt says it too.
        picked = set(self.selected)
        for i, label in enumerate(self._labels):
            if (i in picked) != self._shown[i]:
                self._shown[i] = i in picked
                self.replace_option_prompt_at_index(i, _pick_prompt(label, picked=i in picked))

    def action_toggle_index(self, index: int) -> None:
        if index < self.option_count:
            self.highlighted = index
            self.toggle(index)

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle(self.highlighted)

    def action_submit(self) -> None:
        # Picks in display order, so "1, 3" whatever order they were toggled in.
        picks = sorted(self.selected)
        self.post_message(Answered(", ".join(str(i + 1) for i in picks)))


def _pick_prompt(label: Content, *, picked: bool) -> Content:
    return Content.assemble(("✓ " if picked else "  ", "bold $text-success"), label)


class OrderList(OptionList):
    """order: the items as shown; move the highlighted one up or down, Enter answers with the
    items' original numbers in the new order."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # One footer entry for both: "u d Move".
        Binding("u,shift+up", "move(-1)", "Up", id="answer.move_up", group=MOVE),
        Binding("d,shift+down", "move(1)", "Down", id="answer.move_down", group=MOVE),
        Binding("enter", "submit", "Answer", id="answer.submit", tooltip="Check this order"),
    ]

    def __init__(self, presented: Presented) -> None:
        self.items: tuple[str, ...] = presented.options
        self.order: list[int] = list(range(len(self.items)))
        super().__init__(*self._options(), id="answer", classes="answer")

    def _options(self) -> list[Option]:
        return [Option(numbered(pos, self.items[item])) for pos, item in enumerate(self.order)]

    def on_mount(self) -> None:
        self.highlighted = 0

    def action_move(self, step: int) -> None:
        here = self.highlighted
        if here is None:
            return
        there = here + step
        if not 0 <= there < len(self.order):
            return
        self.order[here], self.order[there] = self.order[there], self.order[here]
        for pos in (here, there):
            self.replace_option_prompt_at_index(pos, numbered(pos, self.items[self.order[pos]]))
        self.highlighted = there

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # A click or Enter on a row: Enter is rebound to submit, so this is a mouse pick only.
        event.stop()

    def action_submit(self) -> None:
        self.post_message(Answered(", ".join(str(item + 1) for item in self.order)))
