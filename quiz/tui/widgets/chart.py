"""A horizontal bar chart of percentages, drawn with block characters.

Each row carries its number as text too, so the chart never depends on colour, and it
re-fits its bars to the widget's width whenever that changes."""

from __future__ import annotations

from textual.content import Content
from textual.geometry import Size
from textual.widget import Widget

EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, width: int) -> str:
    """`value` in 0..100 as a bar exactly `width` cells wide (full blocks, an eighth, spaces)."""
    cells = max(0.0, min(100.0, value)) / 100 * width
    full = int(cells)
    rest = int((cells - full) * 8)
    text = "█" * full + (EIGHTHS[rest] if full < width and rest else "")
    return text.ljust(width, "·") if text else "·" * width


class BarChart(Widget):
    """Rows of (label, percent or None). None (an unfinished run) shows as "–"."""

    DEFAULT_CSS = """
    BarChart { height: auto; }
    """

    def __init__(
        self, rows: list[tuple[str, float | None]], *, empty: str, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.rows = rows
        self.empty = empty

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(1, len(self.rows))

    def render(self) -> Content:
        if not self.rows:
            return Content.styled(self.empty, "$foreground-muted")
        label_width = max(len(label) for label, _ in self.rows)
        # Capped: past 40 cells a longer bar only makes the figures harder to match to rows.
        bar_width = max(4, min(40, self.content_size.width - label_width - 8))
        lines: list[Content] = []
        for label, value in self.rows:
            figure = "   –" if value is None else f"{value:4.0f}%"
            lines.append(
                Content.assemble(
                    (label.ljust(label_width), "$foreground-muted"),
                    "  ",
                    (bar(value or 0, bar_width), "$accent"),
                    " ",
                    (figure, "bold"),
                )
            )
        return Content("\n").join(lines)
