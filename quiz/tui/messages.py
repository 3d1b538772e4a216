"""What the screens and widgets tell the app. Children talk up with messages; the app, which
owns the run, handles them with `@on` and answers by calling down (a screen's `show_*`).

A widget posts `Answered` to its screen, which adds what only it knows (the time the answer
took) and posts `AnswerGiven` on to the app. No screen calls the app's methods, so nothing in
`quiz.tui` imports `quiz.tui.app` except for annotations.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from quiz.bank.model import Question
    from quiz.runs import Run
    from quiz.session import SessionConfig


@dataclass
class Answered(Message):
    """An answer widget's response (not yet graded): option numbers as shown, or the text."""

    response: str


# -- Home ------------------------------------------------------------------------------------


@dataclass
class BanksWanted(Message):
    """Home wants the bank list, with counts for its options (again after a run, or when an
    option changes)."""


@dataclass
class StartRun(Message):
    """Home starts a run of this bank with these options."""

    bank_path: Path
    config: SessionConfig


@dataclass
class StatsWanted(Message):
    """The progress on a bank (Home's `t`)."""

    bank_path: Path
    slug: str


# -- a run -----------------------------------------------------------------------------------


@dataclass
class RunShown(Message):
    """The run's first question has been painted: the app may now do the work that waits."""

    run: Run


@dataclass
class AnswerGiven(Message):
    """The learner answered the question on screen (`response` None: skipped it)."""

    response: str | None
    elapsed: float  # seconds since the question was shown, on the run's clock


@dataclass
class NextWanted(Message):
    """Next: the question after the one whose feedback shows, or Results."""


@dataclass
class HintWanted(Message):
    """The learner takes the hint of the question on screen."""


@dataclass
class SourceWanted(Message):
    """Show the article, with `question`'s proving words marked. `before_answer`: the question
    waits, so opening it costs what a hint costs (the learner has confirmed)."""

    question: Question | None
    before_answer: bool = False
