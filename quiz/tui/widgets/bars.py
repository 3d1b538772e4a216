"""The bars at the top of every screen: a title (bank text, shown literally) and a status line.

Each bar is one widget that lays out its own line, rather than a row of two Statics: the run
screen's first frame is the start-up target (bench/startup.py), and every widget on it costs
styles, layout and paint.
"""

from __future__ import annotations

from textual.content import Content
from textual.widget import Widget

from quiz.tui.text import literal

GAP = 2  # cells between the left text and the right one


def split_line(left: Content, right: Content, width: int) -> Content:
    """`left`, then `right` against the right edge; `left` is cut short (…) to make room."""
    if not right.cell_length:
        return left.truncate(width, ellipsis=True)
    room = width - right.cell_length - GAP
    if room < 1:
        return right.truncate(width, ellipsis=True)
    left = left.truncate(room, ellipsis=True)
    return left + " " * (width - left.cell_length - right.cell_length) + right


class TitleBar(Widget):
    """Left: what this is (a bank or article title, never parsed as markup); right: where."""

    def __init__(self, title: str, right: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="title-bar")
        self._title = literal(title.replace("\n", " "), "bold")
        self._right = literal(right, "$text-muted")

    def render(self) -> Content:
        return split_line(self._title, self._right, self.content_size.width)


class RunStatus(Widget):
    """Progress, score and streak on the left; the exam countdown on the right."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._progress = Content()
        self._countdown = Content()
        self._time: tuple[str | None, bool] = (None, False)

    def render(self) -> Content:
        return split_line(self._progress, self._countdown, self.content_size.width)

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
        self._progress = Content.assemble(*parts)
        # One line of a fixed size (quiz.tcss): a new score, which comes with every answer's
        # feedback, needs a repaint but no layout.
        self.refresh()

    def show_time(self, left: str | None, *, low: bool = False) -> None:
        if (left, low) == self._time:
            return
        self._time = (left, low)
        if left is None:
            countdown = Content()
        elif low:  # the last minute: a warning colour, and the words stay bold as well
            countdown = Content.styled(f"{left} left", "bold $text-warning")
        else:
            countdown = Content.assemble((left, "bold"), " left")
        self._countdown = countdown
        self.refresh()
