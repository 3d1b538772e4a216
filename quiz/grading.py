"""Marking: turn what a learner typed into a `Grade`. Pure, no I/O, never raises for any response.

The rules, kind by kind, are documented for authors and students in docs/grading.md; keep the two
in step. Text answers are compared in `quiz.folding.answer_key`'s form; number and date answers
are read by `quiz.reading`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.bank.model import VERDICTS, DateValue, Question, format_number
from quiz.folding import ARTICLES, answer_key, answer_letters, without_article
from quiz.reading import SCALES, dates_agree, find_dates, find_numbers, merge_dates, parse_date

if TYPE_CHECKING:
    from rapidfuzz.distance import OSA
else:
    OSA = lazy.module("rapidfuzz.distance.OSA")  # not needed to show the first question

__all__ = [
    "MAX_ANSWER_CHARS",
    "Grade",
    "grade",
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


# --------------------------------------------------------------------------- text


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
        if words and words[0] in ARTICLES and len(words) > 1:
            words, changed = words[1:], True
    return " ".join(words)


def _grade_text(question: Question, response: str) -> Grade:
    said = answer_key(response)
    if not said:
        return _invalid(response, "type an answer in words")
    candidates = [str(question.answer), *question.accept]
    normalized = [answer_key(c) for c in candidates]
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


def _plain(value: float) -> str:
    """2600.0 -> "2600", 14.5 -> "14.5": no thousands separators, so it reads back exactly."""
    if not math.isfinite(value):
        return str(value)
    return format_number(value).replace(",", "")


_TOLERANCE_NOTE = re.compile(r"\(?\s*(?:±|\+/-|\+-)\s*[0-9][0-9.,]*\s*\)?")


def _unit_scale(unit: str | None) -> float:
    """1e6 for a unit such as "million euros": the answer 14.5 then also reads as 14,500,000."""
    words = answer_key(unit or "").split()
    return SCALES.get(words[0], 1.0) if words else 1.0


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
    said = merge_dates(dates)
    if said is None:
        return _invalid(response, "enter one date, not several")
    rank = {"year": 0, "month": 1, "day": 2}
    # Too coarse is not an answer to the question asked: ask again, whatever the year, so the
    # retry gives nothing away.
    if rank[said.precision] < rank[answer.precision]:
        return _invalid(response, prompt, said.iso())
    if dates_agree(answer, said):
        return _scored(response, said.iso(), 1.0, "correct")
    return _scored(response, said.iso(), 0.0, f"wrong: the article says {answer}")


# --------------------------------------------------------------------------- options

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NON_ALNUM = re.compile(r"[\W_]+")
_PART_TOKEN = re.compile(r"(?P<sep>[,;/&+>→\n])|[^\s,;/&+>→]+")
_OPTION_WORD = re.compile(r"^(?:option|choice|number|no|item)\s+(?=\S+$)")


def _option_by_key(part: str, count: int) -> int | None:
    """A 0-based option index from "2", "b", "(b)", "option 2"; None if it is not a key."""
    key = part.strip()
    if not (key.isascii() and key.isalnum()):  # "2" and "b" need no folding
        key = _OPTION_WORD.sub("", " ".join(_NON_ALNUM.sub(" ", answer_letters(part)).split()))
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
            self.forms.setdefault(answer_key(option), index)
            self.full_forms.setdefault(answer_key(option, drop_article=False), index)

    @property
    def keys_hint(self) -> str:
        n = len(self.options)
        letters = f", a letter from a to {_LETTERS[n - 1]}" if 1 < n <= len(_LETTERS) else ""
        return f"a number from 1 to {n}{letters} or the option's text"

    def by_text(self, part: str, full_form: str | None = None) -> int | None:
        """The option whose text `part` is; `full_form`: `part` already normalised with its
        article kept (resolve_list has it), so it is not normalised twice."""
        form = answer_key(part) if full_form is None else without_article(full_form)
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
            cache.get(part) or cache.setdefault(part, answer_key(part, drop_article=False))
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
                joined = answer_key(response[spans[i][0] : spans[j - 1][1]], drop_article=False)
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
    return a == b or answer_key(a) == answer_key(b)


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
    rank = {answer_key(item): r for r, item in enumerate(right_order)}
    ranks = [rank.get(answer_key(options[p]), n) for p in picks]
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
    answer_key(word): verdict
    for n, verdict in enumerate(VERDICTS)
    for word in (*_VERDICT_WORDS.get(verdict, (verdict,)), str(n + 1), _LETTERS[n])
}
_VERDICT_FEEDBACK = {
    "supported": "wrong: the article supports this claim",
    "refuted": "wrong: the article refutes this claim",
    "not-in-source": "wrong: the article does not say this (not in source)",
}


def _grade_claim(question: Question, response: str) -> Grade:
    said = _VERDICT_BY_WORD.get(answer_key(response))
    if said is None:
        return _invalid(response, _EMPTY_REASON["claim"])
    answer = str(question.answer)
    picks = (VERDICTS.index(said),)
    if said == answer:
        return _scored(response, said, 1.0, "correct", picks)
    return _scored(
        response, said, 0.0, _VERDICT_FEEDBACK.get(answer, f"wrong: the answer is {answer}"), picks
    )
