"""Widgets shared by the screens. The ones a run's first frame does without (the list answers,
the feedback pane, the footer) are imported when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from quiz.lazy import lazy_exports

if TYPE_CHECKING:
    from quiz.tui.widgets.feedback import FeedbackPane
    from quiz.tui.widgets.footer import QuizFooter
    from quiz.tui.widgets.lists import ChoiceList, MultiList, OrderList

__all__ = ["ChoiceList", "FeedbackPane", "MultiList", "OrderList", "QuizFooter"]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "ChoiceList": ".lists",
        "FeedbackPane": ".feedback",
        "MultiList": ".lists",
        "OrderList": ".lists",
        "QuizFooter": ".footer",
    },
)
