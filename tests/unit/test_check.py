"""`quiz check`: citations proven, answers grounded, coverage listed, exit codes kept."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from paths import SHIPPED

from quiz.checker.coverage import fact_kind
from quiz.checker.grounding import numbers_in
from quiz.cli import main

ARTICLE = """\
Springfield: The town council approved a new library in July 2010.

The library will cost 2,600 euros.

It will open in March 2011.

The plan has the support of the town, said Mayor Jane Quimby.

Members from Ogdenville, Shelbyville and North Haverbrook attended. The library will open soon.
The library will open soon.
"""

HEADER = """\
bank: town
title: Town news
source:
  path: article.txt
questions:
"""


def write_bank(tmp_path: Path, questions: str, article: str = ARTICLE) -> Path:
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    bank = tmp_path / "town.yaml"
    bank.write_text(HEADER + questions, encoding="utf-8")
    return bank


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    err = io.StringIO()
    code = main(["check", *argv], stdout=out, stderr=err)
    return code, out.getvalue() + err.getvalue()


GOOD = """\
  - id: cost
    kind: number
    prompt: How much will the library cost?
    answer: 2600
    unit: euros
    cite: The library will cost 2,600 euros
    tags: [counts]
  - id: opening
    kind: date
    prompt: When will the library open?
    answer: "2011-03"
    cite: open in March 2011
  - id: mayor
    kind: text
    prompt: Who is the mayor?
    answer: Jane Quimby
    cite: said Mayor Jane Quimby
"""


def test_shipped_banks_pass_strict_with_full_coverage() -> None:
    code, output = run("--strict", "--coverage", str(SHIPPED.parent))
    assert code == 0, output
    summary = output.strip().splitlines()[-1]
    assert re.fullmatch(r"1 bank, \d+ questions: 0 errors, 0 warnings", summary), summary
    assert int(summary.split()[2]) >= 40


def test_valid_bank_passes_and_summarises(tmp_path: Path) -> None:
    code, output = run(str(write_bank(tmp_path, GOOD)))
    assert code == 0, output
    assert output.strip() == "1 bank, 3 questions: 0 errors, 0 warnings"


def test_a_folder_is_searched_for_banks(tmp_path: Path) -> None:
    write_bank(tmp_path, GOOD)
    code, output = run(str(tmp_path))
    assert code == 0, output
    assert "1 bank, 3 questions" in output


def test_quote_not_in_article_is_an_error_with_position(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, GOOD.replace("said Mayor Jane Quimby", "said Mayor Joe Quimby"))
    code, output = run(str(bank))
    assert code == 1
    line = next(li for li in output.splitlines() if "error" in li)
    assert line.startswith(
        f"{bank}:18:5: error: questions[2] (id: mayor).cite 'said Mayor Joe Quimby'"
    )
    assert "1 error" in output.splitlines()[-1]


def test_quote_found_twice_says_so_and_suggests_quoting_more(tmp_path: Path) -> None:
    bank = write_bank(
        tmp_path, GOOD.replace("cite: said Mayor Jane Quimby", "cite: The library will open soon.")
    )
    code, output = run(str(bank))
    assert code == 1
    assert output.splitlines()[0] == (
        f"{bank}:18:5: error: questions[2] (id: mayor).cite 'The library will open soon.': quote"
        " occurs 2 times in the article (paragraph 5); quote more words so it is found once"
    )


def test_ungrounded_answer_warns_and_strict_makes_it_an_error(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, GOOD.replace("answer: 2600", "answer: 2700"))
    code, output = run(str(bank))
    assert code == 0
    assert (
        "warning: questions[0] (id: cost).answer: the answer 2,700 euros is not in the cited text"
        in output
    )
    assert output.strip().endswith("0 errors, 1 warning")
    code, output = run("--strict", str(bank))
    assert code == 1
    assert "error: questions[0] (id: cost).answer: the answer 2,700" in output


@pytest.mark.parametrize(
    ("old", "new", "missing"),
    [
        ('answer: "2011-03"', 'answer: "2011-04"', "month April"),
        ('answer: "2011-03"', "answer: 2012", "year 2012"),
        ("answer: Jane Quimby", "answer: Joe Quimby", "'Joe Quimby'"),
    ],
)
def test_grounding_of_dates_and_text(tmp_path: Path, old: str, new: str, missing: str) -> None:
    code, output = run("--strict", str(write_bank(tmp_path, GOOD.replace(old, new))))
    assert code == 1
    assert missing in output


def test_coverage_lists_uncited_fact_sentences(tmp_path: Path) -> None:
    code, output = run("--coverage", str(write_bank(tmp_path, GOOD)))
    assert code == 0
    warnings = [li for li in output.splitlines() if "warning" in li]
    assert any("(paragraph 1) states" in w and "Springfield" in w for w in warnings), warnings
    assert any("(paragraph 5) states a list of names" in w for w in warnings), warnings
    # Cited sentences and sentences with no checkable fact are not listed.
    assert not any("2,600" in w for w in warnings)
    assert not any("open soon" in w for w in warnings)
    code, _ = run("--coverage", "--strict", str(write_bank(tmp_path, GOOD)))
    assert code == 1


def test_json_output_is_one_document(tmp_path: Path) -> None:
    bank = write_bank(tmp_path, GOOD.replace("answer: 2600", "answer: 2700"))
    code, output = run("--json", "--coverage", str(bank))
    doc = json.loads(output)
    assert code == 0
    assert doc["banks"] == 1 and doc["questions"] == 3
    assert doc["errors"] == 0 and doc["warnings"] == len(doc["problems"])
    first = doc["problems"][0]
    assert set(first) == {"path", "line", "col", "severity", "message"}
    assert any(u["states"] == "a list of names" for u in doc["uncited"])


def test_a_broken_bank_does_not_stop_the_others(tmp_path: Path) -> None:
    write_bank(tmp_path, GOOD)
    (tmp_path / "broken.yaml").write_text("bank: [unclosed\n", encoding="utf-8")
    code, output = run(str(tmp_path))
    assert code == 1
    assert "broken.yaml:" in output
    assert output.strip().splitlines()[-1].startswith("1 bank, 3 questions: 1 error")


def test_missing_path_and_empty_folder_are_errors(tmp_path: Path) -> None:
    code, output = run(str(tmp_path / "nope.yaml"))
    assert code == 1 and "no such file" in output
    empty = tmp_path / "empty"
    empty.mkdir()
    code, output = run(str(empty))
    assert code == 1 and "no *.yaml" in output


def test_usage_errors_exit_2() -> None:
    assert run()[0] == 2
    assert run("--frobnicate", "x")[0] == 2


def test_output_has_no_traceback_for_garbage(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00garbage: [")
    code, output = run(str(bad))
    assert code == 1
    assert "Traceback" not in output
    assert output.startswith(f"{bad}:")


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Bahrain, Kuwait, Qatar and the UAE are members of ICI.", "a list of names"),
        ("It was inaugurated in January 2017.", "a date"),
        ("It was launched in 2004 to boost cooperation.", "a date"),
        ("478 officers were trained.", "a number"),
        ("The remaining two states plan to join.", "a number"),
        ("It is the best centre of the 29-member alliance.", "a number"),
        ("The mission was opened by Khalid Al Jarallah.", "a named person"),
        ("Nato said the talks went well.", None),
        ("We are very happy about that.", None),
        ("Kuwait looks forward to broader cooperation.", None),
    ],
)
def test_fact_kind(sentence: str, kind: str | None) -> None:
    assert fact_kind(sentence) == kind


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("14 courses and 478 officers", {14, 478}),
        ("the 29-member alliance", {29}),
        ("2,600 euros", {2600}),
        ("14.5 million", {14.5, 14_500_000}),
        ("the remaining two GCC", {2}),
        ("no numbers here", set()),
    ],
)
def test_numbers_in(text: str, numbers: set[float]) -> None:
    assert numbers_in(text) == numbers
