"""The app's screens, one module each, each imported when first shown: a start shows only
one of them (the run's or Home), and importing the rest would hold back its first frame."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.lazy import lazy_exports

if TYPE_CHECKING:
    from quiz.tui.screens.class_report import ClassScreen
    from quiz.tui.screens.confirm import ConfirmScreen
    from quiz.tui.screens.error import ErrorScreen
    from quiz.tui.screens.feedback import FeedbackScreen
    from quiz.tui.screens.home import HomeScreen
    from quiz.tui.screens.join import JoinScreen
    from quiz.tui.screens.results import ResultsScreen
    from quiz.tui.screens.run import RunScreen
    from quiz.tui.screens.source import SourceScreen
    from quiz.tui.screens.stats import StatsScreen

__all__ = [
    "ClassScreen",
    "ConfirmScreen",
    "ErrorScreen",
    "FeedbackScreen",
    "HomeScreen",
    "JoinScreen",
    "ResultsScreen",
    "RunScreen",
    "SourceScreen",
    "StatsScreen",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ClassScreen": ".class_report",
        "ConfirmScreen": ".confirm",
        "ErrorScreen": ".error",
        "FeedbackScreen": ".feedback",
        "HomeScreen": ".home",
        "JoinScreen": ".join",
        "ResultsScreen": ".results",
        "RunScreen": ".run",
        "SourceScreen": ".source",
        "StatsScreen": ".stats",
    },
)
