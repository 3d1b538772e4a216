"""The run screen's own widgets, tested without an app where they can be."""

from __future__ import annotations

import pytest
from textual.content import Content

from quiz.tui.widgets.bars import GAP, split_line


@pytest.mark.parametrize(
    ("left", "right", "width", "expected"),
    [
        ("Kuwait", "Practice", 20, "Kuwait      Practice"),
        ("Kuwait", "", 10, "Kuwait"),
        ("A long bank title", "Exam", 16, "A long ba…  Exam"),
        ("A long bank title", "", 8, "A long …"),
        ("Title", "Results · exam", 10, "Results ·…"),  # no room for the left at all
    ],
)
def test_split_line(left: str, right: str, width: int, expected: str) -> None:
    line = split_line(Content(left), Content(right), width)
    assert line.plain == expected
    assert line.cell_length <= width


def test_split_line_keeps_the_gap_and_fills_the_width() -> None:
    line = split_line(Content("x" * 30), Content("Practice"), 24)
    assert line.cell_length == 24
    assert line.plain.endswith(" " * GAP + "Practice")
    assert line.plain.startswith("x" * (24 - GAP - len("Practice") - 1) + "…")


def test_text_is_never_markup() -> None:
    line = split_line(Content("[bold]x[/]"), Content("[@click=app.quit]"), 40)
    assert "[bold]x[/]" in line.plain and "[@click=app.quit]" in line.plain
