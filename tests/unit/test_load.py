"""The YAML bank loader: every refusal at its file:line:col, and YAML's traps defused."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from paths import BANKS, REPO, VALID

from quiz.bank import load as load_module
from quiz.bank.load import (
    ALL_QUESTION_FIELDS,
    KIND_FIELDS,
    MAX_BANK_BYTES,
    SOURCE_FIELDS,
    TOP_FIELDS,
    load_bank,
    load_bank_text,
)
from quiz.bank.model import KINDS, VERDICTS, Bank, DateValue
from quiz.errors import Problem, QuizError

ROOT = REPO
DATA = BANKS
SCHEMA = ROOT / "quiz" / "bank" / "bank.schema.json"
DOCS = ROOT / "docs" / "bank-format.md"

# Five lines: the first question's "- " is on line 6 and its mapping starts at column 5.
HEAD = """\
bank: test-bank
title: Test bank
source:
  path: article.txt
questions:
"""
TEXT_Q = """\
  - id: q1
    kind: text
    prompt: Who will head the mission?
    answer: Jassim Al Budiawi
    cite: The mission will be headed by Jassim Al Budiawi
"""


@pytest.fixture(params=["libyaml", "python"])
def loader(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with libyaml's parser and with PyYAML's pure-Python fallback."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("libyaml is not available")
        monkeypatch.setattr(load_module, "_Loader", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(load_module, "_Loader", yaml.SafeLoader)
    return request.param


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    (tmp_path / "article.txt").write_text("The mission will be headed by Jassim Al Budiawi.\n")
    return tmp_path


def write(folder: Path, content: str | bytes, name: str = "bank.yaml") -> Path:
    path = folder / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(QuizError) as info:
        load_bank(path)
    problems = info.value.problems
    assert problems, "a QuizError must carry at least one problem"
    return problems


def assert_problems(path: Path, expected: list[tuple[int, int, tuple[str, ...]]]) -> None:
    """Exactly these problems, in this order, each rendered as path:line:col: error: ..."""
    problems = problems_of(path)
    rendered = "\n".join(str(p) for p in problems)
    assert len(problems) == len(expected), rendered
    for problem, (line, col, needles) in zip(problems, expected, strict=True):
        text = str(problem)
        assert text.startswith(f"{path}:{line}:{col}: error: "), rendered
        assert "\n" not in text
        for needle in needles:
            assert needle in problem.message, f"{needle!r} not in {text!r}"


# --- the valid fixture ----------------------------------------------------------------


def test_valid_fixture_loads_every_kind() -> None:
    bank = load_bank(VALID)
    assert isinstance(bank, Bank)
    assert bank.slug == "kuwait-nato-fixture"
    assert bank.title == "Kuwait opens its first diplomatic mission to Nato"
    assert bank.description == "A fixture bank for the loader tests."
    assert bank.path == VALID
    assert bank.source.path == VALID.parent / "kuwait-nato-mission.txt"
    assert bank.source.path.is_absolute()
    assert bank.source.publisher == "Gulf News"
    assert bank.source.date == "2018-01-17"  # text, not a datetime.date
    assert bank.source.url is None
    assert {q.kind for q in bank.questions} == set(KINDS)

    q = bank.by_id
    assert q["ici-launch-year"].answer == DateValue(2004)
    assert q["ici-launch-year"].tags == ("dates",)
    assert (q["ici-launch-year"].line, q["ici-launch-year"].col) == (13, 5)
    assert q["centre-opened"].answer == DateValue(2017, 1)
    assert q["officers-trained"].answer == 478.0
    assert isinstance(q["officers-trained"].answer, float)
    assert q["officers-trained"].unit == "officers"
    assert q["officers-trained"].points == 2.0
    assert q["officers-trained"].hint == "It is between 400 and 500."
    assert q["first-gcc-member"].answer == "Kuwait"
    assert q["first-gcc-member"].choices == ("Kuwait", "Bahrain", "Qatar", "Oman")
    assert q["ici-members"].answer == ("Bahrain", "Qatar")
    assert len(q["ici-members"].cite) == 2
    assert q["mission-head"].accept == ("Al Budiawi", "Budiawi")
    assert q["exports-stability"].answer == "supported"
    assert q["mission-budget"].answer == "not-in-source"
    assert q["mission-budget"].cite == ()
    order = q["first-year-figures"]
    assert order.answer == order.items == (
        "14 courses and activities", "149 instructors and experts", "478 officers",
    )  # fmt: skip
    assert q["yes-no-trap"].choices == ("yes", "no", "on", "off")
    assert q["yes-no-trap"].answer == "on"


def test_valid_fixture_loads_the_same_with_both_parsers(loader: str) -> None:
    bank = load_bank(VALID)
    assert len(bank.questions) == 10
    assert [(q.line, q.col) for q in bank.questions][:2] == [(13, 5), (20, 5)]


def test_load_bank_text_matches_load_bank() -> None:
    from_text = load_bank_text(VALID.read_text(encoding="utf-8"), VALID)
    assert from_text == load_bank(VALID)


def test_load_bank_text_can_skip_the_source_check(tmp_path: Path) -> None:
    text = HEAD + TEXT_Q
    with pytest.raises(QuizError):
        load_bank_text(text, tmp_path / "bank.yaml")
    bank = load_bank_text(text, tmp_path / "bank.yaml", check_source=False)
    assert bank.source.path == tmp_path / "article.txt"


def test_bom_and_crlf_are_accepted(bank_dir: Path) -> None:
    text = "\ufeff" + (HEAD + TEXT_Q).replace("\n", "\r\n")
    bank = load_bank(write(bank_dir, text))
    assert bank.questions[0].answer == "Jassim Al Budiawi"
    assert (bank.questions[0].line, bank.questions[0].col) == (6, 5)


def test_columns_count_characters_not_bytes(bank_dir: Path) -> None:
    text = HEAD + TEXT_Q + "    tags: [é, ü, {a: b}]\n"
    assert_problems(write(bank_dir, text), [(11, 18, ("tags[2] must be text, not a mapping",))])


# --- YAML traps: text is read as text, converted only by what the field expects ----------


@pytest.mark.parametrize(
    ("question", "field", "expected"),
    [
        ("kind: text\n    answer: yes", "answer", "yes"),
        ("kind: text\n    answer: no", "answer", "no"),
        ("kind: text\n    answer: off", "answer", "off"),
        ("kind: text\n    answer: 1.10", "answer", "1.10"),
        ("kind: text\n    answer: 0777", "answer", "0777"),
        ("kind: text\n    answer: 2017-01-15", "answer", "2017-01-15"),
        ("kind: text\n    answer: null island\n    accept: [yes, 'on']", "accept", ("yes", "on")),
        ("kind: text\n    answer: x\n    accept: Null Island", "accept", ("Null Island",)),
        ("kind: choice\n    choices: [yes, no]\n    answer: no", "answer", "no"),
        (
            "kind: choice\n    choices:\n      - on\n      - off\n    answer: off",
            "choices",
            ("on", "off"),
        ),
        ("kind: choice\n    choices: [2004, 2017]\n    answer: 2017", "answer", "2017"),
        (
            "kind: multi\n    choices: [yes, no, maybe]\n    answer: [yes, maybe]",
            "answer",
            ("yes", "maybe"),
        ),
        ("kind: multi\n    choices: [Oman, Qatar]\n    answer: Qatar", "answer", ("Qatar",)),
        ("kind: number\n    answer: 478", "answer", 478.0),
        ("kind: number\n    answer: 2,600", "answer", 2600.0),
        ("kind: number\n    answer: 2_600", "answer", 2600.0),
        ("kind: number\n    answer: '14.5'", "answer", 14.5),
        ("kind: number\n    answer: -3", "answer", -3.0),
        ("kind: number\n    answer: 1e6", "answer", 1e6),
        ("kind: number\n    answer: 10\n    tolerance: 0.5", "tolerance", 0.5),
        ("kind: number\n    answer: 10\n    unit: yes", "unit", "yes"),
        ("kind: date\n    answer: 2004", "answer", DateValue(2004)),
        ("kind: date\n    answer: 2017-01", "answer", DateValue(2017, 1)),
        ("kind: date\n    answer: '2017-01'", "answer", DateValue(2017, 1)),
        ("kind: date\n    answer: 2017-01-15", "answer", DateValue(2017, 1, 15)),
        ("kind: date\n    answer: 2016-02-29", "answer", DateValue(2016, 2, 29)),
        ("kind: date\n    answer: 2017-1-5", "answer", DateValue(2017, 1, 5)),
        ("kind: claim\n    answer: refuted", "answer", "refuted"),
        ("kind: order\n    items: [no, yes, 2017-01]", "answer", ("no", "yes", "2017-01")),
        ("kind: text\n    answer: x\n    points: 2.5", "points", 2.5),
        (
            "kind: text\n    answer: x\n    tags: [yes, 2004, dates, dates]",
            "tags",
            ("yes", "2004", "dates"),
        ),
        ("kind: text\n    answer: x\n    tags: []", "tags", ()),
        ("kind: text\n    answer: x\n    tags:", "tags", ()),
        ("kind: text\n    answer: x\n    hint: ~", "hint", None),
        (
            "kind: text\n    answer: x\n    explain: |\n      Two lines,\n      kept.\n",
            "explain",
            "Two lines,\nkept.",
        ),
        ("kind: text\n    answer: '  padded  '", "answer", "padded"),
    ],
)
def test_values_are_read_from_their_text(
    bank_dir: Path, loader: str, question: str, field: str, expected: Any
) -> None:
    text = HEAD + f"  - id: q1\n    prompt: P\n    cite: c\n    {question}\n"
    bank = load_bank(write(bank_dir, text))
    assert getattr(bank.questions[0], field) == expected


def test_cite_may_be_a_string_or_a_list(bank_dir: Path) -> None:
    text = HEAD + TEXT_Q.replace(
        "    cite: The mission will be headed by Jassim Al Budiawi\n",
        "    cite:\n      - The mission will be headed\n      - by Jassim Al Budiawi\n",
    )
    bank = load_bank(write(bank_dir, text))
    assert bank.questions[0].cite == ("The mission will be headed", "by Jassim Al Budiawi")


# --- refusals, each at its file:line:col ---------------------------------------------

# (test id, bank text, [(line, col, (words the message must contain, ...)), ...])
REFUSALS: list[tuple[str, str, list[tuple[int, int, tuple[str, ...]]]]] = [
    (
        "tab-in-indentation",
        HEAD + "  - id: q1\n\tkind: text\n  \t  prompt: P\n \t\n",
        [(7, 1, ("tab", "use spaces")), (8, 3, ("tab", "use spaces")), (9, 2, ("tab",))],
    ),
    (
        "duplicate-top-level-key",
        "bank: a\ntitle: One\ntitle: Two\nsource:\n  path: article.txt\nquestions:\n" + TEXT_Q,
        [(3, 1, ("duplicate key 'title'", "first given at line 2"))],
    ),
    (
        "duplicate-key-in-question",
        HEAD + TEXT_Q + "    answer: Someone else\n",
        [(11, 5, ("questions[0] (id: q1): duplicate key 'answer'", "line 9"))],
    ),
    (
        "duplicate-key-in-source",
        "bank: a\ntitle: T\nsource:\n  path: article.txt\n  path: other.txt\nquestions:\n" + TEXT_Q,
        [(5, 3, ("source: duplicate key 'path'", "line 4"))],
    ),
    (
        "duplicate-key-in-flow-mapping",
        HEAD
        + TEXT_Q
        + "  - {id: q2, kind: claim, prompt: P, answer: refuted, cite: c, kind: text}\n",
        [(11, 64, ("duplicate key 'kind'", "first given at line 11"))],
    ),
    (
        "duplicate-question-id",
        HEAD + TEXT_Q + TEXT_Q,
        [(11, 9, ("questions[1] (id: q1).id", "duplicate id 'q1'", "questions[0] at line 6"))],
    ),
    (
        "anchor-and-alias",
        HEAD + "  - id: q1\n    kind: text\n    prompt: &p Who?\n    answer: *p\n    cite: c\n",
        [
            (8, 13, ("questions[0] (id: q1).prompt: anchor '&p'", "not allowed")),
            (9, 13, ("questions[0] (id: q1).answer: alias '*p'", "not allowed")),
        ],
    ),
    (
        "anchor-on-a-mapping",
        HEAD + "  - &q\n    id: q1\n    kind: text\n    prompt: P\n    answer: A\n    cite: c\n",
        [(6, 5, ("questions[0]: anchor '&q'",))],
    ),
    (
        "python-object-tag",
        HEAD
        + TEXT_Q.replace(
            "answer: Jassim Al Budiawi", "answer: !!python/object/apply:os.system [echo hi]"
        ),
        [
            (
                9,
                13,
                (
                    "questions[0] (id: q1).answer: tag '!!python/object/apply:os.system'",
                    "not allowed",
                ),
            ),
            (9, 13, ("questions[0] (id: q1).answer must be text", "a list")),
        ],
    ),
    (
        "str-and-custom-tags",
        HEAD + "  - id: q1\n    kind: text\n    prompt: !!str P\n    answer: !mine A\n"
        "    cite: ! c\n",
        [(8, 13, ("tag '!!str'",)), (9, 13, ("tag '!mine'",)), (10, 11, ("tag '!'",))],
    ),
    (
        "empty-file",
        "",
        [(0, 0, ("empty", "bank:", "questions:"))],
    ),
    (
        "only-comments",
        "# a bank, one day\n\n   # still nothing\n",
        [(0, 0, ("empty",))],
    ),
    (
        "top-level-list",
        "- bank: a\n- title: b\n",
        [(0, 0, ("is not a bank", "mapping with bank:"))],
    ),
    (
        "top-level-scalar",
        "kuwait nato\n",
        [(0, 0, ("is not a bank", "mapping with bank:"))],
    ),
    (
        "two-documents",
        HEAD + TEXT_Q + "---\nbank: other\n",
        [(11, 1, ("one YAML document", "---"))],
    ),
    (
        "missing-kind",
        HEAD + "  - id: q1\n    prompt: P\n    answer: A\n    cite: c\n",
        [
            (
                6,
                5,
                (
                    "questions[0] (id: q1).kind is missing",
                    "choice, multi, number, date, text, claim, order",
                ),
            )
        ],
    ),
    (
        "unknown-kind",
        HEAD + TEXT_Q.replace("kind: text", "kind: dat"),
        [
            (
                7,
                11,
                (
                    "questions[0] (id: q1).kind 'dat' is not a kind",
                    "did you mean 'date'?",
                    "choice, multi, number, date, text, claim, order",
                ),
            )
        ],
    ),
    (
        "kind-is-a-list",
        HEAD + TEXT_Q.replace("kind: text", "kind: [text]"),
        [(7, 11, ("kind must be text, not a list",))],
    ),
    (
        "missing-prompt",
        HEAD + "  - id: q1\n    kind: text\n    answer: A\n    cite: c\n",
        [(6, 5, ("questions[0] (id: q1).prompt is missing", "add `prompt:`"))],
    ),
    (
        "empty-prompt",
        HEAD + "  - id: q1\n    kind: text\n    prompt:\n    answer: A\n    cite: c\n",
        [(8, 12, ("questions[0] (id: q1).prompt is empty",))],
    ),
    (
        "missing-answer",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    cite: c\n",
        [(6, 5, ("questions[0] (id: q1).answer is missing", "a number"))],
    ),
    (
        "empty-answer",
        HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer:\n",
        [(9, 12, ("questions[0] (id: q1).answer is empty", "supported, refuted, not-in-source"))],
    ),
    (
        "missing-choices",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    answer: A\n    cite: c\n",
        [(6, 5, ("questions[0] (id: q1).choices is missing", "2 to 8"))],
    ),
    (
        "missing-choices-multi",
        HEAD + "  - id: q1\n    kind: multi\n    prompt: P\n    answer: [A]\n    cite: c\n",
        [(6, 5, ("questions[0] (id: q1).choices is missing",))],
    ),
    (
        "missing-items",
        HEAD + "  - id: q1\n    kind: order\n    prompt: P\n    cite: c\n",
        [(6, 5, ("questions[0] (id: q1).items is missing", "right order"))],
    ),
    (
        "order-with-answer",
        HEAD + "  - id: q1\n    kind: order\n    prompt: P\n    items: [a, b]\n    answer: [b, a]\n"
        "    cite: c\n",
        [(10, 5, ("questions[0] (id: q1).answer", "order questions take no answer", "items"))],
    ),
    (
        "choice-answer-not-a-choice",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    choices: [Kuwait, Qatar]\n"
        "    answer: Kuwiat\n    cite: c\n",
        [
            (
                10,
                13,
                (
                    "questions[0] (id: q1).answer 'Kuwiat' is not one of the choices",
                    "Kuwait, Qatar",
                    "did you mean 'Kuwait'?",
                ),
            )
        ],
    ),
    (
        "choice-answer-differs-by-case",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    choices: [Kuwait, Qatar]\n"
        "    answer: qatar\n    cite: c\n",
        [(10, 13, ("not one of the choices", "did you mean 'Qatar'?"))],
    ),
    (
        "multi-member-not-a-choice",
        HEAD + "  - id: q1\n    kind: multi\n    prompt: P\n    choices: [Bahrain, Qatar, Oman]\n"
        "    answer: [Bahrain, Qatr]\n    cite: c\n",
        [
            (
                10,
                23,
                (
                    "questions[0] (id: q1).answer[1] 'Qatr' is not one of the choices",
                    "did you mean 'Qatar'?",
                ),
            )
        ],
    ),
    (
        "multi-answer-repeats",
        HEAD + "  - id: q1\n    kind: multi\n    prompt: P\n    choices: [Bahrain, Qatar]\n"
        "    answer: [Qatar, Qatar]\n    cite: c\n",
        [(10, 21, ("answer[1] 'Qatar' repeats answer[0]",))],
    ),
    (
        "tolerance-not-a-number",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    answer: 5\n    tolerance: some\n"
        "    cite: c\n",
        [(10, 16, ("questions[0] (id: q1).tolerance must be a number", "'some'"))],
    ),
    (
        "tolerance-negative",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    answer: 5\n    tolerance: -1\n"
        "    cite: c\n",
        [(10, 16, ("questions[0] (id: q1).tolerance must not be negative",))],
    ),
    (
        "number-answer-yes",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    answer: yes\n    cite: c\n",
        [(9, 13, ("questions[0] (id: q1).answer must be a number", "'yes'"))],
    ),
    (
        "number-answer-words",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    answer: about 400\n    cite: c\n",
        [(9, 13, ("answer must be a number", "478, 2,600 or 14.5", "'about 400'"))],
    ),
    (
        "number-answer-hex-and-infinity",
        HEAD + "  - id: q1\n    kind: number\n    prompt: P\n    answer: 0x1F\n    cite: c\n"
        "  - id: q2\n    kind: number\n    prompt: P\n    answer: .inf\n    cite: c\n",
        [(9, 13, ("'0x1F'",)), (14, 13, ("'.inf'",))],
    ),
    (
        "date-month-13",
        HEAD + "  - id: q1\n    kind: date\n    prompt: P\n    answer: 2017-13\n    cite: c\n",
        [
            (
                9,
                13,
                (
                    "questions[0] (id: q1).answer '2017-13' is not a real date",
                    "month 13 is not between 1 and 12",
                ),
            )
        ],
    ),
    (
        "date-february-30",
        HEAD + "  - id: q1\n    kind: date\n    prompt: P\n    answer: 2017-02-30\n    cite: c\n",
        [(9, 13, ("'2017-02-30' is not a real date", "day 30 does not exist in February 2017"))],
    ),
    (
        "date-in-words",
        HEAD + "  - id: q1\n    kind: date\n    prompt: P\n    answer: January 2017\n    cite: c\n",
        [(9, 13, ("must be a date written 2004, 2017-01 or 2017-01-15", "'January 2017'"))],
    ),
    (
        "date-with-time",
        HEAD + "  - id: q1\n    kind: date\n    prompt: P\n    answer: 2017-01-15 10:00:00\n"
        "    cite: c\n",
        [(9, 13, ("must be a date",))],
    ),
    (
        "claim-on",
        HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer: on\n    cite: c\n",
        [
            (
                9,
                13,
                (
                    "'on' is not a verdict",
                    "did you mean 'supported'?",
                    "supported, refuted, not-in-source",
                ),
            )
        ],
    ),
    (
        "claim-false",
        HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer: false\n    cite: c\n",
        [(9, 13, ("'false' is not a verdict", "did you mean 'refuted'?"))],
    ),
    (
        "claim-misspelt",
        HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer: not in source\n",
        [(9, 13, ("'not in source' is not a verdict", "did you mean 'not-in-source'?"))],
    ),
    (
        "missing-source-file",
        HEAD.replace("article.txt", "nowhere/article.txt") + TEXT_Q,
        [(4, 9, ("source.path 'nowhere/article.txt' does not exist", "relative to the folder"))],
    ),
    (
        "source-path-is-a-folder",
        HEAD.replace("article.txt", ".") + TEXT_Q,
        [(4, 9, ("source.path '.' is a folder",))],
    ),
    (
        "source-path-too-long",
        HEAD.replace("article.txt", "x" * 5000) + TEXT_Q,
        [(4, 9, ("source.path 'xxx", "too long"))],
    ),
    (
        "missing-source-path",
        "bank: a\ntitle: T\nsource:\n  title: An article\nquestions:\n" + TEXT_Q,
        [(4, 3, ("source.path is missing", "relative to this bank file"))],
    ),
    (
        "source-not-a-mapping",
        "bank: a\ntitle: T\nsource: article.txt\nquestions:\n" + TEXT_Q,
        [(3, 9, ("source must be a mapping", "path:", "'article.txt'"))],
    ),
    (
        "unknown-top-level-key",
        HEAD + TEXT_Q + "titel: Typo\n",
        [(11, 1, ("unknown field 'titel'", "did you mean 'title'?"))],
    ),
    (
        "unknown-source-key",
        HEAD.replace("  path: article.txt\n", "  path: article.txt\n  auther: Me\n") + TEXT_Q,
        [(5, 3, ("source: unknown field 'auther'", "path, title, publisher, url, date"))],
    ),
    (
        "unknown-question-field",
        HEAD + TEXT_Q.replace("answer:", "anwser:"),
        [
            (6, 5, ("questions[0] (id: q1).answer is missing",)),
            (9, 5, ("questions[0] (id: q1): unknown field 'anwser'", "did you mean 'answer'?")),
        ],
    ),
    (
        "field-of-another-kind",
        HEAD + TEXT_Q + "    choices: [a, b]\n    tolerance: 1\n",
        [
            (
                11,
                5,
                (
                    "questions[0] (id: q1).choices is not used by text questions",
                    "choice and multi",
                    "remove it",
                ),
            ),
            (12, 5, ("tolerance is not used by text questions", "number")),
        ],
    ),
    (
        "missing-cite",
        HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer: supported\n",
        [(6, 5, ("questions[0] (id: q1).cite is missing", "verbatim", "not-in-source"))],
    ),
    (
        "cite-with-an-empty-entry",
        HEAD
        + TEXT_Q.replace(
            "cite: The mission will be headed by Jassim Al Budiawi", "cite: [headed by, '']"
        ),
        [(10, 23, ("questions[0] (id: q1).cite[1] is empty",))],
    ),
    (
        "cite-empty-list",
        HEAD + TEXT_Q.replace("cite: The mission will be headed by Jassim Al Budiawi", "cite: []"),
        [(10, 11, ("cite needs at least 1 entry, has 0",))],
    ),
    (
        "cite-a-mapping",
        HEAD
        + TEXT_Q.replace(
            "cite: The mission will be headed by Jassim Al Budiawi", "cite: {text: headed by}"
        ),
        [(10, 11, ("cite must be text or a list", "a mapping"))],
    ),
    (
        "id-not-a-slug",
        HEAD + TEXT_Q.replace("id: q1", "id: ICI Launch_Year"),
        [
            (
                6,
                9,
                (
                    "questions[0] (id: ICI Launch_Year).id 'ICI Launch_Year' is not a valid "
                    "question id",
                    "lowercase letters, digits and single hyphens",
                    "'ici-launch-year'",
                ),
            )
        ],
    ),
    (
        "missing-id",
        HEAD + "  - kind: text\n    prompt: P\n    answer: A\n    cite: c\n",
        [(6, 5, ("questions[0].id is missing", "e.g. `id: ici-launch-year`"))],
    ),
    (
        "one-choice",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    choices: [A]\n    answer: A\n"
        "    cite: c\n",
        [(9, 14, ("choices needs at least 2 entries, has 1",))],
    ),
    (
        "nine-choices",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n"
        "    choices: [a, b, c, d, e, f, g, h, i]\n    answer: a\n    cite: c\n",
        [(9, 14, ("choices has 9 entries", "at most 8"))],
    ),
    (
        "repeated-choice",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    choices: [Kuwait, Qatar, kuwait ]"
        "\n    answer: Qatar\n    cite: c\n",
        [(9, 30, ("choices[2] 'kuwait' repeats choices[0] 'Kuwait'",))],
    ),
    (
        "choices-not-a-list",
        HEAD + "  - id: q1\n    kind: choice\n    prompt: P\n    choices: Kuwait, Qatar\n"
        "    answer: Qatar\n    cite: c\n",
        [(9, 14, ("choices must be a list", "[Kuwait, Qatar]"))],
    ),
    (
        "points-yes",
        HEAD + TEXT_Q + "    points: yes\n",
        [(11, 13, ("questions[0] (id: q1).points must be a number", "'yes'"))],
    ),
    (
        "points-zero",
        HEAD + TEXT_Q + "    points: 0\n",
        [(11, 13, ("points must be a number above 0",))],
    ),
    (
        "tags-not-a-list",
        HEAD + TEXT_Q + "    tags: dates\n",
        [(11, 11, ("questions[0] (id: q1).tags must be a list", "[dates]"))],
    ),
    (
        "tags-with-a-mapping",
        HEAD + TEXT_Q + "    tags: [dates, {a: b}]\n",
        [(11, 19, ("tags[1] must be text, not a mapping",))],
    ),
    (
        "order-one-item",
        HEAD + "  - id: q1\n    kind: order\n    prompt: P\n    items: [a]\n    cite: c\n",
        [(9, 12, ("items needs at least 2 entries, has 1",))],
    ),
    (
        "order-repeated-item",
        HEAD + "  - id: q1\n    kind: order\n    prompt: P\n    items: [a, b, A]\n    cite: c\n",
        [(9, 19, ("items[2] 'A' repeats items[0] 'a'",))],
    ),
    (
        "missing-bank-and-title",
        "source:\n  path: article.txt\nquestions:\n" + TEXT_Q,
        [(1, 1, ("bank is missing", "slug")), (1, 1, ("title is missing",))],
    ),
    (
        "bank-not-a-slug",
        HEAD.replace("bank: test-bank", "bank: Kuwait & Nato") + TEXT_Q,
        [(1, 7, ("bank 'Kuwait & Nato' is not a valid bank slug", "'kuwait-nato'"))],
    ),
    (
        "questions-empty",
        HEAD + "\n",
        [(5, 11, ("questions is empty",))],
    ),
    (
        "questions-not-a-list",
        HEAD.replace("questions:\n", "questions:\n  id: q1\n"),
        [(6, 3, ("questions must be a list", "'- '"))],
    ),
    (
        "question-not-a-mapping",
        HEAD + "  - just a question?\n",
        [(6, 5, ("questions[0] must be a mapping", "id:, kind:"))],
    ),
    (
        "complex-key",
        HEAD + TEXT_Q + "    [a, b]: c\n",
        [(11, 5, ("questions[0] (id: q1): a key must be a plain name, not a list",))],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [(t, e) for _, t, e in REFUSALS], ids=[i for i, _, _ in REFUSALS]
)
def test_refusals(bank_dir: Path, loader: str, text: str, expected: list[Any]) -> None:
    assert_problems(write(bank_dir, text), expected)


# The two parsers word syntax errors differently; the place and our hint must agree.
SYNTAX_ERRORS = [
    (
        "colon-in-value",
        HEAD + "  - id: q1\n    prompt: Who said: this\n",
        7,
        21,
        "must be put in quotes",
    ),
    (
        "unclosed-quote",
        'bank: a\ntitle: "Kuwait\nsource:\n  path: x\n',
        5,
        1,
        "quote is not closed",
    ),
    (
        "unclosed-flow-list",
        HEAD + "  - id: q1\n    choices: [a, b\n    answer: a\n",
        None,
        None,
        "started at line 7",
    ),
    ("bad-indentation", "bank: a\n  title: t\nsource: x\n", None, None, ""),
]


@pytest.mark.parametrize(
    ("text", "line", "col", "hint"),
    [case[1:] for case in SYNTAX_ERRORS],
    ids=[case[0] for case in SYNTAX_ERRORS],
)
def test_yaml_syntax_errors(
    bank_dir: Path, loader: str, text: str, line: int | None, col: int | None, hint: str
) -> None:
    path = write(bank_dir, text)
    (problem,) = problems_of(path)
    assert problem.message.startswith("YAML syntax error: ")
    assert hint in problem.message
    assert problem.line >= 1 and problem.col >= 1
    if line is not None:
        assert str(problem).startswith(f"{path}:{line}:{col}: error: YAML syntax error: ")


def test_every_problem_of_a_file_is_reported_in_order(bank_dir: Path, loader: str) -> None:
    text = HEAD + (
        "  - id: q1\n    kind: date\n    prompt: P\n    answer: 2017-13\n    cite: c\n"
        "  - id: q1\n    kind: claim\n    prompt: P\n    answer: yes\n    cite: c\n"
        "  - id: q3\n    kind: text\n    anwser: x\n    cite: c\n"
        "  - id: q4\n    kind: choice\n    prompt: P\n    choices: [a, b]\n    answer: c\n"
        "    cite: c\n"
    )
    problems = problems_of(write(bank_dir, text))
    assert [(p.line, p.col) for p in problems] == [
        (9, 13),
        (11, 9),
        (14, 13),
        (16, 5),
        (16, 5),
        (18, 5),
        (24, 13),
    ]
    messages = [p.message for p in problems]
    assert "not a real date" in messages[0]
    assert "duplicate id 'q1'" in messages[1]
    assert "'yes' is not a verdict" in messages[2]
    assert "prompt is missing" in messages[3]
    assert "answer is missing" in messages[4]
    assert "unknown field 'anwser'" in messages[5]
    assert "'c' is not one of the choices" in messages[6]


def test_fixture_with_many_mistakes(loader: str) -> None:
    assert_problems(DATA / "bad-many.yaml", [
        (2, 7, ("bank 'Kuwait Nato' is not a valid bank slug", "'kuwait-nato'")),
        (10, 13, ("questions[0] (id: ici-year).answer '2004-13' is not a real date",)),
        (13, 9, ("questions[1] (id: ici-year).id: duplicate id 'ici-year'", "line 7")),
        (16, 13, ("questions[1] (id: ici-year).answer 'yes' is not a verdict",
                  "did you mean 'supported'?")),
        (19, 5, ("questions[2] (id: officers).answer is missing",)),
        (22, 5, ("questions[2] (id: officers): unknown field 'anwser'",
                 "did you mean 'answer'?")),
        (29, 23, ("questions[3] (id: gcc-members).answer[1] 'Quatar' is not one of the choices",
                  "did you mean 'Qatar'?")),
        (31, 5, ("questions[3] (id: gcc-members): duplicate key 'cite'", "line 30")),
    ])  # fmt: skip


def test_latin1_fixture() -> None:
    assert_problems(DATA / "bad-latin1.yaml", [
        (2, 11, ("byte 0xE9 is not UTF-8",)),
        (9, 22, ("byte 0xE1 is not UTF-8",)),
        (10, 30, ("byte 0xE1 is not UTF-8",)),
    ])  # fmt: skip


def test_tabs_inside_values_are_fine(bank_dir: Path) -> None:
    text = HEAD + TEXT_Q + '    hint: "a\\tb"\n    explain: c\td  # a\ttab\n'
    bank = load_bank(write(bank_dir, text))
    assert bank.questions[0].hint == "a\tb"
    assert bank.questions[0].explain == "c\td"


def test_not_utf8_reports_each_bad_byte(bank_dir: Path) -> None:
    text = (HEAD + TEXT_Q).encode("utf-8")
    text = text.replace(b"title: Test bank", b"title: Caf\xe9 bank")
    text = text.replace(b"prompt: Who", b"prompt: \xc3\xa9 \xff\xfeWho")
    assert_problems(write(bank_dir, text), [
        (2, 11, ("byte 0xE9 is not UTF-8", "save the file as UTF-8")),
        (8, 15, ("byte 0xFF is not UTF-8",)),
    ])  # fmt: skip


def test_control_characters_are_refused(bank_dir: Path) -> None:
    text = HEAD.replace("Test bank", "Test\x07bank") + TEXT_Q
    assert_problems(write(bank_dir, text), [(2, 12, ("control character U+0007",))])


def test_control_characters_are_refused_from_text(tmp_path: Path) -> None:
    with pytest.raises(QuizError) as info:
        load_bank_text(HEAD + "\x00", tmp_path / "bank.yaml")
    assert (
        str(info.value) == f"{tmp_path / 'bank.yaml'}:6:1: error: control character "
        "U+0000 is not allowed in YAML: delete it (it is often invisible; retype the line)"
    )


def test_a_huge_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BANK_BYTES * 1024)  # sparse: 4 GiB that are never read

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(load_module, "open", no_open, raising=False)  # shadows the builtin
    assert_problems(path, [(0, 0, ("file is 4096 MiB", "over the 4 MiB limit", "split"))])


def test_the_size_limit_is_exact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, HEAD + TEXT_Q)
    size = path.stat().st_size
    monkeypatch.setattr(load_module, "MAX_BANK_BYTES", size - 1)
    assert_problems(path, [(0, 0, (f"file is {size} bytes", f"over the {size - 1} bytes"))])
    with pytest.raises(QuizError, match="limit"):
        load_bank_text(HEAD + TEXT_Q, path)
    monkeypatch.setattr(load_module, "MAX_BANK_BYTES", size)
    with pytest.raises(QuizError, match=r"article\.txt' does not exist"):
        load_bank(path)  # read and parsed: only the missing article is left to report


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "nope.yaml", "does not exist"),
        (lambda tmp: tmp, "is a folder, not a bank file"),
    ],
    ids=["missing", "folder"],
)
def test_unreadable_paths(tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path)
    assert_problems(path, [(0, 0, (message,))])


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    # Every alias is refused rather than expanded (bench/load_limits.py times it).
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = write(tmp_path, "\n".join(lines) + "\n")
    problems = problems_of(path)
    assert sum("alias" in p.message for p in problems) == 81
    assert sum("anchor" in p.message for p in problems) == 10


# --- never a traceback ----------------------------------------------------------------


def load_or_problems(text: str) -> None:
    try:
        load_bank_text(text, VALID, check_source=False)
    except QuizError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.severity == "error"
            assert "\n" not in problem.message


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_a_bank_or_problems(text: str) -> None:
    load_or_problems(text)


@settings(max_examples=300, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=len(VALID.read_text(encoding="utf-8"))),
    cut=st.integers(min_value=0, max_value=40),
    insert=st.sampled_from(
        [
            "",
            ":",
            "- ",
            "\n",
            " ",
            "\t",
            "'",
            '"',
            "[",
            "{",
            "&a ",
            "*a",
            "!!str ",
            "yes",
            "2017-02-30",
            "\n  - ",
            "#",
            "~",
            "? ",
        ]
    ),
)
def test_damaged_banks_give_problems_not_tracebacks(position: int, cut: int, insert: str) -> None:
    text = VALID.read_text(encoding="utf-8")
    load_or_problems(text[:position] + insert + text[position + cut :])


# --- a big bank -------------------------------------------------------------


def generated_bank(count: int) -> str:
    kinds = {
        "choice": "    choices: [Bahrain, Kuwait, Qatar, Oman]\n    answer: Kuwait\n",
        "multi": "    choices: [Bahrain, Kuwait, Qatar, Oman]\n    answer: [Bahrain, Qatar]\n",
        "number": "    answer: 2,600\n    tolerance: 5\n    unit: officers\n",
        "date": "    answer: 2017-01\n",
        "text": "    answer: Jassim Al Budiawi\n    accept: [Al Budiawi]\n",
        "claim": "    answer: supported\n",
        "order": "    items: [first, second, third]\n",
    }
    parts = [HEAD]
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        parts.append(
            f"  - id: question-{i}\n    kind: {kind}\n"
            f"    prompt: How many officers were trained in the first year, take {i}?\n"
            f"{kinds[kind]}    cite: 478 officers from ICI and GCC countries were trained\n"
            "    tags: [numbers, first-year]\n"
        )
    return "".join(parts)


def test_a_big_bank_loads(bank_dir: Path) -> None:
    # How fast is measured by bench/load_limits.py, not here.
    path = write(bank_dir, generated_bank(10_000))
    bank = load_bank(path)
    assert len(bank.questions) == 10_000
    assert bank.questions[-1].id == "question-9999"


# --- the JSON Schema for editors ------------------------------------------------------


def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def resolve(root: dict[str, Any], node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), ref
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        node = {**target, **extra}
    return node


JSON_TYPES = {
    "object": dict, "array": list, "string": str, "boolean": bool, "null": type(None),
    "integer": int, "number": (int, float),
}  # fmt: skip


def validate(root: dict[str, Any], node: Any, value: Any, where: str = "$") -> list[str]:
    """Enough of JSON Schema 2020-12 for this schema (jsonschema is not a dependency)."""
    node = resolve(root, node)
    if node is True:
        return []
    if node is False:
        return [f"{where}: not allowed"]
    errors: list[str] = []
    if "type" in node:
        types = node["type"] if isinstance(node["type"], list) else [node["type"]]
        ok = any(
            isinstance(value, JSON_TYPES[t])
            and not (t in ("integer", "number") and isinstance(value, bool))
            for t in types
        )
        if not ok:
            return [f"{where}: {value!r} is not of type {types}"]
    if "enum" in node and value not in node["enum"]:
        errors.append(f"{where}: {value!r} not in {node['enum']}")
    if "const" in node and value != node["const"]:
        errors.append(f"{where}: {value!r} != {node['const']!r}")
    if isinstance(value, str):
        if "pattern" in node and not re.search(node["pattern"], value):
            errors.append(f"{where}: {value!r} does not match {node['pattern']}")
        if len(value) < node.get("minLength", 0):
            errors.append(f"{where}: too short")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in node and value < node["minimum"]:
            errors.append(f"{where}: below minimum")
        if "maximum" in node and value > node["maximum"]:
            errors.append(f"{where}: above maximum")
        if "exclusiveMinimum" in node and value <= node["exclusiveMinimum"]:
            errors.append(f"{where}: not above {node['exclusiveMinimum']}")
    if isinstance(value, list):
        if len(value) < node.get("minItems", 0) or len(value) > node.get("maxItems", 1 << 30):
            errors.append(f"{where}: wrong number of items")
        if node.get("uniqueItems") and len({json.dumps(v) for v in value}) != len(value):
            errors.append(f"{where}: items not unique")
        if "items" in node:
            for i, item in enumerate(value):
                errors += validate(root, node["items"], item, f"{where}[{i}]")
    if isinstance(value, dict):
        errors += [f"{where}: missing {k}" for k in node.get("required", []) if k not in value]
        props = node.get("properties", {})
        for key, item in value.items():
            if key in props:
                errors += validate(root, props[key], item, f"{where}.{key}")
            elif node.get("additionalProperties") is False:
                errors.append(f"{where}: unknown {key}")
    for sub in node.get("allOf", []):
        errors += validate(root, sub, value, where)
    if "anyOf" in node and all(validate(root, sub, value, where) for sub in node["anyOf"]):
        errors.append(f"{where}: matches none of anyOf")
    if "oneOf" in node and sum(not validate(root, sub, value, where) for sub in node["oneOf"]) != 1:
        errors.append(f"{where}: does not match exactly one of oneOf")
    if "if" in node:
        branch = "then" if not validate(root, node["if"], value, where) else "else"
        if branch in node:
            errors += validate(root, node[branch], value, where)
    return errors


class Yaml12Loader(yaml.SafeLoader):
    """Roughly how yaml-language-server reads YAML (1.2 core): yes/no and dates are text."""


Yaml12Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}  # fmt: skip
Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def as_editor_sees(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12Loader)  # a SafeLoader subclass


def test_schema_is_well_formed_draft_2020_12() -> None:
    s = schema()
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    refs: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            if "pattern" in node:
                re.compile(node["pattern"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(s)
    assert refs
    for ref in refs:
        resolve(s, {"$ref": ref})  # raises KeyError if dangling


def test_schema_agrees_with_the_loader() -> None:
    s = schema()
    assert set(s["properties"]) == set(TOP_FIELDS)
    assert s["required"] == ["bank", "title", "source", "questions"]
    assert set(s["properties"]["source"]["properties"]) == set(SOURCE_FIELDS)
    assert s["properties"]["source"]["oneOf"] == [{"required": ["path"]}, {"required": ["text"]}]
    question = s["$defs"]["question"]
    assert set(question["properties"]) == set(ALL_QUESTION_FIELDS)
    assert question["required"] == ["id", "kind", "prompt"]
    assert question["properties"]["kind"]["enum"] == list(KINDS)
    assert s["$defs"]["verdict"]["enum"] == list(VERDICTS)
    assert s["$defs"]["slug"]["pattern"] == "^" + load_module._SLUG.pattern.replace("?:", "") + "$"
    assert s["$defs"]["choices"]["maxItems"] == load_module.MAX_CHOICES

    by_kind = {
        rule["if"]["properties"]["kind"]["const"]: rule["then"]
        for rule in question["allOf"]
        if "then" in rule
    }
    assert set(by_kind) == set(KINDS)
    own_fields = {f for fields in KIND_FIELDS.values() for f in fields}
    needs = {"choice": {"choices", "answer"}, "multi": {"choices", "answer"},
             "order": {"items"}}  # fmt: skip
    for kind, then in by_kind.items():
        assert set(then["required"]) == needs.get(kind, {"answer"}), kind
        refused = {k for k, v in then["properties"].items() if v is False}
        expected = own_fields - set(KIND_FIELDS[kind]) | ({"answer"} if kind == "order" else set())
        assert refused == expected, kind
    (cite_rule,) = [rule for rule in question["allOf"] if "else" in rule]
    assert cite_rule["if"]["properties"]["answer"]["const"] == "not-in-source"
    assert cite_rule["else"] == {"required": ["cite"]}


def test_valid_fixture_matches_the_schema() -> None:
    assert validate(schema(), schema(), as_editor_sees(VALID.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("question", "complaint"),
    [
        ("kind: text\n    answer: A", "missing cite"),
        ("kind: text\n    cite: c", "missing answer"),
        ("kind: claim\n    answer: on\n    cite: c", "not in"),
        ("kind: order\n    items: [a, b]\n    answer: [a, b]\n    cite: c", "answer: not allowed"),
        ("kind: text\n    answer: A\n    cite: c\n    choices: [a, b]", "choices: not allowed"),
        ("kind: text\n    answer: A\n    cite: c\n    anwser: B", "unknown anwser"),
        ("kind: choice\n    choices: [a]\n    answer: a\n    cite: c", "wrong number of items"),
        ("kind: date\n    answer: January 2017\n    cite: c", "matches none"),
        ("kind: quiz\n    answer: A\n    cite: c", "not in"),
    ],
)
def test_schema_flags_what_the_loader_refuses(
    bank_dir: Path, question: str, complaint: str
) -> None:
    text = HEAD + f"  - id: q1\n    prompt: P\n    {question}\n"
    errors = validate(schema(), schema(), as_editor_sees(text))
    assert any(complaint in e for e in errors), errors
    with pytest.raises(QuizError):
        load_bank(write(bank_dir, text))


def test_schema_accepts_not_in_source_claims_without_cite() -> None:
    text = HEAD + "  - id: q1\n    kind: claim\n    prompt: P\n    answer: not-in-source\n"
    assert validate(schema(), schema(), as_editor_sees(text)) == []


# --- the author's guide ---------------------------------------------------------------


def yaml_blocks(markdown: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", markdown, flags=re.DOTALL)


def test_the_guide_names_the_schema_line() -> None:
    guide = DOCS.read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=../quiz/bank/bank.schema.json" in guide


def test_the_guides_examples_load() -> None:
    blocks = yaml_blocks(DOCS.read_text(encoding="utf-8"))
    full = [b for b in blocks if b.startswith("# yaml-language-server")]
    questions = [b for b in blocks if b.startswith("  - id:")]
    assert len(full) == 1
    bank = load_bank_text(full[0], ROOT / "questions" / "example.yaml")
    assert bank.questions[0].answer == DateValue(2004)

    seen: set[str] = set()
    for block in questions:
        head = HEAD.replace("article.txt", "../seeds/kuwait-nato-mission.txt")
        for question in load_bank_text(head + block, ROOT / "questions" / "x.yaml").questions:
            seen.add(question.kind)
            assert question.cite or question.answer == "not-in-source"
    assert seen == set(KINDS)
    assert validate(schema(), schema(), as_editor_sees(full[0])) == []


def test_fixture_banks_are_all_valid_or_named_bad() -> None:
    for path in sorted(DATA.glob("*.yaml")):
        if path.name.startswith("bad-"):
            with pytest.raises(QuizError):
                load_bank(path)
        else:
            load_bank(path)
