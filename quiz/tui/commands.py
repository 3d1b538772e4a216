"""Command palette entries (ctrl+p) for the main actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from quiz.tui.app import QuizApp


class QuizCommands(Provider):
    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: QuizApp = self.app  # type: ignore[assignment]
        commands: list[tuple[str, str, Callable[[], object]]] = [
            ("New run", "Choose a bank and a mode", app.action_home),
        ]
        if app.quiz_run is not None:
            commands.append(
                ("Show source", "The whole article with every cite marked", app.action_source)
            )
        commands += [
            ("Show stats", "Progress on this bank, with a chart of past runs", app.action_stats),
            (
                "Class report",
                "Every student's results and each question's statistics (quiz report)",
                app.action_class_report,
            ),
            ("Change theme", "Pick one of Textual's colour themes", app.action_change_theme),
            ("Quit", "Leave factquiz (your answers are saved)", app.action_request_quit),
        ]
        return commands

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, text=title, help=help_text)
