"""The first screen of a served lesson: the learner's name, then the class code if it has one.

Enter on the last field asks to join (`JoinScreen.Join`); the app checks the name and the
code and either starts the run or sends an error back (`show_error`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from quiz.lesson import MAX_NAME
from quiz.textsafe import printable
from quiz.tui.widgets.bars import TitleBar
from quiz.tui.widgets.footer import QuizFooter

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class JoinScreen(Screen[None]):
    app: QuizApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "app.request_quit", "Leave", id="join.quit"),
        # Enter on the name moves to the code at once, as the key is dispatched: keys typed
        # right behind it (a fast typist, a paste) then go to the code, not the name.
        Binding("enter", "next_field", show=False, priority=True),
    ]

    class Join(Message):
        """The learner pressed Enter on the last field."""

        def __init__(self, screen: JoinScreen, name: str, code: str) -> None:
            super().__init__()
            self.join_screen = screen
            self.name = name
            self.code = code

    def __init__(self, class_name: str, title: str, *, needs_code: bool) -> None:
        super().__init__()
        self.class_name = class_name
        self.bank_title = title
        self.needs_code = needs_code
        self.busy = False

    def compose(self) -> ComposeResult:
        yield TitleBar(printable(self.bank_title, newlines=False), "Join")
        with Vertical(id="join-body"):
            yield Static(
                Content.assemble(
                    ("Class ", "$foreground-muted"),
                    (printable(self.class_name, newlines=False), "bold"),
                ),
                id="join-class",
            )
            yield Static(Content("Your name"), classes="heading")
            yield Input(
                placeholder="as your teacher knows you",
                max_length=MAX_NAME,
                id="join-name",
            )
            if self.needs_code:
                yield Static(Content("Class code"), classes="heading")
                yield Input(placeholder="the code on the board", password=True, id="join-code")
            yield Static(Content(""), id="join-error")
            yield Static(
                Content.styled("Enter to join. Your answers are saved as you go.", "$text-muted"),
                id="join-help",
            )
        yield QuizFooter()

    def on_mount(self) -> None:
        self.query_one("#join-name", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_field":
            # Otherwise Enter goes to the field: it submits after the keys typed before it.
            return self.needs_code and self.focused is self.query_one("#join-name", Input)
        return True

    def action_next_field(self) -> None:
        self.set_focus(self.query_one("#join-code", Input))  # now, not after the queued keys

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        name = self.query_one("#join-name", Input)
        if self.needs_code and event.input is name:
            self.query_one("#join-code", Input).focus()
            return
        if self.busy:
            return
        code = self.query_one("#join-code", Input).value if self.needs_code else ""
        self.busy = True
        self.show_error("")
        self.post_message(self.Join(self, name.value, code))

    def show_error(self, message: str) -> None:
        self.busy = False
        self.query_one("#join-error", Static).update(
            Content.styled(f"⚠ {message}", "$text-error") if message else Content("")
        )
        if message and self.needs_code and "code" in message:
            code = self.query_one("#join-code", Input)
            code.clear()
            self.set_focus(code)
        elif message:
            self.set_focus(self.query_one("#join-name", Input))
