"""Reading: the numbers and dates a text states, in digits or in words. Pure, no I/O.

The grader reads a learner's number and date answers with these (`quiz.grading`); the checker
and the drafter read cited sentences and articles with them. "2,600", "14.5 million",
"twenty-seven", "-3" are numbers; "Jan. 2017", "2017-01-15", "15 January 2017" are dates, each
at the precision written. docs/grading.md documents what is read, for authors and students.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from quiz.bank.model import MONTHS, DateValue
from quiz.folding import answer_letters

__all__ = [
    "SCALES",
    "dates_agree",
    "find_dates",
    "find_numbers",
    "merge_dates",
    "parse_date",
    "parse_number",
]


# --------------------------------------------------------------------------- numbers

# One literal written with digits. Thousands separators: "2,600", "2 600", "2.600.000";
# otherwise a single "." or "," is a decimal mark ("14.5", "14,5").
_NUMERAL = re.compile(
    r"""(?<![0-9])(?:
        [0-9]{1,3}(?:,[0-9]{3})+(?![0-9])(?:\.[0-9]+)?
      | [0-9]{1,3}(?:\.[0-9]{3}){2,}(?![0-9])
      | [0-9]{1,3}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?![0-9])(?:\.[0-9]+)?
      | [0-9]+(?:[.,][0-9]+)?
      | \.[0-9]+
    )""",
    re.VERBOSE,
)
_TOKEN = re.compile(rf"(?P<num>{_NUMERAL.pattern})|(?P<word>[^\W\d_]+)|(?P<other>\S)", re.VERBOSE)
_MINUS = "-−"

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
# Ordinals read as their numbers ("the fourteenth", "twenty-first") when marking a number
# answer; `quiz check` keeps to cardinals (or "first" would be a number in every sentence).
_ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9,
}  # fmt: skip
_ORDINAL_TEENS = {
    "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_ORDINAL_TENS = {
    "twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90,
}  # fmt: skip
_ORDINAL_SCALES = {"hundredth": 100.0, "thousandth": 1e3, "millionth": 1e6}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MULTIPLIERS = {"hundred": 100.0, **SCALES}
_NEGATORS = frozenset({"minus", "negative"})


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "num", "word" or "other"
    text: str
    negative: bool = False  # a numeral written with a leading minus sign


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    # Not answer_letters: NFKD would turn "m²" into "m2", a second number.
    for m in _TOKEN.finditer(unicodedata.normalize("NFC", text).casefold()):
        kind = m.lastgroup or "other"
        if kind == "num":
            s = m.start()
            # "-5" and "(−5)" are negative; "29-member" and "1998-2004" are not.
            before = m.string[s - 2] if s > 1 else " "
            negative = (
                s > 0 and m.string[s - 1] in _MINUS and (before.isspace() or before in "([=:~")
            )
            out.append(_Tok("num", m.group(), negative))
        else:
            out.append(_Tok(kind, m.group()))
    return out


_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")
_ONE_GROUP = re.compile(r"[0-9]{1,3},[0-9]{3}")
_DOT_GROUPS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3}){2,}")
_SEPARATORS = re.compile(r"[,\s]")


def _numeral_value(text: str) -> float:
    if text.isdigit():
        return float(text)
    if "," in text and _DECIMAL_COMMA.fullmatch(text) and not _ONE_GROUP.fullmatch(text):
        return float(text.replace(",", "."))  # a decimal comma: "14,5"
    if _DOT_GROUPS.fullmatch(text):
        return float(text.replace(".", ""))  # "2.600.000"
    return float(_SEPARATORS.sub("", text))


def _word(tokens: list[_Tok], i: int) -> str | None:
    return tokens[i].text if i < len(tokens) and tokens[i].kind == "word" else None


def _read_ordinal(w: str, last: str, current: float) -> float | None:
    """`current` completed by the ordinal word `w` ("twenty" + "first"), or None."""
    if w in _ORDINAL_UNITS and last in ("", "tens", "hundred", "scale", "and"):
        return current + _ORDINAL_UNITS[w]
    if last in ("", "hundred", "scale", "and"):
        if w in _ORDINAL_TEENS:
            return current + _ORDINAL_TEENS[w]
        if w in _ORDINAL_TENS:
            return current + _ORDINAL_TENS[w]
    if w in _ORDINAL_SCALES:
        if last == "":
            return _ORDINAL_SCALES[w]
        if last in ("unit", "teen", "tens", "hundred"):
            return current * _ORDINAL_SCALES[w]
    return None


def _read_words(tokens: list[_Tok], i: int, ordinals: bool = False) -> tuple[float, int] | None:
    """Read a number written in words from tokens[i]: "two thousand six hundred",
    "one hundred and twenty", "twenty-seven", "a hundred", "fourteen point five"; with
    `ordinals`, also "fourteenth", "twenty-first", "one hundredth" (an ordinal ends it)."""
    total, current, last, last_scale, k = 0.0, 0.0, "", math.inf, i
    while k < len(tokens):
        w = _word(tokens, k)
        nxt = _word(tokens, k + 1)
        if w is None:
            # the hyphen of "twenty-seven" (and of "twenty-first")
            if (
                tokens[k].text == "-"
                and last == "tens"
                and (nxt in _UNITS or (ordinals and nxt in _ORDINAL_UNITS))
            ):
                k += 1
                continue
            break
        if ordinals and (value := _read_ordinal(w, last, current)) is not None:
            return total + value, k + 1
        if w in _UNITS and last in ("", "tens", "hundred", "scale", "and"):
            current += _UNITS[w]
            last = "unit"
        elif w in _TEENS and last in ("", "hundred", "scale", "and"):
            current += _TEENS[w]
            last = "teen"
        elif w in _TENS and last in ("", "hundred", "scale", "and"):
            current += _TENS[w]
            last = "tens"
        elif w == "a" and last == "" and nxt in _MULTIPLIERS:
            current, last = 1.0, "a"
        elif w == "hundred" and last in ("unit", "teen", "a") and 0 < current < 100:
            current *= 100
            last = "hundred"
        elif (
            w in SCALES
            and last in ("unit", "teen", "tens", "hundred", "a")
            and SCALES[w] < last_scale
        ):
            total += current * SCALES[w]
            current, last, last_scale = 0.0, "scale", SCALES[w]
        elif (
            w == "and"
            and last in ("hundred", "scale")
            and (
                nxt in _UNITS
                or nxt in _TEENS
                or nxt in _TENS
                or (ordinals and (nxt in _ORDINAL_UNITS or nxt in _ORDINAL_TEENS))
            )
        ):
            last = "and"
        elif (
            w == "point" and last in ("unit", "teen", "tens", "hundred", "scale") and nxt in _UNITS
        ):
            digits = ""
            k += 1
            while (d := _word(tokens, k)) in _UNITS:
                digits += str(_UNITS[d])
                k += 1
            return total + current + float("0." + digits), k
        else:
            break
        k += 1
    if last in ("", "a", "and"):
        return None
    return total + current, k


def _read_number(tokens: list[_Tok], i: int, ordinals: bool = False) -> tuple[float, int] | None:
    """The number starting at tokens[i] and the index after it, or None."""
    sign = 1.0
    if _word(tokens, i) in _NEGATORS:
        sign, i = -1.0, i + 1
    if i >= len(tokens):
        return None
    tok = tokens[i]
    if tok.kind == "num":
        value = _numeral_value(tok.text) * (-1.0 if tok.negative else 1.0)
        i += 1
        if (w := _word(tokens, i)) in _MULTIPLIERS:  # "14.5 million", "2 thousand"
            value *= _MULTIPLIERS[w]
            i += 1
        return sign * value, i
    read = _read_words(tokens, i, ordinals)
    if read is None:
        return None
    return sign * read[0], read[1]


def find_numbers(text: str, ordinals: bool = False) -> list[float]:
    """Every number in `text`, in order: digits ("2,600", "14.5", "-3", "14th"), words
    ("twenty-seven", "one hundred and twenty") and scale words ("14.5 million" -> 14500000).
    With `ordinals`, ordinal words too ("the fourteenth" -> 14)."""
    tokens = _tokens(text)
    found: list[float] = []
    i = 0
    while i < len(tokens):
        read = _read_number(tokens, i, ordinals)
        if read is None:
            i += 1
        else:
            found.append(read[0])
            i = read[1]
    return found


def parse_number(text: str) -> float | None:
    """The one number `text` states ("about 2,600 guests" -> 2600.0); None if it states none,
    or two different ones."""
    values = set(find_numbers(text))
    return values.pop() if len(values) == 1 else None


# --------------------------------------------------------------------------- dates

_MONTH_NUMBERS = {m.lower(): n for n, m in enumerate(MONTHS, 1)} | {
    m.lower()[:3]: n for n, m in enumerate(MONTHS, 1)
}
_MONTH_NUMBERS["sept"] = 9
_MON = r"(?P<mon>" + "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True)) + r")\b\.?"
_ORD = r"(?:st|nd|rd|th)?"

DateParts = tuple[int, int | None, int | None]


def _ymd(y: str, m: str | None = None, d: str | None = None) -> DateParts:
    return int(y), (int(m) if m else None), (int(d) if d else None)


def _day_month_numeric(m: re.Match[str]) -> list[DateParts]:
    # Day first ("15/01/2017"), unless only month first makes a date ("01/15/2017").
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    return [(y, b, a), (y, a, b)]


def _month_name(m: re.Match[str]) -> int:
    return _MONTH_NUMBERS[m["mon"]]


# In order of preference; a later pattern never reuses text an earlier one matched.
_DATE_PATTERNS: list[tuple[re.Pattern[str], Callable[[re.Match[str]], list[DateParts]]]] = [
    (
        re.compile(
            r"(?<![0-9])(?P<y>[0-9]{4})([-/.])(?P<m>[0-9]{1,2})(?:\2(?P<d>[0-9]{1,2}))?(?![0-9])"
        ),
        lambda m: [_ymd(m["y"], m["m"], m["d"])],
    ),
    (
        re.compile(
            r"(?<![0-9])(?P<a>[0-9]{1,2})([-/.])(?P<b>[0-9]{1,2})\2(?P<y>[0-9]{4})(?![0-9])"
        ),
        _day_month_numeric,
    ),
    (
        re.compile(
            rf"(?<![0-9])(?P<d>[0-9]{{1,2}}){_ORD}[\s\-]*(?:of\s+)?{_MON}[\s,\-]*(?:of\s+)?(?P<y>[0-9]{{4}})(?![0-9])"
        ),
        lambda m: [(int(m["y"]), _month_name(m), int(m["d"]))],
    ),
    (
        re.compile(
            rf"\b{_MON}\s*(?P<d>[0-9]{{1,2}}){_ORD}(?![0-9]),?\s+(?:of\s+)?(?P<y>[0-9]{{4}})(?![0-9])"
        ),
        lambda m: [(int(m["y"]), _month_name(m), int(m["d"]))],
    ),
    (
        re.compile(rf"\b{_MON}[\s,\-/']*(?:of\s+)?(?P<y>[0-9]{{4}})(?![0-9])"),
        lambda m: [(int(m["y"]), _month_name(m), None)],
    ),
    (
        re.compile(r"(?<![0-9])(?P<m>[0-9]{1,2})[/.\-](?P<y>[0-9]{4})(?![0-9])"),
        lambda m: [_ymd(m["y"], m["m"])],
    ),
    (
        re.compile(r"(?<![0-9.,])(?P<y>[0-9]{4})(?![0-9])"),
        lambda m: [_ymd(m["y"])],
    ),
]


def _date(parts: DateParts) -> DateValue | None:
    year, month, day = parts
    if not 1000 <= year <= 9999:
        return None
    try:
        return DateValue(year, month, day)
    except (ValueError, OverflowError):
        return None


_YEAR_HINT = re.compile(r"\d[\d,]{3}")


def find_dates(text: str) -> list[DateValue]:
    """Every date in `text`, in order, each at the precision written: "in 2004" -> 2004,
    "Jan. 2017" / "2017-01" / "1/2017" -> 2017-01, "15 January 2017" / "2017-01-15" -> 2017-01-15.
    Years have four digits; "two thousand and four" is read when nothing else is."""
    folded = answer_letters(text)
    # One flag per character rather than a list of spans to test every match against: a long
    # answer full of dates would make that quadratic.
    taken = bytearray(len(folded) + 1)
    found: list[tuple[int, DateValue]] = []
    for pattern, build in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            start, end = m.span()
            if taken.find(1, start, end) >= 0:
                continue
            value = next((v for p in build(m) if (v := _date(p)) is not None), None)
            if value is not None:
                taken[start:end] = b"\x01" * (end - start)
                found.append((start, value))
    if not found:
        # A year written alone needs four digits (maybe with a comma) or number words; reading
        # every number of a long answer that has neither is the grader's slowest path.
        if not (_YEAR_HINT.search(folded) or "thousand" in folded or "hundred" in folded):
            return []
        years = [v for v in find_numbers(folded) if v.is_integer() and 1000 <= v <= 9999]
        return [DateValue(int(v)) for v in years]
    return [v for _, v in sorted(found, key=lambda f: f[0])]


def dates_agree(coarse: DateValue, fine: DateValue) -> bool:
    """`fine` says everything `coarse` says (2017 and January 2017 agree)."""
    return (
        coarse.year == fine.year
        and coarse.month in (None, fine.month)
        and coarse.day in (None, fine.day)
    )


def merge_dates(dates: Sequence[DateValue]) -> DateValue | None:
    """The most precise date if all the others agree with it, else None (ambiguous)."""
    if not dates:
        return None
    rank = {"year": 0, "month": 1, "day": 2}
    finest = max(dates, key=lambda d: rank[d.precision])
    return finest if all(dates_agree(d, finest) for d in dates) else None


def parse_date(text: str) -> DateValue | None:
    """The one date `text` states, at the precision it states it; None if there is none or two
    that disagree ("January 2017, in 2017" is January 2017)."""
    return merge_dates(find_dates(text))
