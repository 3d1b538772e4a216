"""What the screens and widgets tell the app. Children talk up with messages; the app, which
owns the run, handles them with `@on` and answers by calling down (a screen's `show_*`).

A widget posts `Answered` to its screen, which adds what only it knows (the time the answer
took) and posts `AnswerGiven` on to the app. No screen calls the app's methods, so nothing in
`quiz.tui` imports `quiz.tui.app` except for annotations.

Plain classes rather than dataclasses: these are created on every start, before the first
frame, and a dataclass costs about 0.2 ms to create where a class costs 0.01 ms.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quiz.bank.model import Question
    from quiz.runs import Run
    from quiz.session import SessionConfig


class Answered(Message):
    """An answer widget's response (not yet graded): option numbers as shown, or the text."""

    def __init__(self, response: str) -> None:
        super().__init__()
        self.response = response


# -- Home ------------------------------------------------------------------------------------


class BanksWanted(Message):
    """Home wants the bank list, with counts for its options (again after a run, or when an
    option changes)."""


class StartRun(Message):
    """Home starts a run of this bank with these options."""

    def __init__(self, bank_path: Path, config: SessionConfig) -> None:
        super().__init__()
        self.bank_path = bank_path
        self.config = config


class StatsWanted(Message):
    """The progress on a bank (Home's `t`)."""

    def __init__(self, bank_path: Path, slug: str) -> None:
        super().__init__()
        self.bank_path = bank_path
        self.slug = slug


# -- a run -----------------------------------------------------------------------------------


class RunShown(Message):
    """The run's first question has been painted: the app may now do the work that waits."""

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run


class AnswerGiven(Message):
    """The learner answered the question on screen (`response` None: skipped it)."""

    def __init__(self, response: str | None, elapsed: float) -> None:
        super().__init__()
        self.response = response
        self.elapsed = elapsed  # seconds since the question was shown, on the run's clock


class NextWanted(Message):
    """Next: the question after the one whose feedback shows, or Results."""


class HintWanted(Message):
    """The learner takes the hint of the question on screen."""


class SourceWanted(Message):
    """Show the article, with `question`'s proving words marked. `before_answer`: the question
    waits, so opening it costs what a hint costs (the learner has confirmed)."""

    def __init__(self, question: Question | None, before_answer: bool = False) -> None:
        super().__init__()
        self.question = question
        self.before_answer = before_answer
