"""Source articles: read them, split them into paragraphs and sentences, locate quotes.

A bank's `cite` is a verbatim quote of its article. Matching is forgiving about what a
person cannot see or type easily, and strict about the words themselves (the fold is
`quiz.folding.quote_key`):

- case is ignored (Unicode case folding, NFKC: "ﬁ" == "fi", "…" == "...");
- any run of whitespace, newlines included, is one space;
- every quote mark is one class: ' ’ ‘ ` ´ " “ ” „ « » ‹ › (so a YAML author may write
  'keen' for “keen”);
- every dash is one class, a run of dashes is one dash, and whitespace beside a dash
  does not count: "GCC - Saudi", "GCC—Saudi" and "GCC -- Saudi" are the same text;
- invisible characters (soft hyphen, zero-width space, BOM) are ignored;
- a quote starting or ending with a letter or digit must start or end on a word
  boundary ("Kuwait" does not match inside "Kuwaiti", "478" not inside "1,478").

The quote is stripped of surrounding whitespace; its punctuation is kept literally.
The returned `Span` is always the article's own text (its own quote marks and dashes).

Paragraphs are separated by blank lines; a single newline is just whitespace. Sentences
end at . ! ? or an ellipsis followed by whitespace and a word that does not start in
lower case; closing quotes and brackets stay with the sentence they close. A full stop
after a title ("Dr.", "Gen.", "St."), "e.g."/"i.e.", or before a number after "No.",
"Jan.", "Fig." does not end one; after "U.S.", an initial, "Ltd." and the like it ends
one only before a typical sentence opener ("The", "He", "But"...); "a.m."/"p.m." end one
unless a day, month or time zone follows. A ?/! inside quotes followed by an attribution
(“Why?” Mayor Ann Price asked) does not end the sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from quiz import lazy
from quiz.errors import Problem, QuizError
from quiz.folding import quote_key
from quiz.safefile import file_problem, not_utf8_kind, read_bytes_capped
from quiz.textsafe import FORMAT_CHARS, describe, first_control, printable

if TYPE_CHECKING:
    from rapidfuzz import fuzz
else:
    fuzz = lazy.module("rapidfuzz.fuzz")  # only needed when a cite is wrong

__all__ = [
    "MAX_SOURCE_BYTES",
    "Document",
    "LocateError",
    "Paragraph",
    "Sentence",
    "Span",
    "normalize",
]

MAX_SOURCE_BYTES = 5 * 1024 * 1024
"""An article is prose; anything bigger is almost surely the wrong file."""

_CLOSEST_MIN_SCORE = 70.0  # below this, a "closest" suggestion is noise
_CLOSEST_MAX_CHARS = 100

# --------------------------------------------------------------------------- data


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int  # 0-based position in the document
    paragraph: int  # 1-based paragraph number
    start: int  # offsets into Document.text, surrounding whitespace excluded
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    number: int  # 1-based
    start: int
    end: int
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # the quote as it stands in Document.text
    end: int
    paragraph: int  # 1-based paragraph of the first sentence touched
    sentences: tuple[Sentence, ...]  # every sentence the quote touches, in order


Reason = Literal["not-found", "ambiguous"]


class LocateError(Exception):
    """A quote found nowhere or more than once. `str()` is a one-line fix-it message."""

    def __init__(
        self,
        reason: Reason,
        count: int,
        message: str,
        spans: tuple[Span, ...] = (),
        closest: str | None = None,
    ) -> None:
        super().__init__(message)
        self.reason: Reason = reason
        self.count = count  # occurrences found: 0 when not found
        self.spans = spans  # every occurrence, when ambiguous
        self.closest = closest  # nearest source text, when not found and one is close

    def __str__(self) -> str:
        return str(self.args[0])


# ------------------------------------------------------------------ normalization

# Format characters: a found quote does not end on one (the fold ignores them, quiz.folding).
_IGN_RE = re.compile(f"[{FORMAT_CHARS}]")


class _Index:
    """The matching form of a text, and the way back to the text's own offsets.

    Only the edits are kept (a few dozen per article), not an offset per character:
    between two edits a normalized char sits at a fixed shift from its source char.
    """

    __slots__ = ("_at", "_edits", "norm")

    def __init__(self, text: str) -> None:
        low, edits = quote_key(text)
        out: list[str] = []
        self._at: list[int] = []  # normalized offset of each edit's replacement
        shift = pos = 0
        for start, end, folded, _ in edits:
            out.append(low[pos:start])
            out.append(folded)
            self._at.append(start + shift)
            shift += len(folded) - (end - start)
            pos = end
        out.append(low[pos:])
        self.norm = "".join(out)
        self._edits = edits

    def source(self, i: int) -> int:
        """Offset in the text of normalized char `i` (of the text's end for len(norm))."""
        k = bisect_right(self._at, i) - 1
        if k < 0:
            return i
        _, end, folded, where = self._edits[k]
        off = i - self._at[k]
        return where[off] if off < len(folded) else end + off - len(folded)


def normalize(text: str) -> str:
    """The form quotes are compared in (see the module docstring); useful for grounding."""
    low, edits = quote_key(text.strip())
    if not edits:
        return low.strip()
    out: list[str] = []
    pos = 0
    for start, end, folded, _ in edits:
        out.append(low[pos:start])
        out.append(folded)
        pos = end
    out.append(low[pos:])
    return "".join(out).strip()


# --------------------------------------------------------------- sentence splitting


def _words(spaced: str) -> frozenset[str]:
    return frozenset(spaced.split())


# Never end a sentence (compared case-insensitively, first letter as written).
_TITLES = _words(
    """mr mrs ms mx messrs mme mlle dr prof gen lt col maj capt cpt sgt cpl pvt cmdr adm brig
    sen rep gov pres supt det insp rev fr hon rt st ste mt ft"""
)
_NEVER = _words("e.g i.e cf vs viz approx ca incl esp")
# Do not end a sentence before a number: "No. 3", "Jan. 14", "pp. 4-5".
_NUMBER_PREFIX = _words(
    """No Nos Vol Vols Fig Figs fig p pp Nr Art Sec Ch Pt Jan Feb Mar Apr Jun Jul Aug Sep Sept
    Oct Nov Dec"""
)
# Often inside a name ("U.S. Army", "Acme Corp. Chairman"), sometimes at the end of a
# sentence: these end one only before a word that typically starts a sentence.
_MAY_END = _words("Inc Corp Ltd Co Jr Sr Bros Plc Ave Rd Blvd Esq Dept Univ Assn Intl")
_STARTERS = _words(
    """The A An This That These Those It Its He She They We I You His Her Their Our My Your
    There Here But And Or Nor So Yet In On At By With From As If When While After Before
    Since Although Though Because However Meanwhile Also Then Still Now Today Yesterday
    Last Next Some Many Most All Both Each Every Other Such What Why How Who Where Which
    Despite During Under Over One Two Three Four Five Six Seven Eight Nine Ten"""
)
_LOWER_ABBREVIATIONS = frozenset(w for w in _NEVER | _NUMBER_PREFIX if w.islower())
_WEEKDAYS_MONTHS = _words(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
    May June July August September October November December"""
)
_SPEECH_VERBS = _words(
    """said says asked asks added adds told tells shouted replied replies wrote
    writes cried exclaimed continued insisted explained noted warned recalled declared
    answered laughed joked whispered argued stated responded remarked demanded wondered
    screamed yelled"""
)

_OPENERS = "\"'“‘„‚«‹([{¿¡"
_CLOSERS = "\"'”’»›)]}"
# A terminator cluster with its closing quotes/brackets, then whitespace (group 1) and
# the first char of the next word past any opening quotes (group 2).
_CANDIDATE = re.compile(
    rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=(\s+)[{re.escape(_OPENERS)}]*(.)?)", re.DOTALL
)
_ACRONYM = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]")  # U.S, U.K, D.C (last dot is the terminator)
_WORD = re.compile(r"[^\W\d_]+")
_ZONE = re.compile(r"[A-Z]{2,4}\b")  # GMT, EST, ET, UTC
# `“Where?” Mayor Ann Price asked`: a ?/! quote followed by its attribution goes on.
_ATTRIBUTION = re.compile(
    r"(?:[A-ZÀ-ÖØ-Þ][\w'’.\-]*\s+){1,4}(?:" + "|".join(sorted(_SPEECH_VERBS)) + r")\b"
)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _starts_sentence(para: str, i: int) -> bool:
    """Is the word at `i` one that typically opens a sentence?"""
    m = _WORD.match(para, i)
    if not m:
        return False
    if len(m.group()) == 1 and para[m.end() : m.end() + 1] == ".":  # "J. A. Smith"
        return False
    return m.group() in _STARTERS


def _is_break(para: str, m: re.Match[str]) -> bool:
    """Does the sentence end after this terminator cluster? `para` is one paragraph."""
    first = m.group(2)  # of the next word, past opening quotes
    if not first or first.islower():  # "... all.” he said", "e.g. the"
        return False
    after, i = m.end(1), m.start(2)
    cluster = m.group()
    terms = cluster.rstrip(_CLOSERS)
    if "?" in terms or "!" in terms:
        quoted = len(terms) < len(cluster)
        return not (quoted and _ATTRIBUTION.match(para, after))
    if terms.endswith(("…", "..")):  # an ellipsis before a capital ends a sentence
        return True
    # A single dot: is the word before it an abbreviation?
    t = max(para.rfind(" ", 0, m.start()), para.rfind("\n", 0, m.start())) + 1
    word = para[t : m.start()]
    if not word.isprintable():  # a tab or an exotic space inside: the word is after it
        t = m.start() - len(word.split()[-1]) if word.strip() else m.start()
        word = para[t : m.start()]
    if word.islower() and word.isalpha() and word not in _LOWER_ABBREVIATIONS:
        return True  # the common case: "... last week. The"
    raw = word.lstrip(_OPENERS)
    token = raw.rstrip(_CLOSERS)
    if token != raw:  # `called it “historic”. Then` ends
        return True
    if token[:1].isupper() and token.lower() in _TITLES:
        return False
    if token.isdigit() and len(token) <= 3 and (t == 0 or para[t - 1] == "\n"):
        return False  # a list item's number: "1. First"
    if token.lower() in _NEVER:
        return False
    if token in _NUMBER_PREFIX:
        return not first.isdigit() and _starts_sentence(para, i)
    if token.lower() in ("a.m", "p.m"):  # "at 9 a.m. Tuesday" / "at 9 a.m. The"
        word = _WORD.match(para, i)
        goes_on = (word and word.group() in _WEEKDAYS_MONTHS) or _ZONE.match(para, i)
        return not goes_on
    if (
        token in _MAY_END
        or _ACRONYM.fullmatch(token)
        or (len(token) == 1 and token.isupper())  # an initial: "J. K. Rowling"
    ):
        return _starts_sentence(para, i)
    return True


def _split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets of text[start:end], whitespace excluded."""
    para = text[start:end]
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _CANDIDATE.finditer(para):
        if _is_break(para, m):
            out.append((start + pos, start + m.end()))
            pos = m.end(1)
    out.append((start + pos, end))
    return out


def _split_paragraphs(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        chunk = text[pos:end]
        stripped = chunk.strip()
        if stripped:
            s = pos + (len(chunk) - len(chunk.lstrip()))
            out.append((s, s + len(stripped)))
        if m:
            pos = m.end()
    return out


# ---------------------------------------------------------------------- document


def _joined(outside: str, edge: str) -> bool:
    """Do the (up to two) chars `outside` a quote's first or last char `edge`, nearest
    last, continue its word or number? "uwait" in "Kuwait", "478" in "1,478"."""
    if not outside:
        return False
    if outside[-1].isalnum():
        return True
    # a thousands or decimal separator between digits
    return outside[-1] in ".," and len(outside) == 2 and outside[0].isdigit() and edge.isdigit()


def _clean(text: str) -> str:
    """One newline convention and no BOM, so offsets mean the same everywhere."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


_BOMS = (b"\xff\xfe", b"\xfe\xff")


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _and_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class Document:
    """One source article: its text (BOM stripped, newlines as \\n), paragraphs, sentences."""

    __slots__ = ("_index", "_sentence_starts", "paragraphs", "path", "sentences", "text", "title")

    def __init__(self, text: str, path: Path = Path("<text>"), title: str | None = None) -> None:
        self.path = path
        self.text = _clean(text)
        self.title = title  # not set by the reader; banks give titles
        paragraphs: list[Paragraph] = []
        sentences: list[Sentence] = []
        for number, (p_start, p_end) in enumerate(_split_paragraphs(self.text), 1):
            first = len(sentences)
            for s_start, s_end in _split_sentences(self.text, p_start, p_end):
                sentences.append(Sentence(len(sentences), number, s_start, s_end))
            paragraphs.append(Paragraph(number, p_start, p_end, tuple(sentences[first:])))
        self.paragraphs: tuple[Paragraph, ...] = tuple(paragraphs)
        self.sentences: tuple[Sentence, ...] = tuple(sentences)
        self._sentence_starts = [s.start for s in sentences]
        self._index: _Index | None = None  # built on the first find()

    def __repr__(self) -> str:
        return (
            f"Document({str(self.path)!r}, {len(self.paragraphs)} paragraphs, "
            f"{len(self.sentences)} sentences)"
        )

    @classmethod
    def from_text(cls, text: str, path: Path = Path("<text>")) -> Document:
        return cls(text, path)

    @classmethod
    def for_source(cls, path: Path, text: str | None) -> Document:
        """A bank's article: the embedded `source.text` of a bundle, else the file at `path`."""
        return cls(text, path) if text is not None else cls.read(path)

    @classmethod
    def read(cls, path: Path | str) -> Document:
        """Read a UTF-8 article. Raises QuizError with one Problem a user can act on."""
        path = Path(path)
        where = str(path)

        def fail(message: str, line: int = 0, col: int = 0) -> QuizError:
            return QuizError(Problem(where, line, col, message))

        if file_problem(path, "source article") == "does not exist":
            raise fail(
                "source article not found; check the path (a bank's source.path is "
                "relative to the bank file)"
            )
        # A regular file only, never more than the limit (quiz.safefile).
        data = read_bytes_capped(
            path,
            MAX_SOURCE_BYTES,
            "source article",
            advice="point source.path at the plain-text article",
        )
        kind = not_utf8_kind(data[:4096]) if b"\x00" in data[:4096] or data[:2] in _BOMS else None
        if kind is not None:
            raise fail(
                "is a binary file, not a text article"
                if kind == "binary"
                else f"is {kind}; save it as UTF-8"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            line_start = data.rfind(b"\n", 0, e.start) + 1
            prefix = data[line_start : e.start].decode("utf-8").removeprefix("\ufeff")
            raise fail(
                f"not UTF-8 (byte 0x{data[e.start]:02X}); re-save the article as UTF-8",
                data.count(b"\n", 0, e.start) + 1,
                len(prefix) + 1,
            ) from None
        cleaned = _clean(text)
        at = first_control(cleaned)
        if at is not None:
            line, col = _line_col(cleaned, at)
            raise fail(
                f"control character {describe(cleaned[at])} is not allowed in an article "
                "(plain text: only newlines and tabs); remove it",
                line,
                col,
            )
        return cls(text, path)

    # ---------------------------------------------------------------- structure

    def sentence_text(self, s: Sentence) -> str:
        return self.text[s.start : s.end]

    def paragraph(self, number: int) -> Paragraph:
        """Paragraph by its 1-based number."""
        if not 1 <= number <= len(self.paragraphs):
            raise IndexError(f"paragraph {number} not in 1..{len(self.paragraphs)}")
        return self.paragraphs[number - 1]

    # ----------------------------------------------------------------- locating

    def _normalized(self) -> _Index:
        if self._index is None:
            self._index = _Index(self.text)
        return self._index

    def _original(self, a: int, b: int) -> tuple[int, int]:
        """Offsets in `text` of the normalized range [a, b)."""
        index = self._normalized()
        start = index.source(a)
        last = index.source(b - 1)
        end = index.source(b)
        while end == last:  # [a, b) ends inside what one source char became ("…" -> "...")
            b += 1
            end = index.source(b)
        # Drop what lies between the last char and the next one: spaces, invisibles.
        while end > last + 1 and (
            self.text[end - 1].isspace() or _IGN_RE.match(self.text, end - 1)
        ):
            end -= 1
        return start, end

    def _span(self, start: int, end: int) -> Span:
        i = max(bisect_right(self._sentence_starts, start) - 1, 0)
        if i < len(self.sentences) and self.sentences[i].end <= start:
            i += 1  # start fell between two sentences
        touched: list[Sentence] = []
        while i < len(self.sentences) and self.sentences[i].start < end:
            touched.append(self.sentences[i])
            i += 1
        paragraph = touched[0].paragraph if touched else 0
        return Span(start, end, paragraph, tuple(touched))

    def _matches(self, q: str) -> tuple[list[int], list[int]]:
        """Normalized offsets of `q` on word boundaries, and of every raw occurrence."""
        norm = self._normalized().norm
        left = q[0].isalnum()
        right = q[-1].isalnum()
        good: list[int] = []
        raw: list[int] = []
        a = norm.find(q)
        while a >= 0:
            raw.append(a)
            b = a + len(q)
            # slices, not indexes: a match may touch either end of the text
            if not (left and _joined(norm[max(a - 2, 0) : a], q[0])) and not (
                right and _joined(norm[b : b + 2][::-1], q[-1])
            ):
                good.append(a)
            a = norm.find(q, a + 1)
        return good, raw

    def find(self, quote: str) -> list[Span]:
        """Every occurrence of `quote` as whole words, in order, ignoring case, whitespace,
        quote marks and dashes (see the module docstring). [] for an empty quote."""
        q = normalize(quote)
        if not q:
            return []
        good, _ = self._matches(q)
        return [self._span(*self._original(a, a + len(q))) for a in good]

    def locate(self, quote: str) -> Span:
        """The one occurrence of `quote`; LocateError if it occurs nowhere or more than once."""
        q = normalize(quote)
        if not q:
            raise LocateError("not-found", 0, "quote is empty; cite the article's words verbatim")
        good, raw = self._matches(q)
        if len(good) == 1:
            return self._span(*self._original(good[0], good[0] + len(q)))
        if good:
            spans = tuple(self._span(*self._original(a, a + len(q))) for a in good)
            numbers = sorted({s.paragraph for s in spans})
            if len(numbers) > 5:  # keep the message on one readable line
                where = f"{len(numbers)} paragraphs: {', '.join(map(str, numbers[:5]))}, …"
            elif len(numbers) > 1:
                where = f"paragraphs {_and_list([str(n) for n in numbers])}"
            else:
                where = f"paragraph {numbers[0]}"
            raise LocateError(
                "ambiguous",
                len(good),
                f"quote occurs {len(good)} times in the article ({where}); "
                "quote more words so it is found once",
                spans,
            )
        if raw:
            start, end = self._original(raw[0], raw[0] + len(q))
            host = self._widen(start, end)
            raise LocateError(
                "not-found",
                0,
                f"quote is not in the article as whole words (it occurs inside "
                f"'{printable(host, newlines=False)}'); quote whole words",
                closest=host,
            )
        closest = self._closest(q)
        hint = f" (closest: '{printable(closest, newlines=False)}')" if closest else ""
        raise LocateError(
            "not-found",
            0,
            f"quote is not in the article; cites must be verbatim{hint}",
            closest=closest,
        )

    def _widen(self, start: int, end: int) -> str:
        """The source text of [start, end) grown to whole words, on one line."""
        text = self.text
        while start > 0 and text[start - 1].isalnum():
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        shown = " ".join(text[start:end].split())
        if len(shown) > _CLOSEST_MAX_CHARS:
            shown = shown[:_CLOSEST_MAX_CHARS].rsplit(" ", 1)[0] + " …"
        return shown

    def _closest(self, q: str) -> str | None:
        """The source text most like `q`, if any is close (only computed on failure)."""
        norm = self._normalized().norm
        if len(q) > len(norm):
            return None
        found = fuzz.partial_ratio_alignment(q, norm, score_cutoff=_CLOSEST_MIN_SCORE)
        if found is None or found.dest_end <= found.dest_start:
            return None
        return self._widen(*self._original(found.dest_start, found.dest_end))
