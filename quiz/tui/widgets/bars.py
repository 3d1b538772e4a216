"""The bars at the top of every screen: a title (bank text, shown literally) and a status line."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static


class TitleBar(Horizontal):
    """Left: what this is (a bank or article title, never parsed as markup); right: where."""

    def __init__(self, title: str, right: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="title-bar")
        self._title = title
        self._right = right

    def compose(self) -> ComposeResult:
        yield Static(Content(self._title), classes="title-bar--title")
        yield Static(Content(self._right), classes="title-bar--right")

    def set_right(self, text: str) -> None:
        self.query_one(".title-bar--right", Static).update(Content(text))


class RunStatus(Horizontal):
    """Progress, score and streak on the left; the exam countdown on the right."""

    def compose(self) -> ComposeResult:
        yield Static(id="progress")
        yield Static(id="countdown")

    def show(
        self, *, number: int, total: int, score: str, out_of: str, streak: int, marks: bool = True
    ) -> None:
        """`marks=False` (exam mode): progress only, since a score would tell right from wrong."""
        parts: list[str | tuple[str, str]] = [
            ("Question ", "$foreground-muted"),
            (f"{number} / {total}", "bold"),
        ]
        if marks:
            parts += [("  ·  Score ", "$foreground-muted"), (f"{score} of {out_of}", "bold")]
        if marks and streak > 1:
            parts += [("  ·  Streak ", "$foreground-muted"), (str(streak), "bold")]
        # Its size is fixed (quiz.tcss), so a new score, which comes with every answer's
        # feedback, needs a repaint but no layout.
        self.query_one("#progress", Static).update(Content.assemble(*parts), layout=False)

    def show_time(self, left: str | None, *, low: bool = False) -> None:
        countdown = self.query_one("#countdown", Static)
        countdown.display = left is not None
        countdown.set_class(low, "-low")
        if left is not None:
            countdown.update(Content.assemble((left, "bold"), " left"))
