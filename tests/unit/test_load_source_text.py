"""`source.text`: a bundle embeds its article, under an article file's rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.load import load_bank_text
from quiz.errors import QuizError

BANK = """bank: b
title: T
source:
  title: Head
{source}
questions:
  - id: q
    kind: number
    prompt: How many?
    answer: 478
    cite: 478 officers
"""


def _load(source: str):
    return load_bank_text(BANK.format(source=source), Path("/tmp/b.yaml"))


def _error(source: str) -> str:
    with pytest.raises(QuizError) as info:
        _load(source)
    return str(info.value)


def test_the_article_may_be_embedded_as_a_block() -> None:
    bank = _load("  text: |\n    In all, 478 officers were trained.\n\n    A second paragraph.\n")
    assert bank.source.text == "In all, 478 officers were trained.\n\nA second paragraph.\n"
    assert bank.source.path == Path("/tmp/b.yaml").resolve()
    assert bank.source.title == "Head"


def test_path_and_text_together_are_refused() -> None:
    message = _error("  path: a.txt\n  text: |\n    478 officers\n")
    assert "either path:" in message and ":5:3:" in message


@pytest.mark.parametrize("value", ['""', "", "[a, b]", "|\n    \n"])
def test_an_empty_or_non_text_article_is_refused(value: str) -> None:
    assert "source.text must be the article's text" in _error(f"  text: {value}\n")


def test_control_characters_are_refused_as_in_an_article_file() -> None:
    message = _error('  text: "478 officers\\n\\nthen \\e[31m red"\n')
    assert "control character U+001B (ESC) (line 3 of the article)" in message


def test_tabs_and_newlines_are_text() -> None:
    assert _load('  text: "478 officers\\tand\\nmore"\n').source.text == "478 officers\tand\nmore"


def test_the_article_size_cap_applies(monkeypatch: pytest.MonkeyPatch) -> None:
    import quiz.sources

    monkeypatch.setattr(quiz.sources, "MAX_SOURCE_BYTES", 10)
    assert "over the" in _error("  text: |\n    478 officers were trained\n")
