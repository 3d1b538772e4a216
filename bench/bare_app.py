"""The reference for bench/startup.py: a bare Textual app that paints one Static and one Input.

    python bench/bare_app.py

Nothing else: no CSS file, no footer, no screens of its own. bench/startup.py times how long
this takes to show its text in a real terminal, and the quiz's first question against it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Input, Static

STATIC_TEXT = "A bare Textual app with one Static and one Input"
PLACEHOLDER = "type something here"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(STATIC_TEXT)
        yield Input(placeholder=PLACEHOLDER)


if __name__ == "__main__":
    BareApp().run()
