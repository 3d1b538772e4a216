"""Marking: turn what a learner typed into a `Grade`. Pure, no I/O, never raises for any response.

The rules, kind by kind, are documented for authors and students in docs/grading.md; keep the two
in step. `parse_number`, `parse_date`, `find_numbers`, `find_dates` and `fold` are reused by the
bank checker to find an answer in a cited sentence.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations

from quiz.bank.model import MONTHS, VERDICTS, DateValue, Question, format_number

__all__ = [
    "MAX_ANSWER_CHARS",
    "Grade",
    "find_dates",
    "find_numbers",
    "fold",
    "grade",
    "normalize_text",
    "parse_date",
    "parse_number",
    "typo_allowance",
]


# The longest answer the grader reads: far above any real answer (the longest accepted answer in
# a bank is a sentence), low enough that the worst case stays under 10 ms (bench/grading_worst.py).
MAX_ANSWER_CHARS = 2000
TOO_LONG = f"too long (at most {MAX_ANSWER_CHARS} characters)"
# What a decoder puts for bytes that are not UTF-8: the answer did not arrive as typed.
NOT_TEXT = "not readable text (the input was not UTF-8)"


@dataclass(frozen=True, slots=True)
class Grade:
    credit: float  # in [0, 1]
    correct: bool  # credit == 1
    response: str  # as typed
    normalized: str  # what the grader understood: "2600", "2017-01", "supported", "2, 1, 3"
    reason: str  # "accepted: small typo of 'Alvargonzález'", "wrong: the article says 478"
    valid: bool = True  # False: not an answer (empty, option 7 of 4): ask again, record nothing
    picks: tuple[int, ...] = ()  # choice, multi, order, claim: 0-based positions of the options
    # named, as shown (multi: sorted; order: in the order given)


def _scored(
    response: str, normalized: str, credit: float, reason: str, picks: Sequence[int] = ()
) -> Grade:
    credit = min(1.0, max(0.0, credit))
    return Grade(credit, credit == 1.0, response, normalized, reason, picks=tuple(picks))


def _invalid(response: str, reason: str, normalized: str = "") -> Grade:
    return Grade(0.0, False, response, normalized, reason, valid=False)


def grade(question: Question, response: str, options: Sequence[str] | None = None) -> Grade:
    """Mark `response` to `question`.

    `options` is the display order of the choices (choice, multi) or items (order), so that "2"
    or "b" means what the learner saw; it defaults to the bank's order. Claims always offer
    `VERDICTS` in that order, whatever `options` says.
    """
    if not isinstance(response, str):  # defensive: the contract is a str, but never raise
        response = "" if response is None else str(response)
    if len(response) > MAX_ANSWER_CHARS:
        return _invalid(response, TOO_LONG)
    if "\ufffd" in response:
        return _invalid(response, NOT_TEXT)
    if not response.strip():
        return _invalid(response, _EMPTY_REASON.get(question.kind, "type an answer"))
    match question.kind:
        case "text":
            return _grade_text(question, response)
        case "number":
            return _grade_number(question, response)
        case "date":
            return _grade_date(question, response)
        case "choice":
            return _grade_choice(question, response, _options(options, question.choices))
        case "multi":
            return _grade_multi(question, response, _options(options, question.choices))
        case "order":
            return _grade_order(question, response, _options(options, question.items))
        case "claim":
            return _grade_claim(question, response)
        case _:
            return _invalid(response, f"cannot mark a question of kind {question.kind!r}")


_EMPTY_REASON = {
    "text": "type an answer",
    "number": "enter a number",
    "date": "enter a date",
    "choice": "pick one of the options",
    "multi": "pick one or more of the options, separated by commas",
    "order": "enter the items' numbers in the right order",
    "claim": "enter s (supported), r (refuted) or n (not in source)",
}


def _options(given: Sequence[str] | None, default: tuple[str, ...]) -> list[str]:
    return [str(o) for o in (default if given is None else given)]


# --------------------------------------------------------------------------- text folding

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
_ARTICLES = frozenset({"the", "a", "an"})


def _fold_letters(text: str) -> str:
    """Lower case, special letters spelled out, accents dropped; punctuation kept."""
    if text.isascii():  # the common case, and `quiz check` folds every cited text
        return text.lower()
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS).casefold())
    if text.isascii():
        return text
    return "".join(c for c in text if not unicodedata.combining(c))


def normalize_text(text: str, drop_article: bool = True) -> str:
    """The form free text is compared in: "The Nato-ICI  Centre's" -> "nato ici centres".

    Case, accents (þ->th, ð->d, æ->ae, ø->o, ß->ss), punctuation, hyphen vs space and a leading
    article do not count. Apostrophes vanish rather than split a word ("Kuwait's" -> "kuwaits").
    """
    text = _APOSTROPHES.sub("", _fold_letters(text))
    text = _DIGIT_GROUP_COMMA.sub("", text)  # "1,325" and "1325" are the same token
    words = _NON_ALNUM.sub(" ", text).split()
    if drop_article and len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def _drop_article(form: str) -> str:
    """`normalize_text(text)` from `normalize_text(text, drop_article=False)`."""
    head, _, rest = form.partition(" ")
    return rest if rest and head in _ARTICLES else form


def fold(text: str) -> str:
    """`normalize_text` keeping a leading article: the form to search a cited text for an
    answer ("Kuwait’s" and "Kuwait's" both read "kuwaits")."""
    return normalize_text(text, drop_article=False)


def typo_allowance(length: int) -> int:
    """How many slips (edits, a swap of two neighbours counts as one) a word or answer of
    `length` characters tolerates: none up to 4, one for 5-8, two from 9 on."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


def _is_small_typo(said: str, expected: str) -> bool:
    """Word by word, so that a missing or extra word (a partial name) never passes, and a
    word with a digit must be exact (Resolution 1325 is not Resolution 1352)."""
    said_words, expected_words = said.split(), expected.split()
    if len(said_words) != len(expected_words):
        # Only a misplaced space: "Alvar Gonzalez" for "Alvargonzalez".
        return said.replace(" ", "") == expected.replace(" ", "")
    total = 0
    for s, e in zip(said_words, expected_words, strict=True):
        if s == e:
            continue
        if any(c.isdigit() for c in s + e):
            return False
        from rapidfuzz.distance import OSA  # deferred: not needed to show the first question

        slips = OSA.distance(s, e)
        if slips > typo_allowance(len(e)):
            return False
        total += slips
    return total <= typo_allowance(len(expected))


# Set aside before a name, like a leading "the": "Mr Yang" is "Yang". A bank's own accept
# forms add role words ("Ambassador Al Budiawi" next to "Al Budiawi" makes "ambassador" one).
TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame"})


def _role_prefixes(answer: str, forms: Sequence[str]) -> set[tuple[str, ...]]:
    """Word sequences that an accept form puts before another form, none of whose words is in
    the answer itself: role words ("ambassador"), not a first name ("alejandro")."""
    own = set(answer.split())
    prefixes: set[tuple[str, ...]] = set()
    for form in forms:
        words = form.split()
        for other in (answer, *forms):
            rest = other.split()
            if rest and len(words) > len(rest) and words[-len(rest) :] == rest:
                prefix = tuple(words[: -len(rest)])
                if not own & set(prefix):
                    prefixes.add(prefix)
    return prefixes


def _without_titles(form: str, prefixes: set[tuple[str, ...]]) -> str:
    """`form` with leading titles and role words taken off, while a name remains."""
    words = form.split()
    changed = True
    while changed and len(words) > 1:
        changed = False
        if words[0] in TITLES:
            words, changed = words[1:], True
            continue
        for prefix in sorted(prefixes, key=len, reverse=True):
            n = len(prefix)
            if len(words) > n and tuple(words[:n]) == prefix:
                words, changed = words[n:], True
                break
        if words and words[0] in _ARTICLES and len(words) > 1:
            words, changed = words[1:], True
    return " ".join(words)


def _grade_text(question: Question, response: str) -> Grade:
    said = normalize_text(response)
    if not said:
        return _invalid(response, "type an answer in words")
    candidates = [str(question.answer), *question.accept]
    normalized = [normalize_text(c) for c in candidates]
    if said in normalized:
        return _scored(response, said, 1.0, "correct")
    prefixes = _role_prefixes(normalized[0], normalized[1:])
    bare = _without_titles(said, prefixes)
    bare_forms = [_without_titles(form, prefixes) for form in normalized]
    if bare in bare_forms:
        return _scored(response, said, 1.0, "correct")
    for original, form in zip(candidates, bare_forms, strict=True):
        if form and _is_small_typo(bare, form):
            return _scored(response, said, 1.0, f"accepted: small typo of {original!r}")
    return _scored(response, said, 0.0, f"wrong: the article says {question.expected}")


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
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MULTIPLIERS = {"hundred": 100.0, **_SCALES}
_NEGATORS = frozenset({"minus", "negative"})


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # "num", "word" or "other"
    text: str
    negative: bool = False  # a numeral written with a leading minus sign


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    # Not _fold_letters: NFKD would turn "m²" into "m2", a second number.
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
            w in _SCALES
            and last in ("unit", "teen", "tens", "hundred", "a")
            and _SCALES[w] < last_scale
        ):
            total += current * _SCALES[w]
            current, last, last_scale = 0.0, "scale", _SCALES[w]
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


def _plain(value: float) -> str:
    """2600.0 -> "2600", 14.5 -> "14.5": no thousands separators, so it reads back exactly."""
    if not math.isfinite(value):
        return str(value)
    return format_number(value).replace(",", "")


_TOLERANCE_NOTE = re.compile(r"\(?\s*(?:±|\+/-|\+-)\s*[0-9][0-9.,]*\s*\)?")


def _unit_scale(unit: str | None) -> float:
    """1e6 for a unit such as "million euros": the answer 14.5 then also reads as 14,500,000."""
    words = normalize_text(unit or "").split()
    return _SCALES.get(words[0], 1.0) if words else 1.0


def _close(value: float, target: float, tolerance: float) -> bool:
    return abs(value - target) <= tolerance + 1e-9 * max(1.0, abs(target))


def _grade_number(question: Question, response: str) -> Grade:
    # "478 (± 5)" is how `Question.expected` shows a tolerance: the ± part is not a second number.
    values = set(find_numbers(_TOLERANCE_NOTE.sub(" ", response), ordinals=True))
    if not values:
        return _invalid(response, "enter a number, in digits or words")
    if len(values) > 1:
        shown = ", ".join(_plain(v) for v in sorted(values)[:3])
        return _invalid(response, f"enter one number, not several ({shown})")
    value = values.pop()
    try:
        answer = float(question.answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return _invalid(response, "this question has no numeric answer", _plain(value))
    tolerance = abs(question.tolerance or 0.0)
    scale = _unit_scale(question.unit)
    # Either in the unit's own scale ("14.5" of "million euros") or spelled out ("14.5 million").
    targets = [(answer, tolerance)] + ([(answer * scale, tolerance * scale)] if scale != 1 else [])
    for target, tol in targets:
        if _close(value, target, 0.0):
            return _scored(response, _plain(value), 1.0, "correct")
        if _close(value, target, tol):
            reason = f"accepted: within ± {format_number(tolerance)} of {format_number(answer)}"
            return _scored(response, _plain(value), 1.0, reason)
    return _scored(response, _plain(value), 0.0, f"wrong: the article says {question.expected}")


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
    folded = _fold_letters(text)
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


def _consistent(coarse: DateValue, fine: DateValue) -> bool:
    """`fine` says everything `coarse` says (2017 and January 2017 agree)."""
    return (
        coarse.year == fine.year
        and coarse.month in (None, fine.month)
        and coarse.day in (None, fine.day)
    )


def _merge_dates(dates: Sequence[DateValue]) -> DateValue | None:
    """The most precise date if all the others agree with it, else None (ambiguous)."""
    if not dates:
        return None
    rank = {"year": 0, "month": 1, "day": 2}
    finest = max(dates, key=lambda d: rank[d.precision])
    return finest if all(_consistent(d, finest) for d in dates) else None


def parse_date(text: str) -> DateValue | None:
    """The one date `text` states, at the precision it states it; None if there is none or two
    that disagree ("January 2017, in 2017" is January 2017)."""
    return _merge_dates(find_dates(text))


# No example dates: one could be the answer (the front ends show examples chosen per bank).
_DATE_PROMPTS = {
    "year": "enter the year, in four digits",
    "month": "enter the month and the year",
    "day": "enter the day, the month and the year",
}


def _answer_date(question: Question) -> DateValue | None:
    if isinstance(question.answer, DateValue):
        return question.answer
    return parse_date(str(question.answer))


def _grade_date(question: Question, response: str) -> Grade:
    answer = _answer_date(question)
    if answer is None:
        return _invalid(response, "this question has no date answer")
    prompt = _DATE_PROMPTS[answer.precision]
    dates = find_dates(response)
    if not dates:
        return _invalid(response, prompt)
    said = _merge_dates(dates)
    if said is None:
        return _invalid(response, "enter one date, not several")
    rank = {"year": 0, "month": 1, "day": 2}
    # Too coarse is not an answer to the question asked: ask again, whatever the year, so the
    # retry gives nothing away.
    if rank[said.precision] < rank[answer.precision]:
        return _invalid(response, prompt, said.iso())
    if _consistent(answer, said):
        return _scored(response, said.iso(), 1.0, "correct")
    return _scored(response, said.iso(), 0.0, f"wrong: the article says {answer}")


# --------------------------------------------------------------------------- options

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_PART_TOKEN = re.compile(r"(?P<sep>[,;/&+>→\n])|[^\s,;/&+>→]+")
_OPTION_WORD = re.compile(r"^(?:option|choice|number|no|item)\s+(?=\S+$)")


def _option_by_key(part: str, count: int) -> int | None:
    """A 0-based option index from "2", "b", "(b)", "option 2"; None if it is not a key."""
    key = part.strip()
    if not (key.isascii() and key.isalnum()):  # "2" and "b" need no folding
        key = _OPTION_WORD.sub("", " ".join(_NON_ALNUM.sub(" ", _fold_letters(part)).split()))
    key = key.lower()
    if key.isascii() and key.isdigit():
        if len(key) > 4:  # also keeps int() clear of its limit on huge digit strings
            return -1
        n = int(key)
        return n - 1 if 1 <= n <= count else -1
    if len(key) == 1 and key in _LETTERS:
        n = _LETTERS.index(key)
        return n if n < count else -1
    return None


class _OptionError(Exception):
    """A part of the response names no option; str() is what to show."""


class _Options:
    """The options as displayed, resolvable by text, 1-based number or letter."""

    def __init__(self, options: Sequence[str]) -> None:
        self.options = list(options)
        self.forms: dict[str, int] = {}
        self.full_forms: dict[str, int] = {}  # article kept: "A → B" must not read as "B"
        for index, option in enumerate(self.options):
            self.forms.setdefault(normalize_text(option), index)
            self.full_forms.setdefault(normalize_text(option, drop_article=False), index)

    @property
    def keys_hint(self) -> str:
        n = len(self.options)
        letters = f", a letter from a to {_LETTERS[n - 1]}" if 1 < n <= len(_LETTERS) else ""
        return f"a number from 1 to {n}{letters} or the option's text"

    def by_text(self, part: str, full_form: str | None = None) -> int | None:
        """The option whose text `part` is; `full_form`: `part` already normalised with its
        article kept (resolve_list has it), so it is not normalised twice."""
        form = normalize_text(part) if full_form is None else _drop_article(full_form)
        return self.forms.get(form) if form else None

    def resolve(self, part: str, full_form: str | None = None) -> int:
        """Text first: an option that reads "2" or "B" means itself, not the second option."""
        index = self.by_text(part, full_form)
        if index is not None:
            return index
        key = _option_by_key(part, len(self.options))
        if key is not None and key >= 0:
            return key
        raise _OptionError(f"{part.strip()!r} is not one of the options: enter {self.keys_hint}")

    def resolve_run(self, part: str, loose: bool, full_form: str | None = None) -> list[int]:
        """One part, or keys separated by spaces ("1 3"); `loose` (for order, where every item is
        named) also reads "2-1-3", "2.1.3", "213" and "bac"."""
        try:
            return [self.resolve(part, full_form)]
        except _OptionError:
            pieces = [p for p in re.split(r"[\s\-.]+" if loose else r"\s+", part.strip()) if p]
            if loose and len(pieces) == 1 and len(self.options) <= 9 and len(pieces[0]) > 1:
                pieces = list(pieces[0])
            keys = [_option_by_key(p, len(self.options)) for p in pieces]
            if len(pieces) > 1 and all(k is not None and k >= 0 for k in keys):
                return [k for k in keys if k is not None]
            raise

    def resolve_list(self, response: str, loose: bool = False) -> list[int]:
        """Options named in `response`, in the order given, separated by "," ";" "/" "and" "&"
        "+" "→" ">". Neighbouring parts are joined again when together they are one option's
        text ("instructors and experts", "Washington, D.C.")."""
        # One pass: a separator or the word "and" ends a part; a part runs from its first word
        # to its last.
        spans: list[tuple[int, int]] = []
        start = end = -1
        for m in _PART_TOKEN.finditer(response):
            if m.lastgroup == "sep" or m.group().casefold() == "and":
                if start >= 0:
                    spans.append((start, end))
                start = -1
            else:
                if start < 0:
                    start = m.start()
                end = m.end()
        if start >= 0:
            spans.append((start, end))
        # Normalising a run of parts keeps every part's letters and digits, in order: its form
        # starts with the first part's form and is at least as long as the parts' forms
        # together. Only runs that pass that test are normalised, so an answer of many short
        # parts ("1,1,1,...") costs one normalisation per part (bench/grading_worst.py).
        cache: dict[str, str] = {}
        forms = [
            cache.get(part) or cache.setdefault(part, normalize_text(part, drop_article=False))
            for part in (response[start:end] for start, end in spans)
        ]
        longest = max(map(len, self.full_forms), default=0)
        starts: dict[str, bool] = {}  # form -> some longer option form starts with it
        picks: list[int] = []
        i = 0
        while i < len(spans):
            first, top = forms[i], i + 1
            joinable = starts.get(first)
            if joinable is None:
                joinable = starts[first] = any(
                    len(key) > len(first) and key.startswith(first) for key in self.full_forms
                )
            if joinable:
                size = len(first)
                while top < min(len(spans), i + 8) and size + len(forms[top]) <= longest:
                    size += len(forms[top])
                    top += 1
            for j in range(top, i + 1, -1):  # longest run of parts first
                joined = normalize_text(response[spans[i][0] : spans[j - 1][1]], drop_article=False)
                index = self.full_forms.get(joined)
                if index is not None:
                    picks.append(index)
                    i = j
                    break
            else:
                picks.extend(self.resolve_run(response[spans[i][0] : spans[i][1]], loose, forms[i]))
                i += 1
        return picks


def _grade_choice(question: Question, response: str, options: list[str]) -> Grade:
    if not options:
        return _invalid(response, "this question has no options")
    opts = _Options(options)
    try:
        picks = opts.resolve_list(response)
    except _OptionError:
        return _invalid(response, f"pick one option: enter {opts.keys_hint}")
    if len(set(picks)) != 1:
        several = "only one" if picks else "one"
        return _invalid(response, f"pick {several} option: enter {opts.keys_hint}")
    chosen = options[picks[0]]
    if _same(chosen, str(question.answer)):
        return _scored(response, chosen, 1.0, "correct", picks[:1])
    return _scored(response, chosen, 0.0, f"wrong: the article says {question.answer}", picks[:1])


def _same(a: str, b: str) -> bool:
    return a == b or normalize_text(a) == normalize_text(b)


def _answer_tuple(question: Question) -> tuple[str, ...]:
    answer = question.answer
    if isinstance(answer, tuple | list):
        return tuple(str(a) for a in answer)
    return (str(answer),)


def _grade_multi(question: Question, response: str, options: list[str]) -> Grade:
    if not options:
        return _invalid(response, "this question has no options")
    opts = _Options(options)
    try:
        picks = sorted(set(opts.resolve_list(response)))
    except _OptionError as e:
        return _invalid(response, f"{e}, separated by commas")
    if not picks:
        return _invalid(response, _EMPTY_REASON["multi"])
    expected = _answer_tuple(question)
    chosen = [options[i] for i in picks]
    right = sum(1 for c in chosen if any(_same(c, a) for a in expected))
    wrong = len(chosen) - right
    size = len(expected)
    credit = max(0.0, (right - wrong) / size) if size else (1.0 if wrong == 0 else 0.0)
    normalized = ", ".join(chosen)
    if credit == 1.0:
        return _scored(response, normalized, 1.0, "correct", picks)
    tally = f"{right} of {size} right" + (
        f", {wrong} wrong pick{'s' if wrong != 1 else ''}" if wrong else ""
    )
    if credit > 0:
        return _scored(response, normalized, credit, f"partly right: {tally}", picks)
    return _scored(
        response,
        normalized,
        0.0,
        f"wrong: {tally}; the article says {', '.join(expected)}",
        picks,
    )


def _grade_order(question: Question, response: str, options: list[str]) -> Grade:
    n = len(options)
    if n == 0:
        return _invalid(response, "this question has no items")
    need = f"enter the numbers 1 to {n}, each once, in the right order"
    opts = _Options(options)
    try:
        picks = opts.resolve_list(response, loose=True)
    except _OptionError:
        return _invalid(response, need)
    if sorted(picks) != list(range(n)):
        return _invalid(response, need, ", ".join(str(p + 1) for p in picks))
    right_order = _answer_tuple(question) if question.answer else tuple(question.items)
    rank = {normalize_text(item): r for r, item in enumerate(right_order)}
    ranks = [rank.get(normalize_text(options[p]), n) for p in picks]
    pairs = list(combinations(ranks, 2))
    credit = sum(1 for a, b in pairs if a < b) / len(pairs) if pairs else 1.0
    normalized = ", ".join(str(p + 1) for p in picks)
    if credit == 1.0:
        return _scored(response, normalized, 1.0, "correct", picks)
    if credit > 0:
        good = sum(1 for a, b in pairs if a < b)
        return _scored(
            response,
            normalized,
            credit,
            f"partly right: {good} of {len(pairs)} pairs in the right order",
            picks,
        )
    return _scored(
        response, normalized, 0.0, f"wrong: the right order is {' → '.join(right_order)}", picks
    )


# --------------------------------------------------------------------------- claims

# The words for each verdict; its number and letter come from its place in VERDICTS.
_VERDICT_WORDS = {
    "supported": ("supported", "support", "supports", "s"),
    "refuted": ("refuted", "refute", "refutes", "r"),
    "not-in-source": (
        "not in source", "not in the source", "notinsource", "nis", "n",
        "not in article", "not in the article", "not stated", "not mentioned",
    ),
}  # fmt: skip
_VERDICT_BY_WORD = {
    normalize_text(word): verdict
    for n, verdict in enumerate(VERDICTS)
    for word in (*_VERDICT_WORDS.get(verdict, (verdict,)), str(n + 1), _LETTERS[n])
}
_VERDICT_FEEDBACK = {
    "supported": "wrong: the article supports this claim",
    "refuted": "wrong: the article refutes this claim",
    "not-in-source": "wrong: the article does not say this (not in source)",
}


def _grade_claim(question: Question, response: str) -> Grade:
    said = _VERDICT_BY_WORD.get(normalize_text(response))
    if said is None:
        return _invalid(response, _EMPTY_REASON["claim"])
    answer = str(question.answer)
    picks = (VERDICTS.index(said),)
    if said == answer:
        return _scored(response, said, 1.0, "correct", picks)
    return _scored(
        response, said, 0.0, _VERDICT_FEEDBACK.get(answer, f"wrong: the answer is {answer}"), picks
    )
