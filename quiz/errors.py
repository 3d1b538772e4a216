"""Problems found in user input, reported as `path:line:col: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from quiz.textsafe import printable

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about a file. `line` and `col` are 1-based; 0 means "the whole file"."""

    path: str
    line: int
    col: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        # One terminal line whatever a file put in its name or its text (quiz.textsafe).
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return printable(text, newlines=False)

    def as_warning(self) -> Problem:
        return Problem(self.path, self.line, self.col, self.message, "warning")

    def as_error(self) -> Problem:
        return Problem(self.path, self.line, self.col, self.message, "error")


class QuizError(Exception):
    """Input the user can fix. Carries one or more problems; never shown as a traceback."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else problems
        super().__init__("\n".join(str(p) for p in self.problems))
