"""quiz.folding: the quote fold and the answer fold, side by side, where they differ.

Each test states what one fold does with a kind of difference and what the other does with it;
merging the two folds (or swapping one for the other at a caller) fails one of them.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.folding import answer_key, answer_letters, quote_key, text_key, without_article


def quoted(text: str) -> str:
    """The matching form of `text`: quote_key's folded text with its edits applied."""
    low, edits = quote_key(text)
    out: list[str] = []
    pos = 0
    for start, end, folded, _ in edits:
        out += [low[pos:start], folded]
        pos = end
    out.append(low[pos:])
    return "".join(out)


def source_offsets(text: str) -> list[int]:
    """For each char of quoted(text), the offset in `text` it comes from (from the edits)."""
    low, edits = quote_key(text)
    where: list[int] = []
    pos = 0
    for start, end, _, offsets in edits:
        where += range(pos, start)
        where += offsets
        pos = end
    where += range(pos, len(low))
    return where


def test_both_ignore_case() -> None:
    assert quoted("Kuwait NATO") == "kuwait nato"
    assert answer_key("Kuwait NATO") == "kuwait nato"


def test_accents_count_in_a_quote_but_not_in_an_answer() -> None:
    assert quoted("Café") == "café" != quoted("Cafe")
    assert answer_key("Café") == answer_key("Cafe") == "cafe"
    # Letters NFKD does not decompose are spelled out for answers only.
    assert quoted("Þórdís") == "þórdís"
    assert answer_key("Þórdís Reykfjörð") == "thordis reykfjord"
    # A combining accent is one unit with its letter in a quote (NFKC composes it).
    assert quoted("e\u0301te\u0301") == quoted("été") == "été"
    assert answer_key("e\u0301te\u0301") == "ete"


def test_compatibility_letters_fold_in_both() -> None:
    assert quoted("Straße ﬁnal") == "strasse final"
    assert answer_key("Straße ﬁnal") == "strasse final"


def test_curly_quotes_become_one_mark_in_a_quote_and_vanish_in_an_answer() -> None:
    assert quoted("“keen” Kuwait’s") == quoted('"keen" Kuwait\'s') == "'keen' kuwait's"
    assert answer_key("“keen” Kuwait’s") == "keen kuwaits"
    # An apostrophe joins the word for answers rather than splitting it.
    assert answer_key("Kuwait's") == "kuwaits" != "kuwait s"


def test_dashes_are_one_dash_in_a_quote_and_a_space_in_an_answer() -> None:
    assert quoted("GCC — Saudi") == quoted("GCC--Saudi") == quoted("GCC‑Saudi") == "gcc-saudi"
    assert quoted("GCC Saudi") == "gcc saudi" != quoted("GCC-Saudi")  # a dash is not a space
    assert answer_key("GCC — Saudi") == answer_key("GCC Saudi") == "gcc saudi"


def test_format_characters_vanish_in_a_quote_and_split_words_in_an_answer() -> None:
    # Soft hyphen and zero-width space: invisible, so not part of a quote.
    assert quoted("co\u00adoperation") == quoted("cooperation") == "cooperation"
    assert quoted("zero\u200bwidth") == "zerowidth"
    # The answer fold reads them as punctuation, a word break (its callers strip format
    # characters first where it matters: the grounding check).
    assert answer_key("co\u00adoperation") == "co operation"
    assert answer_key("zero\u200bwidth") == "zero width"


def test_punctuation_is_kept_in_a_quote_and_dropped_in_an_answer() -> None:
    assert quoted("Kuwait.") == "kuwait." != quoted("Kuwait")
    assert answer_key("Kuwait.") == answer_key("Kuwait") == "kuwait"
    assert quoted("1,325") == "1,325" != quoted("1325")
    assert answer_key("1,325") == answer_key("1325") == "1325"


def test_a_leading_article_is_text_in_a_quote_and_optional_in_an_answer() -> None:
    assert quoted("The UK") == "the uk" != quoted("UK")
    assert answer_key("The UK") == answer_key("UK") == "uk"
    assert answer_key("The UK", drop_article=False) == "the uk"
    assert answer_key("The") == "the"  # a lone article stays
    assert without_article(answer_key("The UK", drop_article=False)) == answer_key("The UK")


def test_whitespace_runs_are_one_space_in_both() -> None:
    assert quoted("A  b\n\tc") == "a b c"
    assert answer_key("A  b\n\tc", drop_article=False) == "a b c"
    # A quote keeps its surrounding spaces (sources strips the quote first); an answer does not.
    assert quoted(" a ") == " a "
    assert answer_key(" a ", drop_article=False) == "a"


def test_answer_letters_keep_the_punctuation_dates_are_read_from() -> None:
    assert answer_letters("15/01/2017, Þór") == "15/01/2017, thor"
    assert answer_key("15/01/2017, Þór") == "15 01 2017 thor"


def test_the_quote_fold_keeps_a_position_map_and_the_answer_fold_none() -> None:
    text = "The  Nato\u2014ICI Straße\u00ad ﬁnal"
    low, edits = quote_key(text)
    assert len(low) == len(text)  # before the edits, char for char
    assert edits  # the double space, the dash, "ß", the soft hyphen and "ﬁ" change length
    norm = quoted(text)
    assert norm == "the nato-ici strasse final"
    where = source_offsets(text)
    assert len(where) == len(norm)
    assert text[where[norm.index("nato")] :].startswith("Nato")
    assert text[where[norm.index("ss")]] == "ß"
    assert text[where[norm.index("fi")]] == "ﬁ"
    assert isinstance(answer_key(text), str)  # a form only


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_the_position_map_points_into_the_text_in_order(text: str) -> None:
    where = source_offsets(text)
    assert len(where) == len(quoted(text))
    assert where == sorted(where) and all(0 <= i < len(text) for i in where)


def test_list_entries_repeat_only_when_the_same_text() -> None:
    # The loader's duplicate check: case and spacing only, narrower than answer_key.
    assert text_key("Kuwait  City") == text_key("kuwait city")
    assert text_key("Kuwait.") != text_key("Kuwait")
    assert text_key("the UK") != text_key("UK")
    assert text_key("Café") != text_key("Cafe")
    assert text_key("“keen”") != text_key('"keen"')


@pytest.mark.parametrize("text", ["", " ", "\u200b", "—", "’"])
def test_empty_and_invisible_texts(text: str) -> None:
    assert answer_key(text) == ""
    assert quoted(text).strip(" -'") == ""
