"""Text folding: the forms two texts are compared in. Pure, no I/O, stdlib only.

There are two purposes, and they fold differently on purpose:

- `quote_key(text)`: finding a bank's `cite` quote in its article (`quiz.sources`). A quote is
  verbatim, so only what a person cannot see or type easily is set aside: case (Unicode case
  folding, NFKC), whitespace runs, the kind of quote mark and of dash, invisible format
  characters. Letters, accents and punctuation stay ("é" is not "e", "Kuwait." is not
  "Kuwait"), and a leading "the" is text like any other. It also returns the edits that changed
  the text's length, so that a position in the folded text maps back to the article's own text
  (a found quote is shown as the article writes it).
- `answer_key(text)`: comparing an answer with the answers a question accepts
  (`quiz.grading`), and searching cited words for an answer (the checker, the drafter). What a
  learner typed is loosely spelled, so much more is set aside: case, accents (þ->th, ø->o,
  ß->ss), punctuation, hyphen vs space, apostrophes ("Kuwait's" -> "kuwaits"), thousands commas
  and, unless asked to keep it, a leading article. No position map: only the form is compared.

`text_key(text)` is a third, narrower form: the same text, ignoring only case and runs of
spaces. The bank loader's "each entry must differ" check, a class's names (one learner) and
the report's grouping of wrong answers use it; its docstring says why it is not `answer_key`.
"""

from __future__ import annotations

import re
import unicodedata

from quiz.textsafe import FORMAT_CHARS

__all__ = [
    "ARTICLES",
    "Edit",
    "answer_key",
    "answer_letters",
    "quote_key",
    "text_key",
    "without_article",
]


# --------------------------------------------------------------------------- quotes

# One class for every quote mark, one for every dash (see quiz/sources.py's docstring).
_QUOTES = "'\"`´‘’‚‛“”„‟«»‹›′″＂＇"
_DASHES = "-‐‑‒–—―−﹘﹣－⁃⸺⸻"
# Invisible in print, so nobody can be expected to quote them: every format character
# (Unicode Cf: soft hyphen, zero-width spaces and joiners, bidi marks, BOM).
_IGN = FORMAT_CHARS
_IGN_RE = re.compile(f"[{_IGN}]")
# Steps that replace one char by one char keep the offsets of the source. For ASCII text
# (most quotes) one translate does them; otherwise C-level regex substitutions, which beat
# str.translate on non-ASCII text.
_ASCII_FOLD = str.maketrans(
    {'"': "'", "`": "'", **{c: " " for c in map(chr, range(128)) if c.isspace()}}
)
_QUOTE_RE = re.compile(f"[{re.escape(_QUOTES)}]")
_DASH_RE = re.compile(f"[{re.escape(_DASHES)}]")
_SPACE_RE = re.compile(r"[^\S ]")
_ASCII_UPPER = re.compile("[A-Z]+")
# What changes length, found after the 1:1 steps: runs of spaces, dashes and invisibles
# (-> "-" if there is a dash, else " " if there is a space, else ""), and non-ASCII text
# that NFKC or case folding rewrites ("…" -> "...", "ß" -> "ss", "e\u0301" -> "é").
_SEPARATOR = re.compile(f"[- {_IGN}][- {_IGN}]+|[{_IGN}]")
_SEPARATOR_ASCII = re.compile("[- ][- ]+")  # the same, faster, for text without invisibles
_NON_ASCII = re.compile(f"[^\x00-\x7f{_IGN}]+")
_APART = re.compile(f"[- {_IGN}]")  # chars that never join a combining mark's unit

Edit = tuple[int, int, str, list[int]]  # (start, end, replacement, source offset of each char)


def _fold_unit(unit: str) -> str:
    """Caseless-matching form of one char with its combining marks."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", unit).casefold())


def _fold_run(run: str, start: int) -> tuple[str, list[int]]:
    """A non-ASCII run folded unit by unit, and the source offset of every output char."""
    out: list[str] = []
    where: list[int] = []
    unit = 0
    for i in range(1, len(run) + 1):
        if i == len(run) or not unicodedata.combining(run[i]):
            folded = _fold_unit(run[unit:i])
            out.append(folded)
            where.extend([start + unit] * len(folded))
            unit = i
    return "".join(out), where


def quote_key(text: str) -> tuple[str, list[Edit]]:
    """The form a quote is found in: `text` folded char for char (same length, same offsets:
    lower case, every quote mark "'", every dash "-", every whitespace " "), and the edits that
    then change its length, in order: (start, end, replacement, the source offset of each
    replacement char). Applying the edits gives the matching form; their offsets map it back."""
    if text.isascii():
        low = text.translate(_ASCII_FOLD).lower()
    else:
        t = _SPACE_RE.sub(" ", _DASH_RE.sub("-", _QUOTE_RE.sub("'", text)))
        low = t.lower()
        if len(low) != len(t):  # "İ" lowers to two chars: lower ASCII here, the rest below
            low = _ASCII_UPPER.sub(lambda m: m.group().lower(), t)
    edits: list[Edit] = []
    if "-" in low or "  " in low or not low.isascii():
        ascii_only = low.isascii() or _IGN_RE.search(low) is None
        for m in (_SEPARATOR_ASCII if ascii_only else _SEPARATOR).finditer(low):
            run = m.group()
            keep = run.find("-")
            if keep < 0:
                keep = run.find(" ")
            kept = run[keep] if keep >= 0 else ""
            edits.append((m.start(), m.end(), kept, [m.start() + keep] if kept else []))
    if not low.isascii():
        for m in _NON_ASCII.finditer(low):
            start, end = m.span()
            if (
                unicodedata.combining(text[start])
                and start > 0
                and not _APART.match(low, start - 1)
            ):
                start -= 1  # a combining mark folds together with the letter before it
            folded, where = _fold_run(text[start:end], start)
            if folded != low[start:end]:
                edits.append((start, end, folded, where))
        edits.sort()
    return low, edits


# --------------------------------------------------------------------------- answers

# Letters that NFKD does not decompose into a base letter plus accents.
_SPECIAL_LETTERS = str.maketrans(
    {
        "þ": "th", "Þ": "th", "ð": "d", "Ð": "d", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe",
        "ø": "o", "Ø": "o", "ß": "ss", "ẞ": "ss", "ł": "l", "Ł": "l", "đ": "d", "Đ": "d",
        "ı": "i", "ħ": "h", "Ħ": "h",
    }
)  # fmt: skip
_APOSTROPHES = re.compile(r"['’ʼ‘`´]")
_DIGIT_GROUP_COMMA = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_NON_ALNUM = re.compile(r"[\W_]+")
ARTICLES = frozenset({"the", "a", "an"})


def answer_letters(text: str) -> str:
    """The first step of `answer_key`: lower case, special letters spelled out, accents
    dropped; punctuation and spacing kept (the date reader needs them: "15/01/2017")."""
    if text.isascii():  # the common case, and `quiz check` folds every cited text
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS).casefold())
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


def answer_key(text: str, drop_article: bool = True) -> str:
    """The form answers are compared in: "The Nato-ICI  Centre's" -> "nato ici centres".

    Case, accents (þ->th, ð->d, æ->ae, ø->o, ß->ss), punctuation, hyphen vs space and a leading
    article do not count. Apostrophes vanish rather than split a word ("Kuwait's" -> "kuwaits").
    With `drop_article=False` the article stays: the form to search a cited text for an answer
    in ("Kuwait’s" and "Kuwait's" both read "kuwaits"), and the form "A → B" is kept apart from
    "B" in.
    """
    text = _APOSTROPHES.sub("", answer_letters(text))
    text = _DIGIT_GROUP_COMMA.sub("", text)  # "1,325" and "1325" are the same token
    words = _NON_ALNUM.sub(" ", text).split()
    if drop_article and len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(words)


def without_article(key: str) -> str:
    """`answer_key(text)` from `answer_key(text, drop_article=False)`, without folding again."""
    head, _, rest = key.partition(" ")
    return rest if rest and head in ARTICLES else key


# --------------------------------------------------------------------------- list entries


def text_key(text: str) -> str:
    """The same text, case and spacing ignored, nothing else: how the bank loader compares two
    entries of one list (choices, items, a multi answer, accept forms, cite quotes) for "each
    entry must differ", how a class tells two typed names for one learner ("Ada  Lovelace",
    "ada lovelace"), and how the report groups the wrong answers given.

    Deliberately narrower than `answer_key`: a repeat is a load error (the bank is refused), so
    it is kept to entries that are the same text. Choices that differ only in what
    `answer_key` sets aside ("Kuwait" and "Kuwait.", "UK" and "the UK") load, and the
    item-writing lint warns of them (`cue-same-option`). And `cite` entries are quotes, not
    answers: `answer_key` would be the wrong fold for them.
    """
    return " ".join(text.casefold().split())
