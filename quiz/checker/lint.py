"""Item-writing lint: questions that give each other away, options that cue the key, and
questions that contradict themselves. `quiz check` reports each finding as a warning
(`--strict` makes it an error); `quiz draft` drops drafted questions that would trigger one.

Every rule is documented with an example in docs/bank-format.md ("Item-writing lint").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from quiz.bank.model import DateValue, Question, format_number
from quiz.errors import Problem
from quiz.folding import answer_key
from quiz.reading import find_dates, find_numbers
from quiz.sources import Document, LocateError


@lru_cache(maxsize=16384)  # the same texts are compared many times
def _search_key(text: str) -> str:
    """The form an answer is searched for in text: `answer_key`, its leading article kept."""
    return answer_key(text, drop_article=False)


__all__ = ["ANSWER_KINDS", "Finding", "Linter", "lint_problems", "lint_questions"]

ANSWER_KINDS = ("text", "choice", "number", "date", "multi")
_LEAK_FIELDS = ("prompt", "hint", "explain", "choices")
_ALL_NONE = re.compile(
    r"\b(?:all|none|both|neither)\s+of\s+(?:the\s+)?(?:above|these|them)\b", re.I
)
_FULL_NAME = re.compile(r"\bfull\s+name\b", re.I)
# "Much longer than every distractor": half as long again, and by a dozen characters.
LONG_KEY_RATIO, LONG_KEY_CHARS = 1.5, 12
MIN_FORM = 3  # shorter forms ("UK", "EU") match too much to be evidence of a leak


@dataclass(frozen=True, slots=True)
class Finding:
    question: Question
    rule: str  # "leak", "leak-paragraph", "cue-long-key", ...
    message: str


@lru_cache(maxsize=8192)
def _words(text: str) -> str:
    return f" {_search_key(text)} "


@lru_cache(maxsize=8192)
def _dates(text: str) -> tuple[DateValue, ...]:
    return tuple(find_dates(text))


def _has(haystack: str, form: str) -> bool:
    """Is folded `form` in the padded folded `haystack` as whole words?"""
    return bool(form) and f" {form} " in haystack


class _Forms:
    """What a question's answer looks like in text: words, a number, or a date."""

    __slots__ = ("dates", "label", "leaky", "members", "numbers", "words")

    def __init__(self, q: Question) -> None:
        self.words: list[str] = []
        self.numbers: list[float] = []
        self.dates: list[DateValue] = []
        self.members: list[str] = []  # multi: each member must appear for a paragraph leak
        self.leaky: list[str] = []  # multi: members that give the answer away on their own
        self.label = q.expected
        match q.kind:
            case "text":
                forms = (str(q.answer), *q.accept)
                self.words = [
                    f for f in dict.fromkeys(_search_key(x) for x in forms) if len(f) >= MIN_FORM
                ]
            case "choice":
                f = _search_key(str(q.answer))
                self.words = [f] if len(f) >= MIN_FORM and not _is_number(f) else []
                if _is_number(f):
                    self.numbers = [float(f)]
            case "number":
                assert isinstance(q.answer, float)
                self.numbers = [q.answer]
            case "date":
                assert isinstance(q.answer, DateValue)
                self.dates = [q.answer]
            case "multi":
                self.members = [_search_key(m) for m in q.answer]
                self.leaky = list(self.members)

    def found_in(self, text: str, padded: str) -> str | None:
        """The form of the answer found in `text` (padded: its folded form), if any."""
        for w in self.words:
            if _has(padded, w):
                return w
        if self.numbers and any(n in self.numbers for n in _numbers(text)):
            return format_number(self.numbers[0])
        for d in self.dates:
            if any(_covers(found, d) for found in _dates(text)):
                return str(d)
        return None

    def all_members_in(self, padded: str) -> bool:
        return bool(self.members) and all(len(m) >= 1 and _has(padded, m) for m in self.members)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"\d+(?:\.\d+)?", text))


_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")


@lru_cache(maxsize=8192)
def _numbers(text: str) -> frozenset[float]:
    if not any(c.isdigit() for c in text) and not _NUMBER_WORD.search(text):
        return frozenset()
    found = set(find_numbers(text))
    for m in _DIGITS.finditer(text):
        found.add(float(m.group().replace(",", "")))
    return frozenset(found)


_NUMBER_WORD = re.compile(
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|billion|a dozen)\b",
    re.I,
)


def _covers(found: DateValue, answer: DateValue) -> bool:
    """Does a date written in a text give away `answer`? Same year, and the month if asked."""
    if found.year != answer.year:
        return False
    if answer.month is not None and found.month != answer.month:
        return False
    return answer.day is None or found.day == answer.day


def _fields(q: Question) -> Iterator[tuple[str, str]]:
    yield "prompt", q.prompt
    if q.hint:
        yield "hint", q.hint
    if q.explain:
        yield "explain", q.explain
    for i, c in enumerate(q.choices):
        yield f"choices[{i}]", c


class Linter:
    """Lint questions of one bank against its article. Cheap to extend one question at a time,
    which is how `quiz draft` keeps only the drafted questions that pass."""

    def __init__(self, document: Document | None, title: str | None = None) -> None:
        self.document = document
        self.title = _words(title) if title else ""
        self.questions: list[Question] = []
        self._forms: list[_Forms] = []
        self._fields: list[list[tuple[str, str, str]]] = []  # (name, text, padded)
        self._paragraphs: list[list[tuple[int, str, str]]] = []  # (number, text, padded)
        self._cites: list[tuple[frozenset[str], str]] = []
        self._paragraph_cache: dict[int, tuple[str, str]] = {}

    # ------------------------------------------------------------------ per question

    def _shown(self, q: Question) -> list[tuple[int, str, str]]:
        """The paragraphs practice shows after `q`: those its cites touch."""
        if self.document is None:
            return []
        numbers: list[int] = []
        for quote in q.cite:
            try:
                span = self.document.locate(quote)
            except LocateError:
                continue
            for s in span.sentences:
                if s.paragraph not in numbers:
                    numbers.append(s.paragraph)
        out = []
        for n in numbers:
            if n not in self._paragraph_cache:
                p = self.document.paragraph(n)
                text = self.document.text[p.start : p.end]
                self._paragraph_cache[n] = (text, _words(text))
            text, padded = self._paragraph_cache[n]
            out.append((n, text, padded))
        return out

    def own(self, q: Question) -> list[Finding]:
        """Findings about `q` alone: cues and consistency."""
        out: list[Finding] = []

        def add(rule: str, message: str) -> None:
            out.append(Finding(q, rule, message))

        if self.title and q.kind in ANSWER_KINDS:
            form = _Forms(q).found_in(self.title, self.title) if q.kind != "multi" else None
            if form:
                add(
                    "answer-in-title",
                    f"the answer ({form!r}) is in the bank's title, which learners see "
                    "before every question; ask something the title does not say",
                )
        if q.kind in ("choice", "multi"):
            folded = [_search_key(c) for c in q.choices]
            seen: dict[str, int] = {}
            for i, f in enumerate(folded):
                if f in seen:
                    add(
                        "cue-same-option",
                        f"choices[{i}] {q.choices[i]!r} is the same as choices[{seen[f]}] "
                        f"{q.choices[seen[f]]!r} once case, accents and punctuation are set "
                        "aside; make every option different",
                    )
                else:
                    seen[f] = i
            for i, c in enumerate(q.choices):
                if _ALL_NONE.search(c):
                    add(
                        "cue-all-none",
                        f"choices[{i}] {c!r}: 'all/none of the above' options are guessed by "
                        "test-wise readers, and options are shuffled; name real options instead",
                    )
        if q.kind == "choice":
            key = str(q.answer)
            others = [c for c in q.choices if c != key]
            longest = max((len(c) for c in others), default=0)
            if (
                others
                and len(key) >= LONG_KEY_RATIO * longest
                and len(key) - longest >= LONG_KEY_CHARS
            ):
                add(
                    "cue-long-key",
                    f"the key {key!r} ({len(key)} characters) is much longer than every "
                    f"distractor (at most {longest}): the length gives it away; shorten it "
                    "or write distractors as specific as the key",
                )
        if q.kind == "multi" and q.choices and set(q.answer) == set(q.choices):
            add(
                "cue-multi-all",
                "every option is right: picking all of them is the answer; add options that "
                "are wrong",
            )
        if q.kind == "text" and _FULL_NAME.search(q.prompt):
            words = str(q.answer).split()
            partial = [
                a
                for a in q.accept
                if len(a.split()) < len(words)
                and _search_key(" ".join(words[-len(a.split()) :])) == _search_key(a)
            ]
            if partial:
                add(
                    "full-name-surname",
                    f"the prompt asks for a full name but `accept` takes {partial[0]!r}, a "
                    'surname alone; drop it from `accept`, or ask for "a name"',
                )
        if q.kind == "claim" and q.answer == "not-in-source" and q.cite:
            add(
                "nis-cite",
                "a not-in-source claim carries a cite: if the article says something about it, "
                "the verdict is supported or refuted; else remove the cite",
            )
        return out

    def add(self, q: Question) -> list[Finding]:
        """Append `q` (the next question in bank order); return the findings it brings."""
        out = self.own(q)
        forms = _Forms(q)
        if self.title and forms.members:  # a member the title names is no secret
            forms.leaky = [m for m in forms.members if not _has(self.title, m)]
        fields = [(name, text, _words(text)) for name, text in _fields(q)]
        shown = self._shown(q)
        cite_key = (frozenset(_search_key(c) for c in q.cite), _answer_key(q))
        shown_after: tuple[str, int, str] | None = None

        for earlier, e_forms, e_fields, e_shown, e_cite in zip(
            self.questions, self._forms, self._fields, self._paragraphs, self._cites, strict=True
        ):
            # An earlier answer in this question's words, and this answer in the earlier's.
            for owner, o_forms, reader, r_fields, r_forms in (
                (earlier, e_forms, q, fields, forms),
                (q, forms, earlier, e_fields, e_forms),
            ):
                if owner.kind not in ANSWER_KINDS or self._in_title(o_forms):
                    continue
                hit = _leak(owner, o_forms, reader, r_fields, r_forms)
                if hit:
                    field, form = hit
                    out.append(
                        Finding(
                            q,
                            "leak",
                            f"{reader.id}.{field} gives away the answer of {owner.id} "
                            f"({form!r}); reword one of them",
                        )
                    )
            # This (later) answer in a paragraph shown after the earlier question.
            # Claims share verdicts and orders have no single answer: neither is "a fact".
            same = bool(q.cite) and cite_key == e_cite and q.kind not in ("order", "claim")
            if q.kind in ANSWER_KINDS and not (shown_after or same or self._in_title(forms)):
                for number, text, padded in e_shown:
                    form = forms.found_in(text, padded) if q.kind != "multi" else None
                    if q.kind == "multi" and forms.all_members_in(padded):
                        form = ", ".join(q.answer)
                    if form:
                        shown_after = (earlier.id, number, form)
                        break
            if same:
                out.append(
                    Finding(
                        q,
                        "same-fact",
                        f"asks the same fact as {earlier.id} (same cite, same answer); "
                        "remove one, or ask another fact",
                    )
                )
        if shown_after:
            first, number, form = shown_after
            out.append(
                Finding(
                    q,
                    "leak-paragraph",
                    f"the answer of {q.id} ({form!r}) is in paragraph {number}, which practice "
                    f"shows after the earlier {first}; ask {q.id} first, or from another passage",
                )
            )
        self.questions.append(q)
        self._forms.append(forms)
        self._fields.append(fields)
        self._paragraphs.append(shown)
        self._cites.append(cite_key)
        return out

    def _in_title(self, forms: _Forms) -> bool:
        return bool(self.title) and forms.found_in(self.title, self.title) is not None

    def pop(self) -> None:
        """Forget the last question added (a draft tries questions and keeps the good ones)."""
        for stack in (self.questions, self._forms, self._fields, self._paragraphs, self._cites):
            stack.pop()


def _answer_key(q: Question) -> str:
    if isinstance(q.answer, DateValue):
        return q.answer.iso()
    if isinstance(q.answer, tuple):
        return "|".join(sorted(_search_key(a) for a in q.answer))
    return _search_key(str(q.answer))


def _leak(
    owner: Question,
    forms: _Forms,
    reader: Question,
    fields: Sequence[tuple[str, str, str]],
    own_forms: _Forms,
) -> tuple[str, str] | None:
    """The field of `reader` that holds `owner`'s answer, and the form found."""
    for name, text, padded in fields:
        is_choice = name.startswith("choices[")
        if is_choice and owner.kind in ("choice", "multi"):
            continue  # sharing an option is not a give-away: it does not say which is right
        if owner.kind == "multi":
            if is_choice:
                continue
            found = next((m for m in forms.leaky if len(m) >= MIN_FORM and _has(padded, m)), None)
        else:
            found = forms.found_in(text, padded)
        if not found:
            continue
        # The same words are the reader's own answer: the two questions share an answer,
        # which the same-fact rule judges.
        if own_forms.found_in(found, _words(found)) and not is_choice:
            continue
        return name, found
    return None


def lint_questions(
    questions: Iterable[Question], document: Document | None, title: str | None = None
) -> list[Finding]:
    linter = Linter(document, title)
    out: list[Finding] = []
    for q in questions:
        out.extend(linter.add(q))
    return out


def lint_problems(
    path: str,
    questions: Sequence[tuple[int, Question]],
    document: Document | None,
    title: str | None = None,
) -> list[Problem]:
    """The lint's findings as `quiz check` warnings, at each question's line, in the loader's
    location style: `questions[3] (id: x): ... [rule]`."""
    index = {q.id: i for i, q in questions}
    return [
        Problem(
            path,
            f.question.line,
            f.question.col,
            f"questions[{index[f.question.id]}] (id: {f.question.id}): {f.message} [{f.rule}]",
            "warning",
        )
        for f in lint_questions((q for _, q in questions), document, title)
    ]
