"""A failure the learner should know about (the progress store could not save an answer), in a
modal they dismiss; the app goes on where it was."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from quiz.tui.text import literal


class ErrorScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter,o", "dismiss_error", "OK", id="error.ok"),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__(classes="error-dialog")
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled(f"⚠ {self.title_text}", "bold $text-error"), id="title")
            yield Static(literal(self.message), id="question")
            yield Button(Content.assemble(("O", "underline"), "K"), id="ok", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#ok", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss()

    def action_dismiss_error(self) -> None:
        self.dismiss()
