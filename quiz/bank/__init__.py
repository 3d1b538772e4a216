"""Question banks: the model, the YAML loader and the checker."""

from quiz.bank.model import Bank, DateValue, Kind, Question, Source, Verdict

__all__ = ["Bank", "DateValue", "Kind", "Question", "Source", "Verdict"]
