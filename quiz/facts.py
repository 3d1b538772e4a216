"""Facts an article states, found sentence by sentence: counts with their nouns, dates at their
precision, lists of names, people with their roles, places and organisations.

Heuristics, deterministic and quick (regular expressions over one sentence at a time); no
knowledge of the world beyond a list of countries, used only to tell a place's type. What a
sentence states that is not a draftable fact (a relative date, a time, a range) is kept as a
`Skipped` note with the reason, so `quiz draft` can list it for the author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from quiz.bank.model import MONTHS, DateValue
from quiz.reading import parse_date, parse_number
from quiz.sources import Document, Sentence

__all__ = ["Analysis", "Entity", "Fact", "Skipped", "analyse"]

EntityType = Literal["person", "place", "organisation", "name"]
FactKind = Literal["number", "date", "list", "person", "place"]


@dataclass(frozen=True, slots=True)
class Entity:
    """A capitalised span: a person, a place, an organisation, or a name of unknown type."""

    text: str
    start: int  # offsets in Document.text
    end: int
    type: EntityType
    role: str | None = None  # a person's post as the sentence gives it
    title: str | None = None  # a short title used with the surname ("Mayor", "Dr.")


@dataclass(frozen=True, slots=True)
class Fact:
    kind: FactKind
    sentence: Sentence
    start: int  # the fact's own words in Document.text
    end: int
    text: str
    value: float | DateValue | tuple[str, ...] | str
    unit: str | None = None  # numbers: the noun counted ("countries", "million pounds")
    approx: bool = False  # "about 3,000": the author decides a tolerance
    entity: Entity | None = None  # person and place facts
    members: tuple[Entity, ...] = ()  # lists of names
    item_spans: tuple[tuple[int, int], ...] = ()  # lists: each member's words
    member_type: str | None = None  # lists: what the members are
    complete: bool = False  # lists the article marks as complete ("its six members")
    lowercase: bool = False  # "training, studies and research"


@dataclass(frozen=True, slots=True)
class Skipped:
    sentence: Sentence
    start: int
    end: int
    text: str
    reason: str


@dataclass(slots=True)
class Analysis:
    document: Document
    facts: list[Fact] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    dateline: Entity | None = None

    def facts_in(self, sentence: Sentence) -> list[Fact]:
        return [f for f in self.facts if f.sentence.index == sentence.index]

    def skipped_in(self, sentence: Sentence) -> list[Skipped]:
        return [s for s in self.skipped if s.sentence.index == sentence.index]

    def of_type(self, kind: str) -> list[Entity]:
        """Distinct entities of one type, first occurrence each, in article order."""
        seen: dict[str, Entity] = {}
        for e in self.entities:
            if e.type == kind and e.text.casefold() not in seen:
                seen[e.text.casefold()] = e
        return list(seen.values())


# --------------------------------------------------------------------------- vocabulary


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_MONTHS = MONTHS
_MON = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_MONTH = rf"(?:{'|'.join(_MONTHS)}|{_MON})"
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

COUNTRIES = _words(
    """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria
    Azerbaijan Bahamas Bahrain Bangladesh Barbados Belarus Belgium Belize Benin Bhutan
    Bolivia Bosnia Botswana Brazil Brunei Bulgaria Burundi Cambodia Cameroon Canada Chad
    Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark Djibouti Dominica
    Ecuador Egypt Eritrea Estonia Eswatini Ethiopia Fiji Finland France Gabon Gambia Georgia
    Germany Ghana Greece Grenada Guatemala Guinea Guyana Haiti Honduras Hungary Iceland
    India Indonesia Iran Iraq Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya
    Kiribati Kosovo Kuwait Kyrgyzstan Laos Latvia Lebanon Lesotho Liberia Libya
    Liechtenstein Lithuania Luxembourg Madagascar Malawi Malaysia Maldives Mali Malta
    Mauritania Mauritius Mexico Micronesia Moldova Monaco Mongolia Montenegro Morocco
    Mozambique Myanmar Namibia Nauru Nepal Netherlands Nicaragua Niger Nigeria Norway Oman
    Pakistan Palau Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania
    Russia Rwanda Samoa Senegal Serbia Seychelles Singapore Slovakia Slovenia Somalia Spain
    Sudan Suriname Sweden Switzerland Syria Taiwan Tajikistan Tanzania Thailand Togo Tonga
    Tunisia Turkey Turkmenistan Tuvalu Uganda Ukraine Uruguay Uzbekistan Vanuatu Venezuela
    Vietnam Yemen Zambia Zimbabwe UAE UK US USA Britain England Scotland Wales"""
) | {
    "Saudi Arabia", "South Africa", "South Korea", "North Korea", "New Zealand", "Sri Lanka",
    "Costa Rica", "El Salvador", "Sierra Leone", "South Sudan", "Burkina Faso", "Cape Verde",
    "Ivory Coast", "North Macedonia", "Papua New Guinea", "United States", "United Kingdom",
    "United Arab Emirates", "Czech Republic", "Dominican Republic", "East Timor", "the UAE",
    "the US", "the UK", "U.S.", "U.K.", "Trinidad and Tobago",
}  # fmt: skip

# Words that make a capitalised span an organisation.
_ORG_WORDS = _words(
    """Agency Office Council Committee Centre Center Initiative Union Ltd Ltd. Co Co. Company
    Corporation Organisation Organization Ministry Department Bank Fund Foundation Association
    Party Army Navy Force Forces TV News Press Times Post University College School Institute
    Group Alliance Commission Parliament Assembly Court Board Authority Service Police Club
    Society Federation League Nations Sons Inc Inc. Corp Corp. Museum Library Hospital Rail
    Airways Airlines Philharmonic Orchestra Network Watch Trust Partners Holdings Bureau
    Lines Freight Shipping Logistics Motors Energy Systems Technologies Media Capital Steel
    Industries Mining Oil Gas Pharma Pharmaceuticals Labs Studios Records Bros Brothers
    Secretariat Congress Senate Cabinet Government Wire Reuters Agence Nato NATO"""
)
_PLACE_WORDS = _words(
    """City Street St Road Square Island Islands Province Region River Lake Sea Ocean Bay Gulf
    Port Harbour Cathedral Hall Park Mountains Valley County State Republic Kingdom District
    Coast Bridge Station Airport Avenue"""
)
# Titles written before a name; with the surname they make an accepted answer ("Dr. Patel").
_HONORIFICS = _words(
    """Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Prof Prof. Sir Dame Lord Lady Sen. Sen Rep. Gov. Gen.
    Gen Lt. Lt Col. Col Capt. Capt Maj. Sgt. Adm. Cmdr. Rev. Fr. Sheikh Sheikha King Queen
    Prince Princess President Mayor Senator Governor Judge Justice Professor Ambassador
    Chancellor Premier Minister Pope Bishop Cardinal Rabbi Imam"""
)
# The nouns a post ends in ("minister", "secretary-general"): a name written after one is
# the post's holder.
_ROLE_HEADS = _words(
    """adviser advisor ambassador analyst architect author captain cellist ceo cfo chair
    chairman chairperson chairwoman chancellor chief coach commander conductor councillor
    director economist editor engineer envoy executive forecaster founder general governor
    head inspector judge lawyer leader manager mayor minister officer official owner pianist
    premier president professor researcher scientist secretary secretary-general senator
    singer speaker spokesman spokesperson spokeswoman teacher treasurer vice-president
    violinist violist"""
)
# Words of a post ("deputy foreign minister", "Assistant Secretary General"): its head
# nouns and the words that qualify them.
ROLE_WORDS = _ROLE_HEADS | _words(
    """affairs and assistant attorney chief-executive council culture defence defense deputy
    doctor economy education energy environment finance for foreign goalkeeper health
    interior justice king managing music national nurse of operations opposition party
    player policy political prime prince queen security state striker student the trade
    transport union vice water"""
)
_SPEECH = _words(
    """said says told tells asked asks added adds warned stated explained noted replied
    announced insisted argued urged called wrote"""
)
_CONNECTORS = _words("of for de del der van von da di du la le al bin ibn")
_PARTICLES = _words("Al al El el Abu bin ibn van von de der da di du La Le Mac Mc")
_FUNCTION = _words(
    """The A An This That These Those It Its He She They We I You Our Their His Her My Your
    But And Or So Yet If When While After Before Under Over At In On Of For From To With By As
    Not No Nobody Everyone Everybody Today Tomorrow Yesterday Now Then There Here What Who Why
    How Where Which Each Every All Some Many Most Both Neither Either Of One Two Three Four
    Five Six Seven Eight Nine Ten Also Meanwhile However Still Instead Once Since Until
    Environmental Opposition Negotiators Officials Delegates Musicians People Guests Repairs
    Spending Council Length Stops Trams Cost Construction Daily Districts Under Not A
    First Last Next Earlier Later Later,"""
)
_STOP = _words(
    """a an the of in on at to from for by with and or but is are was were be been being has
    have had will would can could should may might must do does did that which who whom whose
    this these those it its their his her our your my than then as into onto over under about
    after before between during per each every such not no also already still only just more
    most less least very so than said says told says up down out off if while when where
    there here against them us those like including especially notably particularly mainly such"""
)
_APPROX = (
    r"(?:about|around|some|nearly|almost|roughly|approximately|an estimated|estimated|more than"
    r"|fewer than|less than|up to|at least|close to|just over|just under)"
)
_NUMBER_WORDS = [
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "dozen",
]
_RELATIVE = re.compile(
    rf"\b(?:(?:on|last|next|this|by|from|until|since)\s+(?:{'|'.join(_WEEKDAYS)})"
    r"|(?:this|last|next|earlier this|later this|the following|the previous)\s+"
    r"(?:year|month|week|weekend|morning|afternoon|evening|night|spring|summer|autumn|winter)"
    r"|yesterday|today|tomorrow|tonight"
    rf"|(?:{'|'.join(_WEEKDAYS)})(?:\s+(?:morning|afternoon|evening|night))?)\b",
    re.IGNORECASE,
)

# ------------------------------------------------------------------------ the patterns

_DATE_FULL = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})(?![\d])"
)
_DATE_MONTH = re.compile(rf"\b{_MONTH}\s+(?:of\s+)?\d{{4}}(?!\d)")
_DATE_NO_YEAR = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?)"
    r"(?![\d,]*\s*\d{4})\b"
)
_MONTH_ALONE = re.compile(rf"\b(?:in|from|since|until|by)\s+(?:{'|'.join(_MONTHS)})\b(?!\s+\d)")
_YEAR = re.compile(r"(?<![\d.,$£€-])(1[6-9]\d\d|20\d\d)(?!\d|,\d|%|\.\d|\s*per\b)")
_TIME = re.compile(
    r"\b\d{1,2}(?::\d\d)?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|BST\b)|\b\d{1,2}:\d\d\b",
    re.IGNORECASE,
)
_RANGE = re.compile(r"\b\d[\d,.]*\s*(?:-|–|to)\s*\d[\d,.]*(?=\s+[a-z])")
_IDENT = re.compile(r"\b(?:No|Fig|Nos|Vol|Art|Resolution|Article|Chapter|Room)\.?\s+\d+\b")
_NUM = re.compile(
    rf"(?P<approx>\b{_APPROX}\s+)?"
    r"(?P<cur>[$£€])?"
    r"(?P<num>(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|(?<![\w.,])\d+(?:\.\d+)?(?![\d]))"
    rf"|(?P<approx2>\b{_APPROX}\s+)?(?P<word>\b(?:{'|'.join(_NUMBER_WORDS)})(?:-(?:one|two|"
    r"three|four|five|six|seven|eight|nine))?\b)",
    re.IGNORECASE,
)
_SCALE = re.compile(r"\s*(?P<scale>million|billion|trillion|thousand|bn|m)\b", re.IGNORECASE)
_PER_CENT = re.compile(r"\s*(?:per\s*cent|percent|%)", re.IGNORECASE)
_MEMBER = re.compile(
    r"-(?P<noun>member|strong|nation|country|seat|party|state|week|year|day|month|hour|minute"
    r"|kilometre|kilometer|mile|metre|storey|page|point|game|match)\b"
)
_BULLET_LABEL = re.compile(r"(?:^|\n)\s*[-•*]\s*(?P<label>[A-Z][\w ’'-]{0,40}?):\s*$")
_WORD = re.compile(r"[^\W\d_][\w’'-]*")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z’'.\- ]{1,40}?)(?:,\s*[A-Z][A-Za-z]+\.?(?:\s+\d{1,2})?)?"
    r"(?:\s*\([^)]{0,40}\))?\s*(?::|--|—|–|-)\s"
)
# A capitalised name token: "Jens", "Al-Jarallah", "O’Neill", "U.N.", "R.", "GCC", "Alvargonzález".
_TOKEN = (
    r"(?:(?:Mr|Mrs|Ms|Dr|Prof|Sen|Gen|Lt|Col|Capt|Maj|Sgt|Adm|Cmdr|Rev|Fr|Gov|Rep)\."
    r"|[A-Z](?:\.[A-Z])+\.?|[A-Z]\.|[A-ZÀ-ÖØ-Þ][\w’'\-]*(?<![’'\-]))"
)
_NAME_SPAN = re.compile(
    rf"{_TOKEN}(?:\s+(?:(?:{'|'.join(sorted(_CONNECTORS))})\s+)?{_TOKEN})*"
    r"(?:’s|'s)?"
)


# ------------------------------------------------------------------------- the analysis


def analyse(document: Document) -> Analysis:
    """Every fact of every sentence, in article order."""
    analysis = Analysis(document)
    text = document.text
    lower_words = {w.casefold() for w in re.findall(r"\b[a-z][\w’'-]*", text)}
    for sentence in document.sentences:
        s = text[sentence.start : sentence.end]
        taken: list[tuple[int, int]] = []
        if sentence.index == 0:
            analysis.dateline = _dateline(document, sentence, analysis)
            if analysis.dateline is not None:
                taken.append((analysis.dateline.start - sentence.start, analysis.dateline.end))
        _dates(analysis, sentence, s, taken)
        entities = _entities(document, sentence, s, lower_words, taken)
        analysis.entities.extend(entities)
        _numbers(analysis, sentence, s, taken)
        _lists(analysis, sentence, s, entities)
        _lowercase_lists(analysis, sentence, s)
        for e in entities:
            if e.type == "person" and len(e.text.split()) >= 2:
                analysis.facts.append(
                    Fact("person", sentence, e.start, e.end, e.text, e.text, entity=e)
                )
            elif (
                e.type == "place"
                and not _in_list(analysis, sentence, e)
                and re.search(
                    r"\b(?:in|at|near|outside|inside)\s+(?:the\s+)?$",
                    text[sentence.start : e.start],
                )
            ):
                analysis.facts.append(
                    Fact("place", sentence, e.start, e.end, e.text, e.text, entity=e)
                )
    _link_people(analysis)
    people: list[str] = []
    kept: list[Fact] = []
    for f in analysis.facts:
        if f.kind == "person":
            if any(p == f.text or p.endswith(" " + f.text) for p in people):
                continue
            people.append(f.text)
        kept.append(f)
    analysis.facts = kept
    analysis.facts.sort(key=lambda f: (f.sentence.index, f.start))
    analysis.skipped.sort(key=lambda k: (k.sentence.index, k.start))
    return analysis


def _in_list(analysis: Analysis, sentence: Sentence, e: Entity) -> bool:
    return any(
        f.kind == "list" and f.sentence.index == sentence.index and f.start <= e.start < f.end
        for f in analysis.facts
    )


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    return any(a < end and start < b for start, end in taken)


def _dateline(document: Document, sentence: Sentence, analysis: Analysis) -> Entity | None:
    s = document.text[sentence.start : sentence.end]
    m = DATELINE.match(s)
    if not m or len(m.group("place").split()) > 4:
        return None
    place = m.group("place").strip()
    if place.isupper():
        place = place.title().replace("’S", "’s")
    start = sentence.start + m.start("place")
    e = Entity(place, start, start + len(m.group("place").strip()), "place")
    analysis.entities.append(e)
    analysis.skipped.append(
        Skipped(
            sentence, e.start, e.end, m.group().strip(), "a dateline (where the report was filed)"
        )
    )
    return e


def _dates(analysis: Analysis, sentence: Sentence, s: str, taken: list[tuple[int, int]]) -> None:
    base = sentence.start
    for pattern in (_DATE_FULL, _DATE_MONTH):
        for m in pattern.finditer(s):
            if _overlaps(m.start(), m.end(), taken):
                continue
            value = parse_date(m.group().replace(".", ""))
            if value is None:
                continue
            taken.append(m.span())
            analysis.facts.append(
                Fact("date", sentence, base + m.start(), base + m.end(), m.group(), value)
            )
    for m in _YEAR.finditer(s):
        if _overlaps(m.start(), m.end(), taken):
            continue
        taken.append(m.span())
        analysis.facts.append(
            Fact(
                "date", sentence, base + m.start(), base + m.end(), m.group(), DateValue(int(m[1]))
            )
        )
    for pattern, reason in (
        (_DATE_NO_YEAR, "a date without a year"),
        (_TIME, "a time of day"),
        (_RELATIVE, "a relative date"),
        (_MONTH_ALONE, "a month without a year"),
        (_RANGE, "a range, not one number"),
        (_IDENT, "a number that names something, not a count"),
    ):
        for m in pattern.finditer(s):
            if _overlaps(m.start(), m.end(), taken):
                continue
            taken.append(m.span())
            analysis.skipped.append(
                Skipped(sentence, base + m.start(), base + m.end(), m.group(), reason)
            )


def _numbers(analysis: Analysis, sentence: Sentence, s: str, taken: list[tuple[int, int]]) -> None:
    base = sentence.start
    last_unit: str | None = None
    last_end = 0
    for m in _NUM.finditer(s):
        start = m.start("num") if m.group("num") else m.start("word")
        if _overlaps(start, m.end(), taken):
            continue
        raw = m.group("num") or m.group("word")
        if m.group("word") and raw.lower() == "dozen":
            continue
        value = parse_number(raw.replace(",", "")) if m.group("num") else parse_number(raw)
        if value is None:
            continue
        end = m.end()
        unit: str | None = None
        scale = _SCALE.match(s, end)
        scale_word = ""
        if scale and not (m.group("word") and scale.group("scale").lower() in ("m",)):
            word = scale.group("scale").lower()
            scale_word = {"bn": "billion", "m": "million"}.get(word, word)
            end = scale.end()
        cur = m.group("cur")
        member = _MEMBER.match(s, end)
        per_cent = _PER_CENT.match(s, end)
        if member:
            noun = member.group("noun")
            unit = {"member": "members", "strong": "members", "country": "countries"}.get(
                noun, noun + "s"
            )
            end = member.end()
        elif per_cent:
            unit = "per cent"
            end = per_cent.end()
        else:
            noun, noun_end = _noun_after(s, end)
            label = _BULLET_LABEL.search(s[:start])
            if cur:
                unit = {"$": "dollars", "£": "pounds", "€": "euros"}[cur]
            elif noun:
                unit, end = noun, noun_end
            elif label:
                unit = label.group("label").casefold()
        if scale_word:
            unit = f"{scale_word} {unit}" if unit else scale_word
        approx = bool(m.group("approx") or m.group("approx2"))
        taken.append((start, end))
        words = s[start:end]
        if (
            unit is None
            and not m.group("word")
            and re.search(r"[A-Z][\w’'-]+,\s+(?:aged\s+)?$", s[:start])
            and s[end : end + 1] == ","
        ):
            unit = "years old"  # "Arturo Lindqvist, 61, had": an age
        if (
            unit is None
            and last_unit
            and re.fullmatch(r"[^.;]{0,40}?(?:\bto|\band|,)\s*", s[last_end:start])
        ):
            unit = last_unit  # "41 votes to 19", "from 40 weeks to 32", "81 voted ... and 15"
        if unit is None:
            analysis.skipped.append(
                Skipped(sentence, base + start, base + end, words, "a number without its noun")
            )
            continue
        last_unit, last_end = unit, end
        analysis.facts.append(
            Fact(
                "number", sentence, base + start, base + end, words, value, unit=unit, approx=approx
            )
        )


def _noun_after(s: str, i: int) -> tuple[str | None, int]:
    """The plural-ish noun phrase right after a number: "countries", "courses and activities"."""
    m = re.match(r"\s+(?:(?:new|more|other|extra|additional)\s+)?([a-z][a-z’'\-]*)", s[i:])
    if not m:
        m2 = re.match(r"\s*(mph|km|kg|km/h|kilometres|miles)\b", s[i:])
        return (m2.group(1), i + m2.end()) if m2 else (None, i)
    word = m.group(1)
    word = word.rstrip("’'")
    if word in _STOP or word.endswith(("ly", "ed")):
        return None, i
    end = i + m.end()
    phrase = word
    # "courses and activities", "instructors and experts"
    more = re.match(r"\s+and\s+([a-z][a-z’'\-]*s)\b", s[end:])
    if more and more.group(1) not in _STOP and word.endswith("s"):
        phrase = f"{word} and {more.group(1)}"
        end += more.end()
    return phrase, end


def _spans(s: str) -> list[tuple[int, int]]:
    """Capitalised spans, split after a possessive ("Nato’s | Secretary-General Jens") and
    before "of" unless the part before is an organisation ("Okafor | of Nigeria")."""
    out: list[tuple[int, int]] = []
    for m in _NAME_SPAN.finditer(s):
        start, end = m.start(), m.end()
        # "Kuwait’s ambassador": a possessive; "Saint Anne's," closing a list: part of the name
        if s[start:end].endswith(("’s", "'s")) and re.match(r"\s+\w", s[end:]):
            end -= 2
        pieces = [(start, end)]
        for pm in re.finditer(r"(?:’s|'s)\s+", s[start:end]):
            a, b = pieces[-1]
            cut = start + pm.start()
            pieces[-1] = (a, cut)
            pieces.append((start + pm.end(), b))
        for a, b in pieces:
            of = re.search(r"\s+of\s+", s[a:b])
            if of and not any(t in _ORG_WORDS for t in s[a : a + of.start()].split()):
                out.append((a, a + of.start()))
                out.append((a + of.end(), b))
            else:
                out.append((a, b))
    return [(a, b) for a, b in out if b > a]


def _entities(
    document: Document,
    sentence: Sentence,
    s: str,
    lower_words: set[str],
    taken: list[tuple[int, int]],
) -> list[Entity]:
    base = sentence.start
    out: list[Entity] = []
    for start, end in _spans(s):
        if _overlaps(start, end, taken):
            continue
        tokens = s[start:end].split()
        at_start = start == 0 or s[:start].strip() in ("", "“", '"', "‘", "'", "-", "—")
        # Drop words capitalised only because they open a sentence, and months and weekdays.
        while tokens and (
            tokens[0] in _FUNCTION
            or (at_start and tokens[0].casefold() in lower_words)
            or tokens[0].rstrip(".") in _MONTHS
            or tokens[0] in _WEEKDAYS
        ):
            dropped = tokens.pop(0)
            start = s.index(tokens[0], start + len(dropped)) if tokens else end
            at_start = False
        while tokens and (tokens[-1] in _FUNCTION or tokens[-1] in _WEEKDAYS):
            tokens.pop()
            end = start + len(" ".join(tokens)) if tokens else start
        if not tokens:
            continue
        title = None
        while len(tokens) > 1 and (tokens[0] in _HONORIFICS or tokens[0].casefold() in ROLE_WORDS):
            title = tokens.pop(0) if title is None else f"{title} {tokens.pop(0)}"
            start = s.index(tokens[0], start)
        if all(t.casefold().strip(",") in ROLE_WORDS for t in tokens):
            continue  # a post written in capitals, not a name
        text = s[start:end]
        if re.fullmatch(r"[A-Z]\.?", text):
            continue
        if len(tokens) == 1 and title is None and text.casefold() in lower_words:
            continue
        if (
            len(tokens) == 1
            and at_start
            and title is None
            and text not in COUNTRIES
            and not text.isupper()
            and not re.search(rf"[^.!?“\"‘\s]\s+{re.escape(text)}\b", document.text)
        ):
            continue  # capitalised only because it opens the sentence ("Residents of ...")
        kind = _type(text, tokens, s, start, end, title)
        role = _role(s, start, end, title) if kind in ("person", "name") else None
        if kind == "name" and role and len(tokens) >= 2:
            kind = "person"
        out.append(
            Entity(text, base + start, base + end, kind, role if kind == "person" else None, title)
        )
    return out


def _link_people(analysis: Analysis) -> None:
    """A surname alone ("Al Jarallah told reporters") is the person named in full earlier."""
    people = [e for e in analysis.entities if e.type == "person" and len(e.text.split()) >= 2]
    for i, e in enumerate(analysis.entities):
        if e.type != "name":
            continue
        for p in people:
            if p.start < e.start and (p.text.endswith(" " + e.text)):
                analysis.entities[i] = Entity(e.text, e.start, e.end, "person", None, e.title)
                break


def _type(
    text: str, tokens: list[str], s: str, start: int, end: int, title: str | None
) -> EntityType:
    before = s[:start].rstrip()
    after = s[end:].lstrip()
    if text in COUNTRIES:
        return "place"
    if any(t in _ORG_WORDS for t in tokens) or (text.isupper() and len(text.replace(".", "")) <= 5):
        return "organisation"
    if any(t in _PLACE_WORDS for t in tokens[1:]):
        return "place"
    if title is not None:
        return "person"
    if len(tokens) >= 2 and re.match(r",\s+(?:aged\s+)?\d{1,3},", s[end:]):
        return "person"  # "Arturo Lindqvist, 61, had": a name with an age
    next_word = after.split(" ", 1)[0].strip(',.;:”"') if after else ""
    if next_word in _SPEECH or re.match(r",\s+(?:who|the|a|an)\b", s[end:]):
        return "person" if len(tokens) >= 2 else "name"
    if re.search(r"\b(?:in|at|near|to|from|across)$", before) and len(tokens) <= 3:
        return "place"
    prev = before.split()[-1] if before.split() else ""
    if prev.casefold() in _ROLE_HEADS or prev.endswith(","):
        word = prev.rstrip(",").casefold()
        if word in _ROLE_HEADS or word in ROLE_WORDS:
            return "person"
    if 2 <= len(tokens) <= 4 and all(not t.isupper() for t in tokens):
        return "name"  # two capitalised words: a person or an institution; cannot tell
    return "name"


def _role(s: str, start: int, end: int, title: str | None) -> str | None:
    """A person's post: the role words right before the name (and its title), else an
    appositive after it ("Jassim Al Budiawi, Kuwait’s ambassador to Belgium")."""
    words = s[:start].split()
    picked: list[str] = []
    for k, w in enumerate(reversed(words)):
        bare = w.rstrip(",")
        if bare != w and k > 0:
            break
        if bare.endswith(("’s", "'s")) and picked:
            picked.insert(0, bare)
            break
        if bare.casefold() in ROLE_WORDS:
            picked.insert(0, bare)
            continue
        break
    while picked and picked[0].casefold() in ("and", "for", "of", "the"):
        picked.pop(0)
    if picked and any(p.casefold() in _ROLE_HEADS for p in picked):
        return " ".join(picked)
    m = re.match(
        r",\s+((?:the\s+)?[\w’'\-]+(?:\s+[\w’'\-]+){0,8}?)(?=,|\.|;|$| who\b| said\b)", s[end:]
    )
    if m:
        phrase = m.group(1)
        if any(w.casefold().strip("’'") in _ROLE_HEADS for w in phrase.split()):
            return phrase
    return title if title and title not in _HONORIFICS else None


def _lists(analysis: Analysis, sentence: Sentence, s: str, entities: list[Entity]) -> None:
    """ "A, B, C and D": three or more names joined by commas and a final "and"."""
    base = sentence.start
    n = len(entities)
    i = 0
    while i < n:
        group = [entities[i]]
        j = i + 1
        while j < n:
            gap = s[group[-1].end - base : entities[j].start - base]
            if re.fullmatch(r",\s*(?:the\s+)?", gap):
                group.append(entities[j])
                j += 1
                continue
            if re.fullmatch(r",?\s+and\s+(?:the\s+)?", gap):
                group.append(entities[j])
                j += 1
            break
        joined_by_and = len(group) >= 2 and re.search(
            r"\band\s+(?:the\s+)?$", s[: group[-1].start - base]
        )
        if len(group) >= 3 and joined_by_and:
            start, end = group[0].start, group[-1].end
            types = {e.type for e in group} - {"name"}
            member_type = types.pop() if len(types) == 1 else "name"
            if member_type == "name" and any(e.text in COUNTRIES for e in group):
                member_type = "place"
            head = s[: start - base]
            complete = _marked_complete(head, len(group))
            analysis.facts.append(
                Fact(
                    "list",
                    sentence,
                    start,
                    end,
                    analysis.document.text[start:end],
                    tuple(e.text for e in group),
                    members=tuple(group),
                    item_spans=tuple((e.start, e.end) for e in group),
                    member_type=member_type,
                    complete=complete,
                )
            )
            i = j
        else:
            i += 1


_COUNT_WORDS = {w: n for n, w in enumerate(_NUMBER_WORDS[:19], 2)}


def _marked_complete(head: str, count: int) -> bool:
    tail = head[-80:].casefold()
    if re.search(r"\b(?:namely|consists? of|comprises?|made up of|the only|all)\b", tail):
        return True
    words = re.findall(r"[a-z]+|\d+", tail)[-6:]
    return any((w.isdigit() and int(w) == count) or _COUNT_WORDS.get(w) == count for w in words)


_LOWER_ITEM = r"(?:(?!(?:and|or)\b)[a-z][a-z’'\-]*)(?:\s+(?!(?:and|or)\b)[a-z][a-z’'\-]*){0,2}"
_LOWER_LIST = re.compile(
    rf"(?<![\w’'-])(?P<first>{_LOWER_ITEM}),\s+(?P<mid>{_LOWER_ITEM}(?:,\s+{_LOWER_ITEM})*),?"
    rf"\s+(?:and|or)\s+(?P<last>{_LOWER_ITEM})"
)


def lowercase_lists(s: str) -> list[tuple[int, int, list[tuple[int, int]]]]:
    """Lists of three or more lowercase items: "increasing assistance, relieving debts and
    opening markets". Each as (start, end, item spans) within `s`. The first item is cut to
    as many words as the second (its left edge cannot be seen), the last stops before a
    function word."""
    out: list[tuple[int, int, list[tuple[int, int]]]] = []
    for m in _LOWER_LIST.finditer(s):
        spans: list[tuple[int, int]] = []
        pos = m.start("mid")
        for item in re.split(r",\s+", m.group("mid")):
            a = s.index(item, pos)
            spans.append((a, a + len(item)))
            pos = a + len(item)
        n = len(s[spans[0][0] : spans[0][1]].split())
        first_words = m.group("first").split()[-n:]
        while len(first_words) > 1 and first_words[0] in _STOP:
            first_words.pop(0)
        first_start = m.end("first") - len(" ".join(first_words))
        if s[first_start : m.end("first")] != " ".join(first_words):
            continue
        last_words: list[str] = []
        for w in m.group("last").split():
            if w in _STOP:
                break
            last_words.append(w)
        if not last_words:
            continue
        last_start = m.start("last")
        spans = [
            (first_start, m.end("first")),
            *spans,
            (last_start, last_start + len(" ".join(last_words))),
        ]
        if any(s[a:b].split()[0] in _STOP for a, b in spans):
            continue
        out.append((spans[0][0], spans[-1][1], spans))
    return out


def _lowercase_lists(analysis: Analysis, sentence: Sentence, s: str) -> None:
    base = sentence.start
    for start, end, spans in lowercase_lists(s):
        values = tuple(s[a:b] for a, b in spans)
        analysis.facts.append(
            Fact(
                "list",
                sentence,
                base + start,
                base + end,
                s[start:end],
                values,
                item_spans=tuple((base + a, base + b) for a, b in spans),
                member_type="term",
                lowercase=True,
            )
        )
