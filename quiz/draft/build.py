"""Questions from an article's facts: one question per fact, in article order, each with a
cite lengthened until it is unique, kept only if the item-writing lint finds nothing wrong
with it among the questions already kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from quiz.bank.model import DateValue, Kind, Question, format_number
from quiz.checker.grounding import grounding_gap
from quiz.checker.lint import Linter
from quiz.facts import COUNTRIES, DATELINE, ROLE_WORDS, Analysis, Entity, Fact, analyse
from quiz.folding import answer_key
from quiz.sources import Document, LocateError, Sentence


@lru_cache(maxsize=16384)  # the same texts are compared many times
def _search_key(text: str) -> str:
    """The form an answer is searched for in text: `answer_key`, its leading article kept."""
    return answer_key(text, drop_article=False)


__all__ = ["Draft", "Drafted", "NotDrafted", "build_draft"]

MAX_DISTRACTORS = 3
MAX_MEMBERS = 7  # a multi question has at most 8 options, one of them wrong
MIN_CITE_WORDS = 5
WINDOW = 8  # words of context either side of a gap in a prompt


@dataclass(slots=True)
class Drafted:
    question: Question
    paragraph: int
    sentence: int  # 0-based index in the document
    rule: str  # which rule made it, for the comment
    notes: list[str] = field(default_factory=list)  # e.g. "approximate: decide a tolerance"


@dataclass(frozen=True, slots=True)
class NotDrafted:
    sentence: Sentence
    text: str
    reason: str


@dataclass(slots=True)
class Draft:
    document: Document
    analysis: Analysis
    title: str = ""
    questions: list[Drafted] = field(default_factory=list)
    not_drafted: list[NotDrafted] = field(default_factory=list)


# --------------------------------------------------------------------------- helpers


def _word_bounds(text: str, a: int, b: int) -> tuple[int, int]:
    while a > 0 and not text[a - 1].isspace():
        a -= 1
    while b < len(text) and not text[b].isspace():
        b += 1
    return a, b


def unique_cite(doc: Document, sentence: Sentence, start: int, end: int) -> str | None:
    """The fact's words, lengthened a word at a time (right, then left, within the sentence)
    until they occur once in the article and say enough to name their subject."""
    text = doc.text
    a, b = _word_bounds(text, start, end)
    lo, _ = _line_bounds(doc, sentence, start, end)
    a, b = max(a, sentence.start, lo), min(b, sentence.end)
    grow_right = True
    for _ in range(200):
        # One line: the loader reads whitespace runs as one space anyway.
        quote = " ".join(text[a:b].split()).strip(",;:")
        enough = len(quote.split()) >= MIN_CITE_WORDS or (a, b) == (sentence.start, sentence.end)
        if (enough and "\n" not in quote.strip()) or enough:
            try:
                doc.locate(quote)
                return quote
            except LocateError:
                pass
        if (a, b) == (sentence.start, sentence.end) or (a <= lo and b >= sentence.end):
            return None
        if (grow_right and b < sentence.end) or a <= max(sentence.start, lo):
            nb = b
            while nb < sentence.end and text[nb].isspace():
                nb += 1
            while nb < sentence.end and not text[nb].isspace():
                nb += 1
            b = nb
        else:
            na = a
            floor = max(sentence.start, lo)
            while na > floor and text[na - 1].isspace():
                na -= 1
            while na > floor and not text[na - 1].isspace():
                na -= 1
            a = na
        grow_right = not grow_right
    return None


def _line_bounds(doc: Document, sentence: Sentence, start: int, end: int) -> tuple[int, int]:
    """The part of the sentence a gap's context may use: its line in a bulleted list, and
    never the dateline."""
    text = doc.text
    lo = text.rfind("\n", sentence.start, start)
    hi = text.find("\n", end, sentence.end)
    lo = lo + 1 if lo >= 0 else sentence.start
    body = _BODY_START.get(id(doc))
    if body is not None and body >= 0 and sentence.start <= body <= start:
        lo = max(lo, body)
    return lo, (hi if hi >= 0 else sentence.end)


_BODY_START: dict[int, int] = {}  # document id -> where the first sentence's words begin


def window(
    doc: Document,
    sentence: Sentence,
    start: int,
    end: int,
    gap: str | None,
    width: int = WINDOW,
) -> str:
    """Up to `width` words either side of [start, end), the span replaced by `gap` (or kept)."""
    text = doc.text
    lo, hi = _line_bounds(doc, sentence, start, end)
    left_text, right_text = text[lo:start], text[end:hi]
    left = re.search(rf"(?:\S+\s+){{0,{width}}}$", left_text)
    right = re.match(rf"\S*(?:\s+\S+){{0,{width}}}", right_text)
    ltxt = left.group() if left else ""
    rtxt = right.group() if right else ""
    middle = text[start:end] if gap is None else gap
    out = " ".join(f"{ltxt}{middle}{rtxt}".split())
    out = out.strip(" “”\"‘’'").rstrip(",;:")
    if len(ltxt) < len(left_text.rstrip()) and left_text.strip():
        out = "… " + out
    if len(rtxt) < len(right_text.rstrip()):
        out = out + " …"
    return out


def clause(
    doc: Document,
    sentence: Sentence,
    start: int,
    end: int,
    replace: str | None,
    short: bool = False,
) -> str:
    """The sentence (or, if long or `short`, the clause) stating [start, end), as a headline
    would."""
    text = doc.text
    lo, hi = _line_bounds(doc, sentence, start, end)
    if short or len(text[lo:hi].split()) > 24:
        cuts = [m.start() for m in re.finditer(r"[;:—“”\"()]|,(?!\d{3})", text[lo:hi])]
        left = [lo + c for c in cuts if lo + c < start]
        right = [lo + c for c in cuts if lo + c >= end]
        lo = left[-1] + 1 if left else lo
        hi = right[0] if right else hi
    middle = text[start:end] if replace is None else replace
    out = " ".join((text[lo:start] + middle + text[end:hi]).split())
    return _headline(out)


def _bullet(text: str) -> str:
    return re.sub(r"^[-•*]\s+", "", text)


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    s = _SLUG.sub("-", _search_key(text).replace(" ", "-")).strip("-")
    return (s[:limit].rstrip("-") or "q") if s else "q"


def _surname(name: str) -> str:
    words = name.split()
    if len(words) >= 3 and words[-2] in ("Al", "al", "El", "el", "bin", "van", "von", "de", "da"):
        return " ".join(words[-2:])
    return words[-1]


def accept_forms(e: Entity) -> list[str]:
    """Other right answers for a person: the surname, and the title with the surname."""
    surname = _surname(e.text)
    forms = [surname]
    last = e.text.split()[-1]
    if last != surname:
        forms.append(last)
    if e.title and len(e.title.split()) <= 3:
        forms.append(f"{e.title} {surname}")
    return [f for f in dict.fromkeys(forms) if _search_key(f) != _search_key(e.text)]


# --------------------------------------------------------------------------- builder


class _Builder:
    def __init__(self, doc: Document, analysis: Analysis, title: str) -> None:
        self.doc = doc
        self.analysis = analysis
        self.draft = Draft(doc, analysis, title)
        self.linter = Linter(doc, title)
        self.ids: set[str] = set()
        self.claim_turn = 0  # alternate supported and refuted where both are possible
        self.asked: set[int] = set()  # fact indexes asked
        self.width = WINDOW
        self.quiet = False

    # -- keeping questions

    def _id(self, base: str) -> str:
        base = slug(base)
        qid, n = base, 2
        while qid in self.ids:
            qid, n = f"{base}-{n}", n + 1
        return qid

    def keep(self, q: Question, fact: Fact, rule: str, notes: list[str] | None = None) -> bool:
        """Keep `q` if its cites are unique, its answer is in them and the lint is silent."""
        if q.kind == "claim" and len(q.prompt.split()) < 4:
            return False
        spans = []
        for quote in q.cite:
            try:
                spans.append(self.doc.text[slice(*_span(self.doc, quote))])
            except LocateError:
                return False
        if q.cite and grounding_gap(q, " ".join(spans)):
            return False
        for d in self.draft.questions:
            if _search_key(d.question.prompt) == _search_key(q.prompt):
                if q.kind == "claim" and d.question.kind == "claim":
                    d.notes.append(f"also states {fact.text!r}")
                    return True
                return False
        if self.linter.add(q):
            self.linter.pop()
            return False
        self.ids.add(q.id)
        self.draft.questions.append(
            Drafted(q, fact.sentence.paragraph, fact.sentence.index, rule, notes or [])
        )
        return True

    def skip(self, fact: Fact, reason: str) -> None:
        self.draft.not_drafted.append(NotDrafted(fact.sentence, fact.text, reason))

    # -- one fact

    def fact(self, index: int, fact: Fact, mode: str) -> bool:
        """Ask `fact` directly ("direct") or as a claim ("claim"); True if a question was kept."""
        attempts = [
            a
            for a in self.attempts(fact, quiet=mode == "direct")
            if (a[0].kind == "claim") == (mode == "claim")
        ]
        for q, rule, notes in attempts:
            if self.keep(q, fact, rule, notes):
                self.asked.add(index)
                return True
        if mode == "claim" and attempts:
            self.skip(
                fact, "every question drafted for it gives away, or is given away by, another"
            )
        return False

    def attempts(self, fact: Fact, quiet: bool = False) -> list[tuple[Question, str, list[str]]]:
        out: list[tuple[Question, str, list[str]]] = []
        cite = unique_cite(self.doc, fact.sentence, fact.start, fact.end)
        if cite is None:
            if not quiet:
                self.skip(fact, "no quote of it is unique in the article")
            return []
        self.quiet = quiet
        # A narrower gap's context when the wider one names another answer.
        for self.width in (WINDOW, WINDOW // 2):
            match fact.kind:
                case "number":
                    out += self.number(fact, cite)
                case "date":
                    out += self.date(fact, cite)
                case "person":
                    out += self.person(fact, cite)
                case "place":
                    out += self.place(fact, cite)
                case "list":
                    out += self.members(fact, cite)
            self.quiet = True
        self.width = WINDOW
        out += self.claims(fact, cite)
        return out

    def q(
        self, kind: Kind, idbase: str, prompt: str, answer: object, cite: list[str], **kw: object
    ) -> Question:
        tags = ("draft", *kw.pop("tags", ()))  # type: ignore[misc]
        return Question(
            id=self._id(idbase),
            kind=kind,
            prompt=prompt,
            answer=answer,  # type: ignore[arg-type]
            cite=tuple(cite),
            tags=tags,  # type: ignore[arg-type]
            **kw,  # type: ignore[arg-type]
        )

    def same_unit(self, fact: Fact) -> list[Fact]:
        return [
            f
            for f in self.analysis.facts
            if f.kind == "number" and f.unit == fact.unit and f.value != fact.value
        ]

    def number(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        assert isinstance(fact.value, float)
        digits = re.search(
            r"\d[\d,.]*|[A-Za-z]+(?:-(?:one|two|three|four|five|six|seven|eight|nine)\b)?",
            fact.text,
        )
        assert digits is not None
        g0 = fact.start + digits.start()
        g1 = fact.start + digits.end()
        cloze = _bullet(window(self.doc, fact.sentence, g0, g1, "___", self.width))
        notes = []
        if fact.approx:
            notes.append("the article gives an approximate figure: decide a `tolerance`")
        out: list[tuple[Question, str, list[str]]] = []
        others = self.same_unit(fact)
        values = list(dict.fromkeys(o.value for o in others if isinstance(o.value, float)))
        unit = fact.unit or ""
        if len(values) >= 2 and not fact.approx:
            choices = [
                format_number(fact.value),
                *(format_number(v) for v in values[:MAX_DISTRACTORS]),
            ]
            out.append(
                (
                    self.q(
                        "choice",
                        f"{unit}-{format_number(fact.value)}",
                        f"Which number fills the gap ({unit})? “{cloze}”",
                        format_number(fact.value),
                        [cite],
                        choices=tuple(sorted(choices, key=lambda c: float(c.replace(",", "")))),
                        tags=("counts",),
                    ),
                    "choice: a number, with other numbers of the same unit from the article",
                    notes,
                )
            )
        out.append(
            (
                self.q(
                    "number",
                    f"{unit}-count",
                    f"How many {unit}? Fill the gap: “{cloze}”",
                    fact.value,
                    [cite],
                    unit=unit or None,
                    tolerance=0.0,
                    tags=("counts",),
                ),
                "number: a count with its noun",
                notes,
            )
        )
        return out

    def date(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        assert isinstance(fact.value, DateValue)
        cloze = _bullet(window(self.doc, fact.sentence, fact.start, fact.end, "___", self.width))
        precision = {"year": "a year", "month": "month and year", "day": "day, month and year"}[
            fact.value.precision
        ]
        return [
            (
                self.q(
                    "date",
                    f"date-{fact.value.iso()}",
                    f"When? Fill the gap ({precision}): “{cloze}”",
                    fact.value,
                    [cite],
                    tags=("dates",),
                ),
                f"date: a {fact.value.precision} the article states",
                [],
            )
        ]

    def person(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        e = fact.entity
        assert e is not None
        out: list[tuple[Question, str, list[str]]] = []
        accept = tuple(accept_forms(e))
        if e.role:
            role = e.role
            role_cite = unique_cite(
                self.doc, fact.sentence, min(e.start, _find_near(self.doc, fact, role)), e.end
            )
            if role_cite and _search_key(role) in _search_key(role_cite):
                shown = (
                    role.lower() if all(w.casefold() in ROLE_WORDS for w in role.split()) else role
                )
                prompt = f"Who is {_the(shown)}, according to the article? (a name)"
                out.append(
                    (
                        self.q(
                            "text",
                            f"who-{_surname(e.text)}",
                            prompt,
                            e.text,
                            [role_cite],
                            accept=accept,
                            tags=("people",),
                        ),
                        "text: a person named with a role (who)",
                        [],
                    )
                )
                others = list(
                    dict.fromkeys(
                        p.role
                        for p in self.analysis.entities
                        if p.type == "person"
                        and p.role
                        and _search_key(p.role) != _search_key(role)
                    )
                )
                if others:
                    choices = (role, *others[:MAX_DISTRACTORS])
                    out.append(
                        (
                            self.q(
                                "choice",
                                f"role-{_surname(e.text)}",
                                f"What post does the article give {e.text}?",
                                role,
                                [role_cite],
                                choices=choices,
                                tags=("people",),
                            ),
                            "choice: a person's role, with other roles from the article",
                            [],
                        )
                    )
        cloze = window(self.doc, fact.sentence, e.start, e.end, "___", self.width)
        out.append(
            (
                self.q(
                    "text",
                    f"who-{_surname(e.text)}",
                    f"Who fills the gap? “{cloze}” (a name)",
                    e.text,
                    [cite],
                    accept=accept,
                    tags=("people",),
                ),
                "text: a person named in a sentence (who)",
                [],
            )
        )
        return out

    def place(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        e = fact.entity
        assert e is not None
        cloze = window(self.doc, fact.sentence, e.start, e.end, "___", self.width)
        others = [
            p.text
            for p in self.analysis.of_type("place")
            if _search_key(p.text) != _search_key(e.text)
            and _search_key(p.text) not in _search_key(e.text)
            and _search_key(e.text) not in _search_key(p.text)
        ]
        out: list[tuple[Question, str, list[str]]] = []
        if len(others) >= 2:
            choices = (e.text, *others[:MAX_DISTRACTORS])
            out.append(
                (
                    self.q(
                        "choice",
                        f"where-{e.text}",
                        f"Which place fills the gap? “{cloze}”",
                        e.text,
                        [cite],
                        choices=choices,
                        tags=("places",),
                    ),
                    "choice: a place, with other places from the article",
                    [],
                )
            )
        out.append(
            (
                self.q(
                    "text",
                    f"where-{e.text}",
                    f"Which place fills the gap? “{cloze}” (a place)",
                    e.text,
                    [cite],
                    tags=("places",),
                ),
                "text: a place",
                [],
            )
        )
        return out

    def members(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        assert isinstance(fact.value, tuple)
        members = list(fact.value)
        if len(members) > MAX_MEMBERS:
            self.skip(fact, f"a list of {len(members)}: more than a question's options can hold")
            return []
        if fact.lowercase:
            pool = [
                m
                for f in self.analysis.facts
                if f.kind == "list" and f.lowercase and f is not fact
                for m in f.value  # type: ignore[union-attr]
            ]
        else:
            pool = [e.text for e in self.analysis.of_type(fact.member_type or "name")]
            if all(m in COUNTRIES for m in members):  # countries first for a list of countries
                pool.sort(key=lambda p: p not in COUNTRIES)
        distractors = [
            p
            for p in dict.fromkeys(pool)
            if _search_key(p) not in {_search_key(m) for m in members}
        ][: min(MAX_DISTRACTORS, 8 - len(members))]
        if not distractors:
            if getattr(self, "quiet", False):
                return []
            self.skip(
                fact,
                f"a list, but the article names no other {_plural(fact)} to offer as wrong options",
            )
            return []
        cloze = window(self.doc, fact.sentence, fact.start, fact.end, "___", self.width)
        # A wrong option the prompt itself names is no option at all.
        distractors = [
            d for d in pool_order(pool, members) if _search_key(d) not in _search_key(cloze)
        ][: min(MAX_DISTRACTORS, 8 - len(members))]
        if not distractors:
            return []
        choices = tuple(sorted([*members, *distractors], key=_search_key))
        return [
            (
                self.q(
                    "multi",
                    f"list-{members[0]}",
                    f"Which of these does the article list here? “{cloze}” (pick all that apply)",
                    tuple(members),
                    [cite],
                    choices=choices,
                    tags=("members",),
                ),
                f"multi: a list of {_plural(fact)}, with others from the article",
                [],
            )
        ]

    def claims(self, fact: Fact, cite: str) -> list[tuple[Question, str, list[str]]]:
        """Claims about the fact: refuted (a number, date or name swapped for another of the
        same kind from the article; an outsider added to a complete list) and supported. Each
        in two lengths: its sentence, and its clause (when the sentence gives away another
        answer)."""
        out: list[tuple[Question, str, list[str]]] = []
        for shape in ("sentence", "clause", "part", "reported"):
            out += self._claims(fact, cite, shape)
        return out

    def _claims(self, fact: Fact, cite: str, shape: str) -> list[tuple[Question, str, list[str]]]:
        refuted: list[tuple[Question, str, list[str]]] = []
        supported: list[tuple[Question, str, list[str]]] = []
        sentence = fact.sentence

        def said(replace: str | None) -> str:
            text = clause(self.doc, sentence, fact.start, fact.end, replace, shape != "sentence")
            if shape == "part":
                text = _part(text, replace or fact.text)
            elif shape == "reported":
                text = _reported(clause(self.doc, sentence, fact.start, fact.end, replace))
            return text

        swap: str | None = None
        why = ""
        if fact.kind == "number":
            other_n = next(
                (o for o in self.same_unit(fact) if o.sentence.index != sentence.index), None
            )
            if other_n is not None:
                digits = re.search(r"\d[\d,.]*", fact.text)
                other_digits = re.search(r"\d[\d,.]*", other_n.text)
                if digits and other_digits:
                    swap = fact.text.replace(digits.group(), other_digits.group(), 1)
                    why = "a number swapped for another of the same unit from the article"
        elif fact.kind == "date" and isinstance(fact.value, DateValue):
            precision = fact.value.precision
            other_d = next(
                (
                    f
                    for f in self.analysis.facts
                    if f.kind == "date"
                    and isinstance(f.value, DateValue)
                    and f.value.precision == precision
                    and f.value != fact.value
                ),
                None,
            )
            if other_d is not None:
                swap = other_d.text
                why = "a date swapped for another date the article gives"
        elif fact.kind in ("person", "place") and fact.entity is not None:
            kind = fact.entity.type
            asked_as = [f.entity for f in self.analysis.facts if f.kind == fact.kind and f.entity]
            for other in [*asked_as, *self.analysis.of_type(kind)]:
                if _search_key(other.text) in _search_key(fact.text) or _search_key(
                    fact.text
                ) in _search_key(other.text):
                    continue
                if _search_key(other.text) in _search_key(self.doc.sentence_text(sentence)):
                    continue
                swap = other.text
                why = f"a {kind} swapped for another the article names"
                break
        elif fact.kind == "list" and fact.complete and not fact.lowercase:
            pool = [e.text for e in self.analysis.of_type(fact.member_type or "name")]
            outsider = next((p for p in pool if p not in fact.value), None)  # type: ignore[operator]
            if outsider:
                a, _ = fact.item_spans[-1]
                head = self.doc.text[fact.start : a].rstrip()
                head = re.sub(r",?\s*and$", "", head)
                swap = f"{head}, {self.doc.text[a : fact.item_spans[-1][1]]} and {outsider}"
                why = "an outsider added to a list the article marks as complete"
        if swap is not None:
            refuted.append(
                (
                    self.q("claim", f"claim-{swap}", said(swap), "refuted", [cite]),
                    f"claim, refuted: {why}",
                    [],
                )
            )
        supported.append(
            (
                self.q("claim", f"claim-{fact.text}", said(None), "supported", [cite]),
                "claim, supported: the fact restated",
                [],
            )
        )
        self.claim_turn += 1
        if fact.kind == "list" or self.claim_turn % 2:
            return refuted + supported
        return supported + refuted

    # -- facts of several sentences

    def order(self) -> None:
        dated = [
            (f, f.value)
            for f in self.analysis.facts
            if f.kind == "date" and isinstance(f.value, DateValue)
        ]
        by_key: dict[tuple[int, int, int], Fact] = {}
        years: set[int] = set()
        for f, d in dated:
            key = (d.year, d.month or 0, d.day or 0)
            if d.year in years or key in by_key:
                continue  # same year at two precisions: the order between them is unclear
            years.add(d.year)
            by_key[key] = f
        events = [by_key[k] for k in sorted(by_key)][:4]
        if len(events) >= 3:
            items: list[str] = []
            cites: list[str] = []
            for f in events:
                item = _event(self.doc, f)
                cite = unique_cite(self.doc, f.sentence, f.start, f.end)
                if not item or cite is None or _search_key(item) in {_search_key(i) for i in items}:
                    return
                items.append(item)
                cites.append(cite)
            q = self.q(
                "order",
                "events-order",
                "Put these in the order in which they happened, according to the article.",
                tuple(items),
                cites,
                items=tuple(items),
                tags=("dates",),
            )
            q = _with_answer(q, tuple(items))
            self.keep(q, events[0], "order: three or more dated events")

    def order_counts(self) -> None:
        units: dict[str, list[Fact]] = {}
        for f in self.analysis.facts:
            if f.kind == "number" and f.unit and not f.approx:
                units.setdefault(f.unit, []).append(f)
        for unit, facts in units.items():
            distinct = list({f.value: f for f in facts}.values())
            if len(distinct) < 3:
                continue
            chosen = sorted(distinct[:4], key=lambda f: f.value)  # type: ignore[arg-type,return-value]
            items: list[str] = []
            cites: list[str] = []
            for f in chosen:
                item = _count_item(self.doc, f)
                cite = unique_cite(self.doc, f.sentence, f.start, f.end)
                if not item or cite is None or _search_key(item) in {_search_key(i) for i in items}:
                    break
                items.append(item)
                cites.append(cite)
            else:
                q = self.q(
                    "order",
                    f"order-{unit}",
                    f"Order these from the smallest to the largest number of {unit}, "
                    "according to the article.",
                    tuple(items),
                    cites,
                    items=tuple(items),
                    tags=("counts",),
                )
                self.keep(
                    _with_answer(q, tuple(items)), chosen[0], "order: comparable counts of one unit"
                )


def pool_order(pool: list[str], members: list[str]) -> list[str]:
    """Distinct candidates for wrong options: not members, first occurrence first."""
    taken = {_search_key(m) for m in members}
    return [p for p in dict.fromkeys(pool) if _search_key(p) not in taken]


def _with_answer(q: Question, items: tuple[str, ...]) -> Question:
    return replace(q, answer=items)


def _span(doc: Document, quote: str) -> tuple[int, int]:
    span = doc.locate(quote)
    return span.start, span.end


def _find_near(doc: Document, fact: Fact, role: str) -> int:
    """Where `role` starts in the fact's sentence (before or after the name)."""
    text = doc.text
    i = text.find(role, fact.sentence.start, fact.sentence.end)
    return i if i >= 0 else fact.start


_AND = re.compile(r",?\s+and\s+")
_SAID = re.compile(
    r"^.*?\b(?:said|says|told \w+|added|announced|warned|insisted|argued)\s+(?:that\s+)?(?=\w)"
)
_SAID_AFTER = re.compile(r",\s+[^,]{1,60}?\b(?:said|says|added|told \w+)\.?$")


def _part(text: str, words: str) -> str:
    """Of "A gives 85 euros to X and 42 euros to Y" (two facts joined by "and"), the part that
    states `words`, with the words before the first fact: "A gives 42 euros to Y"."""
    parts = _AND.split(text, maxsplit=1)
    if len(parts) < 2 or not re.search(r"\d", parts[0]) or not re.search(r"\d", parts[1]):
        return text
    first, second = parts
    if words in first:
        return _headline(first)
    if words not in second:
        return text
    lead = re.match(r"\D*\s", first)  # the words before the first fact, up to a space
    if lead is None or not lead.group().strip():
        return text
    return _headline(lead.group() + second)


def _reported(text: str) -> str:
    """What was said, without who said it: "X said the plan would ..." -> "The plan would ..."."""
    out = _SAID_AFTER.sub("", text)
    m = _SAID.match(out)
    if m and len(out[m.end() :].split()) >= 4:
        out = out[m.end() :]
    return _headline(out)


def _the(role: str) -> str:
    if re.match(r"(?:the|a|an)\s", role, re.I):
        return role
    if re.match(r"[A-Z][\w\-]*[’']s\s", role):  # "Nato’s Secretary-General"
        return role
    return "the " + role


def _plural(fact: Fact) -> str:
    return {
        "place": "places",
        "person": "people",
        "organisation": "organisations",
        "term": "items",
    }.get(fact.member_type or "", "names")


def _headline(text: str) -> str:
    text = re.sub(r"[“”\"]", "", text)
    text = text.strip(" ‘’'.,;:…")
    text = re.sub(r"^[-•*]\s+", "", text)
    text = re.sub(r"^(?:(?:and|but|or|so|while|which|who|namely)\s+)+", "", text, flags=re.I)
    text = re.sub(r"^(?:said|says|warned|added|argued|insisted)\s+(?:that\s+)?", "", text)
    return text[:1].upper() + text[1:]


_LEAD = re.compile(r"\b(?:in|on|by|since|from|until|during|of|at)\s*$", re.I)


def _event(doc: Document, fact: Fact) -> str | None:
    """A short description of what happened at a date: the words before it in its clause."""
    text = doc.text
    lo, _ = _line_bounds(doc, fact.sentence, fact.start, fact.end)
    before = text[lo : fact.start]
    before = (
        re.split(r"[,;:“”\"()]\s*(?=[^,;:]*$)", before)[-1]
        if re.search(r"[,;:“”\"]", before)
        else before
    )
    before = _LEAD.sub("", before.strip()).strip(" -–—,")
    before = re.sub(r"^[-•*]\s+", "", before)
    words = before.split()[-8:]
    if len(words) < 2:
        return None
    return " ".join(words)


def _count_item(doc: Document, fact: Fact) -> str | None:
    """A count without its number: "million pounds to public transport"."""
    text = doc.text
    _, hi = _line_bounds(doc, fact.sentence, fact.start, fact.end)
    after = re.split(r"[,;.]", text[fact.end : hi], maxsplit=1)[0].split()[:4]
    unit = fact.unit or ""
    item = " ".join([unit, *after]).strip()
    return item if after else None


_PRIORITY = {"person": 0, "list": 1, "number": 2, "date": 3, "place": 4}


def _rank(fact: Fact) -> float:
    """Which fact of a paragraph to ask directly: people, lists, then counts in digits, then
    counts in words and approximate ones, dates, places."""
    rank = float(_PRIORITY[fact.kind])
    if fact.kind == "number":
        rank += 0.3 * (not any(c.isdigit() for c in fact.text)) + 0.5 * fact.approx
    return rank


def _is_headline(doc: Document, title: str) -> bool:
    first = doc.paragraphs[0] if doc.paragraphs else None
    return first is not None and " ".join(doc.text[first.start : first.end].split()) == title


def _after_dateline(doc: Document, analysis: Analysis) -> int:
    first = doc.sentences[0]
    m = DATELINE.match(doc.text, first.start)
    return m.end() if m else first.start


def headline(doc: Document, analysis: Analysis, fallback: str) -> str:
    """The article's headline if its first paragraph is one (short, no full stop), else its
    first sentence without the dateline, else `fallback`."""
    if not doc.paragraphs:
        return fallback
    first = doc.paragraphs[0]
    text = " ".join(doc.text[first.start : first.end].split())
    if len(first.sentences) == 1 and len(text.split()) <= 14 and not text.endswith("."):
        return text
    if analysis.dateline is not None:
        m = DATELINE.match(text)
        text = text[m.end() :] if m else text
    text = text.split(". ")[0]
    return text if len(text) <= 80 else text[:79].rsplit(" ", 1)[0] + "…"


def build_draft(doc: Document, title: str | None = None) -> Draft:
    """Draft questions from `doc`; `title` (default: the headline) is the bank's title, which
    the lint reads too: a question whose answer the title states is not drafted."""
    analysis = analyse(doc)
    title = title or headline(doc, analysis, doc.path.stem.replace("-", " ").capitalize())
    _BODY_START[id(doc)] = _after_dateline(doc, analysis) if analysis.dateline else -1
    b = _Builder(doc, analysis, title)
    # Practice shows a question's paragraph after it, so a paragraph can hold the answer of
    # one question only: its best fact is asked directly, the others as claims after it.
    by_paragraph: dict[int, list[tuple[int, Fact]]] = {}
    for i, fact in enumerate(analysis.facts):
        by_paragraph.setdefault(fact.sentence.paragraph, []).append((i, fact))
    for number, facts in by_paragraph.items():
        if number == 1 and _is_headline(doc, title):
            for _, fact in facts:
                b.draft.not_drafted.append(
                    NotDrafted(fact.sentence, fact.text, "in the headline, the bank's title")
                )
            continue
        ranked = sorted(facts, key=lambda f: (_rank(f[1]), f[0]))
        done = len(b.draft.questions)
        direct = next((i for i, fact in ranked if b.fact(i, fact, "direct")), None)
        for i, fact in ranked:
            if i != direct:
                b.fact(i, fact, "claim")
        tail = b.draft.questions[done:]
        tail.sort(key=lambda d: (d.question.kind == "claim", d.sentence))
        b.draft.questions[done:] = tail
    b.order()
    b.order_counts()
    for k in analysis.skipped:
        b.draft.not_drafted.append(NotDrafted(k.sentence, k.text, k.reason))
    b.draft.not_drafted.sort(key=lambda n: n.sentence.index)
    return b.draft
