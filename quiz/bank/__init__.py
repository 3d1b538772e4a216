"""Question banks: the model, the YAML loader and the cache of loaded banks (the checker is
`quiz.checker`)."""

from quiz.bank.model import Bank, DateValue, Kind, Question, Source, Verdict

__all__ = ["Bank", "DateValue", "Kind", "Question", "Source", "Verdict"]
