"""quiz.sources: reading articles, paragraphs and sentences, locating quotes."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paths import ARTICLES, SHIPPED_ARTICLE

from quiz import folding, sources
from quiz.errors import QuizError
from quiz.sources import Document, LocateError, Sentence, Span, normalize

KUWAIT = SHIPPED_ARTICLE
ARTICLE_PATHS = [KUWAIT, *sorted(ARTICLES.glob("*.txt"))]
DOCS = {p.name: Document.read(p) for p in ARTICLE_PATHS}


def texts(doc: Document, paragraph: int) -> list[str]:
    return [doc.sentence_text(s) for s in doc.paragraph(paragraph).sentences]


def span_text(doc: Document, span: Span) -> str:
    return doc.text[span.start : span.end]


# --------------------------------------------------------------- sentence splitting

SPLITS = [
    # Quoted speech: the closing quote stays with its sentence; the quote spans sentences.
    (
        "kuwait-nato-mission.txt",
        3,
        [
            "“This mission will contribute to strengthening the relationship between Kuwait "
            "and Nato,” Al Jarallah told reporters following the ribbon-cutting ceremony.",
            "The mission will be headed by Jassim Al Budiawi, Kuwait’s ambassador to Belgium "
            "and the European Union.",
        ],
    ),
    (
        "kuwait-nato-mission.txt",
        5,
        [
            "“We have strong relationships and cooperation with Nato in terms of training, "
            "studies, research and political dialogue.",
            "Kuwait was the first GCC member to join Nato’s Istanbul Cooperation Initiative "
            "(ICI), launched in 2004 to boost cooperation with Arabian Gulf countries,” "
            "Al Jarallah said.",
        ],
    ),
    (
        "kuwait-nato-mission.txt",
        9,
        [
            "“Kuwait is hosting Nato’s regional centre and now is opening its mission here and "
            "this is very good news for us all.",
            "Kuwait is a country that exports stability and we would like it to continue "
            "enhancing our cooperation.",
            "We are very happy about that.",
            "Today we are rejoicing in the fact that we can be together planning for the "
            "future,” he said.",
        ],
    ),
    # British-style full stop after the closing quote.
    (
        "kuwait-nato-mission.txt",
        8,
        [
            "Alvargonzález told Kuwait News Agency and Kuwait TV the diplomatic mission was "
            "“one more step that coincides with all the efforts and all the splendid behaviour "
            "of Kuwait with Nato”."
        ],
    ),
    # Initials, Dr., St., Jan. 14, U.K. + lowercase.
    (
        "library-award.txt",
        1,
        [
            "LONDON — Author J. K. Rowling and Dr. Amal Haddad shared the St. Brigid Prize for "
            "Literature on Jan. 14, the U.K. foundation that awards it said on Tuesday."
        ],
    ),
    # Decimal, "a.m. Tuesday" goes on, "Gen." never ends a sentence.
    (
        "library-award.txt",
        2,
        [
            "The prize, worth £14.5 million over ten years, was presented at 11 a.m. Tuesday "
            "in St. Paul’s Cathedral.",
            "Gen. Sir Peter Marsh, the foundation’s chairman, handed over the medals.",
        ],
    ),
    # "!” Rowling told", "?” she asked": attribution goes on; ellipsis before lowercase.
    (
        "library-award.txt",
        3,
        [
            "“I never expected this … not in a hundred years!” Rowling told reporters.",
            "“Is it real?” she asked, laughing.",
            "Haddad, who moved to the U.S. in 1998, said the award was “a gift to every reader.”",
            "She added: “We wrote for them.”",
        ],
    ),
    # "p.m. Guests" ends; "e.g. Harry" and "No. 3" do not.
    (
        "library-award.txt",
        4,
        [
            "The ceremony ended at 1 p.m.",
            "Guests then toured the St. Brigid collection, e.g. Harry Potter manuscripts and "
            "letters, and a display titled “No. 3: The Attic.”",
        ],
    ),
    (
        "library-award.txt",
        5,
        [
            "Mr. Haddad’s publisher, Smith & Sons Ltd., said sales rose 14.5 per cent in the "
            "U.K. last year.",
            "In the U.S. they doubled.",
            "The figures were not audited, the company said.",
        ],
    ),
    # "U.S. The" ends; ‘’ and "" quotes with ?/! and attributions.
    (
        "library-award.txt",
        6,
        [
            "Rowling’s agent, Ms. O’Neill, first brought her to the U.S.",
            "The trip, in 1998, began at 6 a.m. on a Monday.",
            "‘We went straight to a bookshop!’ O’Neill said.",
            "‘Why not?’ Rowling asked.",
            '"Because it was open," came the reply.',
        ],
    ),
    # `all.” he said` goes on; `readers.” He said` ends.
    (
        "library-award.txt",
        7,
        [
            "“This is a good day for us all.” he said.",
            "“It is a good day for readers.”",
            "He said the prize – first awarded in 1921 – would return in 2026.",
        ],
    ),
    # Hard-wrapped lines are one paragraph; "ST." in capitals; "No. 3".
    (
        "harbour-storm.txt",
        1,
        [
            "ST. IVES, England -- A storm with gusts of 94.5 mph struck the harbour at\n"
            "4:10 a.m. on Saturday, sinking No. 3 pier and two boats, the coastguard said."
        ],
    ),
    # "a.m.\nThey" ends across a line break; "..." before lowercase goes on.
    (
        "harbour-storm.txt",
        2,
        [
            "Capt. Tom Avery of the lifeboat crew said his team was called out at 4 a.m.",
            'They found the trawler "Mary Rose" drifting near the breakwater... its crew of\n'
            "five was clinging to the rail.",
        ],
    ),
    (
        "harbour-storm.txt",
        3,
        [
            '"Where were the warnings?" Mayor Ann Price asked at a meeting on Sunday.',
            '"We had sirens, radios, texts, etc.',
            'None of them worked!" she said.',
        ],
    ),
    # `".` after a quote ends; "p.m. Friday", "i.e." and "Dr. R. J. Patel" go on.
    (
        "harbour-storm.txt",
        4,
        [
            'The Met Office said the storm - the fourth this winter - was "unusual but not\n'
            'unprecedented".',
            "It had issued a yellow warning at 9 p.m. Friday, i.e. about\n"
            "seven hours before the gusts peaked.",
            'Forecaster Dr. R. J. Patel said: "We\nstand by it."',
        ],
    ),
    # "Co. Ltd" goes on, "Ltd. The" ends, "Mr. G. Wells", "Feb. 1".
    (
        "harbour-storm.txt",
        5,
        [
            "Repairs will cost about 2.5 million pounds, according to St. Ives Harbour\nCo. Ltd.",
            "The company's director, Mr. G. Wells, said work would start on\n"
            'Feb. 1 and last 6-8 weeks - "longer if the weather turns again."',
        ],
    ),
    (
        "summit-talks.txt",
        1,
        [
            "GENEVA: Delegates from 41 countries met at the U.N. offices in Geneva on Monday for "
            "talks chaired by Lt. Gen. Maria Okafor of Nigeria."
        ],
    ),
    (
        "summit-talks.txt",
        2,
        [
            "The talks, which Sen. Paul Reyes of the U.S. called “overdue”, opened with a 0.5 "
            "per cent cut in tariffs on grain.",
            "Prof. Lin Wei said the cut would save about $1.2bn a year.",
        ],
    ),
    (
        "summit-talks.txt",
        3,
        [
            "‘Can we trust the numbers?’ asked one delegate.",
            "‘Yes!’ Okafor replied.",
            "Her aide, Mr. D. H. Lawson Jr., then handed out the tables (see Fig. 2).",
        ],
    ),
    # "Oct. 3", "a.m. GMT", "Mt.", "St.," ; "..." before a capital ends; "U.S. Army" goes on.
    (
        "summit-talks.txt",
        4,
        [
            "The next round opens on Oct. 3 at 10 a.m. GMT in Mt. Pleasant, Iowa.",
            "Officials said the venue, No. 10 Main St., was chosen by lot...",
            "Nobody objected.",
            "A U.S. Army band will play.",
        ],
    ),
    (
        "summit-talks.txt",
        5,
        [
            "„Wir sind bereit“, the German envoy said, meaning «we are ready».",
            "The talks end on Friday.",
        ],
    ),
]


@pytest.mark.parametrize(("name", "number", "expected"), SPLITS, ids=lambda v: str(v)[:20])
def test_sentence_splitting(name: str, number: int, expected: list[str]) -> None:
    assert texts(DOCS[name], number) == expected


def test_kuwait_structure() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    assert len(doc.paragraphs) == 14
    assert len(doc.sentences) == 22
    assert texts(doc, 14)[1:3] == [
        "And we share the same aspirations for peace and for stability.",
        "So, it is essential that we work more closely together than ever before.",
    ]


@pytest.mark.parametrize("name", list(DOCS))
def test_sentences_tile_their_paragraphs(name: str) -> None:
    doc = DOCS[name]
    assert [s.index for s in doc.sentences] == list(range(len(doc.sentences)))
    assert [p.number for p in doc.paragraphs] == list(range(1, len(doc.paragraphs) + 1))
    assert [s for p in doc.paragraphs for s in p.sentences] == list(doc.sentences)
    for p in doc.paragraphs:
        assert all(s.paragraph == p.number for s in p.sentences)
        body = doc.text[p.start : p.end]
        assert body == body.strip() and "\n\n" not in body
        assert p.sentences[0].start == p.start and p.sentences[-1].end == p.end
        for a, b in zip(p.sentences, p.sentences[1:], strict=False):
            assert doc.text[a.end : b.start].isspace()
        for s in p.sentences:
            assert doc.sentence_text(s) == doc.sentence_text(s).strip() != ""
    # every non-blank character is in exactly one paragraph
    covered = "".join(doc.text[p.start : p.end] for p in doc.paragraphs)
    assert "".join(covered.split()) == "".join(doc.text.split())


def test_paragraphs_are_separated_by_blank_lines() -> None:
    doc = Document.from_text("  \n\nOne\nstill one.\n \t\n\n\nTwo.   \n")
    assert [doc.text[p.start : p.end] for p in doc.paragraphs] == ["One\nstill one.", "Two."]
    assert doc.paragraph(2).number == 2
    with pytest.raises(IndexError):
        doc.paragraph(3)
    with pytest.raises(IndexError):
        doc.paragraph(0)
    assert Document.from_text("").paragraphs == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("No full stop at all", ["No full stop at all"]),
        (
            "Steps:\n1. Open the box.\n2. Read it. Then stop.",
            ["Steps:\n1. Open the box.", "2. Read it.", "Then stop."],
        ),
        ("He won 3. Then he left.", ["He won 3.", "Then he left."]),
        ("Born in 2004. The end.", ["Born in 2004.", "The end."]),
        ("It cost $4.50. Prices rose.", ["It cost $4.50.", "Prices rose."]),
        ("See pp. 4-5 and Fig. 2. They agree.", ["See pp. 4-5 and Fig. 2.", "They agree."]),
        ("Sign it! Now? Yes.", ["Sign it!", "Now?", "Yes."]),
        ("“Stop!” the guard shouted. We did.", ["“Stop!” the guard shouted.", "We did."]),
        ("“Why?” He asked twice.", ["“Why?” He asked twice."]),
        ("She said: ‘Go.’ He went.", ["She said: ‘Go.’", "He went."]),
        ("(It rained.) The game went on.", ["(It rained.)", "The game went on."]),
        ("Gen. A. B. Cole spoke.", ["Gen. A. B. Cole spoke."]),
        ("At 7 p.m. ET the polls closed.", ["At 7 p.m. ET the polls closed."]),
    ],
)
def test_sentence_splitting_small_cases(text: str, expected: list[str]) -> None:
    doc = Document.from_text(text)
    assert [doc.sentence_text(s) for s in doc.sentences] == expected


def test_from_text_normalizes_newlines_and_bom() -> None:
    doc = Document.from_text("\ufeffA b.\r\n\r\nC d.\rE f.")
    assert doc.text == "A b.\n\nC d.\nE f."
    assert [doc.sentence_text(s) for s in doc.sentences] == ["A b.", "C d.", "E f."]
    assert doc.path == Path("<text>") and doc.title is None


# ------------------------------------------------------------------------- reading


def test_read_strips_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffFirst “one”.\r\n\r\nSecond.\r\n".encode())
    doc = Document.read(path)
    assert doc.text == "First “one”.\n\nSecond.\n"
    assert doc.path == path and len(doc.paragraphs) == 2


def problem_of(excinfo: pytest.ExceptionInfo[QuizError]) -> tuple[int, int, str]:
    (problem,) = excinfo.value.problems
    assert "\n" not in str(excinfo.value)
    return problem.line, problem.col, problem.message


def test_read_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(QuizError) as excinfo:
        Document.read(path)
    line, col, message = problem_of(excinfo)
    assert (line, col) == (0, 0)
    assert "not found" in message and "check the path" in message
    assert str(excinfo.value).startswith(f"{path}:0:0: error: ")


def test_read_directory(tmp_path: Path) -> None:
    with pytest.raises(QuizError) as excinfo:
        Document.read(tmp_path)
    assert "is a folder" in problem_of(excinfo)[2]


@pytest.mark.parametrize(
    ("data", "line", "col"),
    [
        (b"first line\nab\xe9c\n", 2, 3),
        (b"\xef\xbb\xbfab\xff", 1, 3),  # the BOM is not a column
        ("café\r\nné".encode() + b"\xff", 2, 3),  # columns count characters, not bytes
    ],
)
def test_read_not_utf8_gives_line_and_column(
    tmp_path: Path, data: bytes, line: int, col: int
) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(data)
    with pytest.raises(QuizError) as excinfo:
        Document.read(path)
    got_line, got_col, message = problem_of(excinfo)
    assert (got_line, got_col) == (line, col)
    assert "not UTF-8" in message and "re-save" in message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_read_refuses_a_fifo_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(QuizError) as excinfo:
        Document.read(fifo)
    assert "is a FIFO" in problem_of(excinfo)[2]


def test_read_accepts_a_string_path() -> None:
    doc = Document.read(str(KUWAIT))
    assert doc.path == KUWAIT and doc.text == KUWAIT.read_text(encoding="utf-8")


def test_read_too_big_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(sources.MAX_SOURCE_BYTES + 1)  # sparse: costs no disk

    def no_reading(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("read a file that is over the limit")

    for method in ("read_bytes", "read_text", "open"):
        monkeypatch.setattr(Path, method, no_reading)
    with pytest.raises(QuizError) as excinfo:
        Document.read(path)
    assert "over the 5 MiB limit" in problem_of(excinfo)[2]


def test_limit_is_read_at_call_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Twenty bytes or so of text.", encoding="utf-8")
    monkeypatch.setattr(sources, "MAX_SOURCE_BYTES", 10)
    with pytest.raises(QuizError):
        Document.read(path)


# ------------------------------------------------------------------------ locating


def test_locate_returns_the_sources_own_characters() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    span = doc.locate("Kuwait's ambassador to Belgium")
    assert span_text(doc, span) == "Kuwait’s ambassador to Belgium"
    assert span.paragraph == 3
    assert [doc.sentence_text(s) for s in span.sentences] == [texts(doc, 3)[1]]

    span = doc.locate('  "This mission will   CONTRIBUTE\nto strengthening  ')
    assert span_text(doc, span) == "“This mission will contribute to strengthening"


def test_locate_ignores_dash_kind_and_spacing_around_dashes() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    span = doc.locate("two GCC—Saudi Arabia and Oman–plan")
    assert span_text(doc, span) == "two GCC - Saudi Arabia and Oman - plan"
    harbour = DOCS["harbour-storm.txt"]
    assert span_text(harbour, harbour.locate("England — a storm")) == "England -- A storm"
    assert span_text(harbour, harbour.locate("6–8 weeks")) == "6-8 weeks"


def test_locate_across_line_breaks_and_other_quote_families() -> None:
    harbour = DOCS["harbour-storm.txt"]
    span = harbour.locate("“unusual but not unprecedented”")
    assert span_text(harbour, span) == '"unusual but not\nunprecedented"'
    summit = DOCS["summit-talks.txt"]
    assert span_text(summit, summit.locate('"Wir sind bereit",')) == "„Wir sind bereit“,"
    # one class for all quote marks: a YAML author may write 'overdue' for “overdue”
    assert span_text(summit, summit.locate("called 'overdue'")) == "called “overdue”"
    # "…" is "..." (NFKC), either way round
    assert span_text(summit, summit.locate("chosen by lot…")) == "chosen by lot..."
    award = DOCS["library-award.txt"]
    assert span_text(award, award.locate("this ... not")) == "this … not"
    # a quote that ends inside what "…" became still shows the whole "…"
    assert span_text(award, award.locate("expected this ..")) == "expected this …"


def test_locate_keeps_punctuation_literal() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    assert span_text(doc, doc.locate("good news for us all.")) == "good news for us all."
    with pytest.raises(LocateError):
        doc.locate("good news for us all!")


def test_span_lists_every_sentence_it_touches() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    span = doc.locate("good news for us all. Kuwait is a country")
    assert span.paragraph == 9
    assert [doc.sentence_text(s) for s in span.sentences] == texts(doc, 9)[:2]
    # across a paragraph break
    span = doc.locate("political dialogue. Kuwait was the first GCC member")
    assert span.paragraph == 5
    span = doc.locate("Arabian Gulf countries,” Al Jarallah said. “We are keen")
    assert [s.paragraph for s in span.sentences] == [5, 6]


def test_every_sentence_locates_to_itself() -> None:
    for doc in DOCS.values():
        for s in doc.sentences:
            span = doc.locate(doc.sentence_text(s))
            assert (span.start, span.end, span.sentences) == (s.start, s.end, (s,))


def test_not_found_says_verbatim_and_shows_the_closest_text() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    with pytest.raises(LocateError) as excinfo:
        doc.locate("Kuwait is hostng Nato's regional centre")
    err = excinfo.value
    assert (err.reason, err.count) == ("not-found", 0)
    assert str(err) == (
        "quote is not in the article; cites must be verbatim "
        "(closest: 'Kuwait is hosting Nato’s regional centre')"
    )
    # a long near miss is shown up to a word boundary, on one line
    long_quote = texts(doc, 10)[0].replace("inter-operability", "interoperability")
    with pytest.raises(LocateError) as excinfo:
        doc.locate(long_quote)
    closest = excinfo.value.closest
    assert closest is not None and closest.endswith(" …") and len(closest) <= 102
    assert closest.startswith("The Nato-ICI Regional Centre, inaugurated in Kuwait City")
    assert "\n" not in str(excinfo.value)

    with pytest.raises(LocateError) as excinfo:
        doc.locate("the quick brown fox jumps over the lazy dog")
    assert str(excinfo.value) == "quote is not in the article; cites must be verbatim"
    assert excinfo.value.closest is None


def test_quote_must_be_whole_words() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    with pytest.raises(LocateError) as excinfo:
        doc.locate("uwait News Agen")
    assert excinfo.value.reason == "not-found"
    assert "inside 'Kuwait News Agency'" in str(excinfo.value)
    assert "whole words" in str(excinfo.value)
    assert doc.find("Kuwai") == []
    # a number is a whole word too: "478" is not in "1,478", "14" is not in "14.5"
    numbers = Document.from_text("It cost 1,478 dollars, or 14.5 per cent. Then 478 more.")
    assert [span_text(numbers, sp) for sp in numbers.find("478")] == ["478"]
    assert numbers.find("478")[0].sentences[0].index == 1
    assert numbers.find("14") == [] and len(numbers.find("14.5")) == 1
    assert len(numbers.find("cent.")) == 1  # punctuation at the edge needs no boundary


def test_ambiguous_names_count_and_paragraphs() -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    with pytest.raises(LocateError) as excinfo:
        doc.locate("Al Jarallah")
    err = excinfo.value
    assert (err.reason, err.count) == ("ambiguous", 3)
    assert str(err) == (
        "quote occurs 3 times in the article (paragraphs 2, 3 and 5); "
        "quote more words so it is found once"
    )
    assert [s.paragraph for s in err.spans] == [2, 3, 5]
    assert len(doc.find("Al Jarallah")) == 3

    with pytest.raises(LocateError) as excinfo:
        Document.from_text("A cat sat. A cat ran.").locate("a cat")
    assert "occurs 2 times in the article (paragraph 1);" in str(excinfo.value)

    with pytest.raises(LocateError) as excinfo:
        doc.locate("Kuwait")
    assert excinfo.value.count == 16
    assert "(11 paragraphs: 1, 2, 3, 4, 5, …)" in str(excinfo.value)


@pytest.mark.parametrize("quote", ["", "   ", "\n\t", "\u200b"])
def test_empty_quote(quote: str) -> None:
    doc = DOCS["kuwait-nato-mission.txt"]
    assert doc.find(quote) == []
    with pytest.raises(LocateError) as excinfo:
        doc.locate(quote)
    assert excinfo.value.reason == "not-found"
    assert "empty" in str(excinfo.value)


def test_normalize() -> None:
    assert normalize("  Kuwait’s  “Nato”\n– ally ") == "kuwait's 'nato'-ally"
    assert normalize("Straße ﬁnal co\u00adoperation") == "strasse final cooperation"
    # a decomposed accent matches a composed one, and the span keeps the combining mark
    doc = Document.from_text("Alvargonza\u0301lez spoke.")
    span = doc.locate("Alvargonzález")
    assert span_text(doc, span) == "Alvargonza\u0301lez"


def test_index_is_built_once() -> None:
    doc = Document.from_text("One two three. Four five six.")
    doc.find("two")
    index = doc._index
    doc.find("five")
    assert doc._index is index


# ----------------------------------------------------------------------- properties

_SWAP = str.maketrans(
    {"’": "'", "'": "’", "“": '"', "”": '"', '"': "“", "–": "-", "-": "—", "—": "–"}
)


@st.composite
def requoted_runs(draw: st.DrawFn) -> tuple[Document, Sentence, str, str]:
    """A run of a sentence's words, re-spaced, re-quoted, dashes swapped, case changed."""
    doc = DOCS[draw(st.sampled_from(sorted(DOCS)))]
    sentence = draw(st.sampled_from(doc.sentences))
    text = doc.sentence_text(sentence)
    words = [m.span() for m in re.finditer(r"\S+", text)]
    i = draw(st.integers(0, len(words) - 1))
    j = draw(st.integers(i + 1, min(len(words), i + 12)))
    run = text[words[i][0] : words[j - 1][1]]
    tokens = [text[a:b].translate(_SWAP) for a, b in words[i:j]]
    space = st.text(alphabet=" \t\n\u00a0\u2003", min_size=1, max_size=4)
    quote = draw(st.text(alphabet=" \n", max_size=2)) + tokens[0]
    for token in tokens[1:]:
        quote += draw(space) + token
    quote += draw(st.text(alphabet=" \n\t", max_size=2))
    case = draw(st.sampled_from([str.lower, str.upper, str.title, lambda s: s]))
    return doc, sentence, run, case(quote)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requoted_runs())
def test_any_requoted_run_finds_its_sentence(case: tuple[Document, Sentence, str, str]) -> None:
    doc, sentence, run, quote = case
    spans = doc.find(quote)
    hits = [sp for sp in spans if sentence in sp.sentences]
    assert hits, f"{quote!r} not found in its sentence"
    for sp in hits:
        found = span_text(doc, sp)
        assert found == found.strip()
        assert normalize(found) == normalize(run)


PIECES = [
    *"aZ9 .!?…’'“”\"-–\n\u00ad\u0301ß",
    *["\n\n", ". ", "? ", "! ", ".” ", ".” he ", ".” He ", "Dr. ", "U.S. ", "J. "],
    *["No. 3", "14.5", "a.m. ", "... ", "e.g. ", "Kuwait ", "the ", "The ", "said ", "Nato"],
]
messy_text = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300),
)


@settings(max_examples=300, deadline=None)
@given(messy_text)
def test_any_text_splits_and_every_sentence_finds_itself(text: str) -> None:
    doc = Document.from_text(text)
    for p in doc.paragraphs:
        assert p.sentences and p.sentences[0].start == p.start and p.sentences[-1].end == p.end
    for s in doc.sentences:
        body = doc.sentence_text(s)
        assert body and body == body.strip()
        if normalize(body):
            assert any(s in sp.sentences for sp in doc.find(body)), body


def reference_normalize(text: str) -> str:
    """normalize(), spelled out char by char (slow and obvious)."""

    def apart(c: str) -> bool:  # spaces, dashes and invisible (format, Cf) characters
        return len(c) == 1 and (c in " -" or unicodedata.category(c) == "Cf")

    units: list[str] = []
    for c in text.strip():
        c = "'" if c in folding._QUOTES else "-" if c in folding._DASHES else c
        c = " " if c.isspace() else c
        if units and unicodedata.combining(c) and not apart(units[-1][-1]):
            units[-1] += c
        else:
            units.append(c)
    out: list[str] = []
    gap: list[str] = []  # a run of spaces, dashes and invisible chars
    for unit in [*units, "x"]:
        if apart(unit):
            gap.append(unit)
            continue
        if gap:
            out.append("-" if "-" in gap else " " if " " in gap else "")
            gap = []
        out.append(folding._fold_unit(unit))
    return "".join(out)[:-1].strip()


TRICKY = list("aZ ’'“”\"«-–—‑ \n\t\u00a0\u00ad\u200b\u202e\u2066\ufeff…ßİﬁé\u0301ǅ²ΣςK.?!")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(blacklist_categories=["Cs"])))
def test_normalize_matches_the_reference_and_maps_back(text: str) -> None:
    assert normalize(text) == reference_normalize(text)
    index = sources._Index(text)
    starts = [index.source(i) for i in range(len(index.norm))]
    assert starts == sorted(starts) and all(0 <= i < len(text) for i in starts)
    assert index.source(len(index.norm)) == len(text)
    # every normalized char comes from source text that normalizes to contain it
    bounds = [*starts, len(text)]
    for i, c in enumerate(index.norm):
        j = next(j for j in range(i, len(bounds)) if bounds[j] != starts[i])
        assert c in " -" or c in reference_normalize(text[starts[i] : bounds[j]])
