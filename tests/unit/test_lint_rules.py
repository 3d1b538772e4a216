"""Each item-writing lint rule and coverage rule of `quiz check`: a bank that triggers it and
one that must not (docs/bank-format.md, "Item-writing lint" and "Coverage")."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.checker.check import check_paths

ARTICLE = """\
Town news

The library will cost 2,600 euros.

It will open in March 2011.

The plan has the support of the town, said Mayor Jane Quimby.

Members from Ogdenville, Shelbyville and North Haverbrook attended.
"""

COST = """\
  - id: cost
    kind: number
    prompt: How much will the library cost?
    answer: 2600
    unit: euros
    cite: The library will cost 2,600 euros
"""
OPENING = """\
  - id: opening
    kind: date
    prompt: When will the library open?
    answer: "2011-03"
    cite: open in March 2011
"""
MAYOR = """\
  - id: mayor
    kind: text
    prompt: Who is the mayor? (a name)
    answer: Jane Quimby
    accept: [Quimby, Mayor Quimby]
    cite: said Mayor Jane Quimby
"""
MEMBERS = """\
  - id: members
    kind: multi
    prompt: Members from which places attended? (pick all that apply)
    choices: [Ogdenville, Shelbyville, North Haverbrook, Capital City]
    answer: [Ogdenville, Shelbyville, North Haverbrook]
    cite: Members from Ogdenville, Shelbyville and North Haverbrook attended
"""
CLEAN = COST + OPENING + MAYOR + MEMBERS


def check(tmp_path: Path, questions: str, *, title: str = "Town news", coverage: bool = False,
          article: str = ARTICLE, extra: str = ""):  # fmt: skip
    (tmp_path / "article.txt").write_text(article, encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        f"bank: town\ntitle: {title}\nsource:\n  path: article.txt\n{extra}questions:\n"
        + questions,
        encoding="utf-8",
    )
    return check_paths([bank], coverage=coverage)


def rules(report) -> list[str]:
    return [p.message.rsplit("[", 1)[-1].rstrip("]") for p in report.problems if "[" in p.message]


def messages(report) -> str:
    return "\n".join(str(p) for p in report.problems)


def test_the_clean_bank_has_no_findings(tmp_path: Path) -> None:
    report = check(tmp_path, CLEAN, coverage=True)
    assert report.problems == [], messages(report)


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("prompt", "Did Mayor Jane Quimby back the plan?"),
        ("hint", "Ask Quimby."),
        ("explain", "Mayor Quimby said so."),
    ],
)
def test_an_answer_in_another_questions_field_is_a_leak(tmp_path: Path, field, text) -> None:
    claim = (
        "  - id: support\n    kind: claim\n    prompt: The plan has the town's support\n"
        "    answer: supported\n    cite: The plan has the support of the town\n"
    )
    if field == "prompt":
        claim = claim.replace("The plan has the town's support", text)
    else:
        claim += f"    {field}: {text}\n"
    report = check(tmp_path, CLEAN + claim)
    leaks = [p.message for p in report.problems if p.message.endswith("[leak]")]
    assert len(leaks) == 1, messages(report)
    assert f"support.{field} gives away the answer of mayor" in leaks[0]
    assert leaks[0].startswith("questions[4] (id: support):")


def test_a_text_answer_among_another_questions_choices_is_a_leak(tmp_path: Path) -> None:
    who = (
        "  - id: who-said\n    kind: choice\n    prompt: Who backed the plan?\n"
        "    choices: [Jane Quimby, Joe Quimby]\n    answer: Jane Quimby\n"
        "    cite: said Mayor Jane Quimby\n"
    )
    report = check(tmp_path, COST + MAYOR.replace("said Mayor Jane Quimby", "Mayor Jane") + who)
    assert "who-said.choices[0] gives away the answer of mayor" in messages(report)


def test_options_shared_by_two_choice_questions_are_not_a_leak(tmp_path: Path) -> None:
    a = (
        "  - id: a\n    kind: choice\n    prompt: Which place sent members?\n"
        "    choices: [Ogdenville, Capital City]\n    answer: Ogdenville\n"
        "    cite: Members from Ogdenville\n"
    )
    b = (
        "  - id: b\n    kind: choice\n    prompt: Which other place sent members?\n"
        "    choices: [Shelbyville, Ogdenville]\n    answer: Shelbyville\n"
        "    cite: Ogdenville, Shelbyville and North Haverbrook attended\n"
    )
    report = check(tmp_path, COST + a + b)
    assert "[leak]" not in messages(report)


def test_a_later_answer_in_the_paragraph_shown_after_an_earlier_question(tmp_path: Path) -> None:
    mayor_first = (
        "  - id: support\n    kind: claim\n    prompt: The town backs the plan\n"
        "    answer: supported\n    cite: The plan has the support of the town\n"
    )
    report = check(tmp_path, COST + OPENING + mayor_first + MAYOR)
    found = [p.message for p in report.problems if "leak-paragraph" in p.message]
    assert len(found) == 1, messages(report)
    assert "the answer of mayor ('jane quimby') is in paragraph 4" in found[0]
    assert "after the earlier support" in found[0]
    # Asked first, it is fine: the claim has no answer to give away.
    report = check(tmp_path, COST + OPENING + MAYOR + mayor_first)
    assert "leak-paragraph" not in messages(report)


def test_an_answer_in_the_title(tmp_path: Path) -> None:
    report = check(tmp_path, CLEAN, title="Mayor Quimby opens a library")
    assert rules(report) == ["answer-in-title"], messages(report)
    assert check(tmp_path, CLEAN, title="A library for the town").problems == []


def test_a_key_much_longer_than_every_distractor(tmp_path: Path) -> None:
    q = (
        "  - id: support\n    kind: choice\n    prompt: What does the plan have?\n"
        "    choices: [the support of the town, a budget, a site]\n"
        "    answer: the support of the town\n    cite: The plan has the support of the town\n"
    )
    assert rules(check(tmp_path, COST + q)) == ["cue-long-key"]
    even = q.replace("a budget, a site", "a budget of the region, the site of the old mill")
    assert rules(check(tmp_path, COST + even)) == []


def test_all_or_none_of_the_above(tmp_path: Path) -> None:
    q = (
        "  - id: support\n    kind: choice\n    prompt: Who backs the plan?\n"
        "    choices: [the town, the county, none of the above]\n"
        "    answer: the town\n    cite: The plan has the support of the town\n"
    )
    assert rules(check(tmp_path, COST + q)) == ["cue-all-none"]
    assert rules(check(tmp_path, COST + q.replace("none of the above", "the state"))) == []


def test_options_equal_after_normalisation(tmp_path: Path) -> None:
    q = MEMBERS.replace("Capital City]", "Capital City, North-Haverbrook]")
    assert rules(check(tmp_path, COST + q)) == ["cue-same-option"]
    assert rules(check(tmp_path, COST + MEMBERS)) == []


def test_a_multi_whose_answer_is_every_option(tmp_path: Path) -> None:
    q = MEMBERS.replace(", Capital City]", "]")
    assert rules(check(tmp_path, COST + q)) == ["cue-multi-all"]


def test_full_name_asked_but_a_surname_accepted(tmp_path: Path) -> None:
    full = MAYOR.replace("(a name)", "(a full name)")
    assert rules(check(tmp_path, COST + full)) == ["full-name-surname"]
    full_only = full.replace("accept: [Quimby, Mayor Quimby]", "accept: [Jane Quimbey]")
    assert rules(check(tmp_path, COST + full_only)) == []


def test_the_same_fact_asked_twice(tmp_path: Path) -> None:
    again = COST.replace("id: cost", "id: cost-again").replace(
        "How much will the library cost?", "What is the library's price?"
    )
    report = check(tmp_path, CLEAN + again)
    assert rules(report) == ["same-fact"], messages(report)
    assert "asks the same fact as cost" in messages(report)


def test_a_not_in_source_claim_with_a_cite(tmp_path: Path) -> None:
    q = (
        "  - id: budget\n    kind: claim\n    prompt: The library's budget was cut\n"
        "    answer: not-in-source\n"
    )
    assert rules(check(tmp_path, CLEAN + q)) == []
    cited = q + "    cite: The library will cost\n"
    assert rules(check(tmp_path, CLEAN + cited)) == ["nis-cite"]


# --- coverage ------------------------------------------------------------------------------


def test_coverage_points_at_the_sentence(tmp_path: Path) -> None:
    report = check(tmp_path, COST + OPENING + MEMBERS, coverage=True)
    found = [p for p in report.problems if "states" in p.message]
    assert len(found) == 1, messages(report)
    assert (found[0].path.endswith("article.txt"), found[0].line, found[0].col) == (True, 7, 1)
    assert "sentence 4 (paragraph 4) states a named person" in found[0].message


def test_coverage_says_a_proper_name_when_it_cannot_tell(tmp_path: Path) -> None:
    article = ARTICLE + "\nThe grant came from Harbour Fund Trust.\n"
    report = check(tmp_path, CLEAN, coverage=True, article=article)
    assert "states a proper name that no question cites" in messages(report)
    assert "a named person" not in messages(report)


def test_coverage_flags_a_number_no_question_asks_in_a_quoted_sentence(tmp_path: Path) -> None:
    article = ARTICLE.replace("2,600 euros.", "2,600 euros and seat 120 readers.")
    report = check(tmp_path, CLEAN, coverage=True, article=article)
    found = [p for p in report.problems if "no question asks it" in p.message]
    assert len(found) == 1, messages(report)
    assert "the number '120 readers' in sentence 2" in found[0].message
    assert (found[0].line, found[0].col) == (3, 44)


def test_coverage_finds_lowercase_lists(tmp_path: Path) -> None:
    article = (
        ARTICLE + "\nThe plan means increasing assistance, relieving debts and opening markets.\n"
    )
    report = check(tmp_path, CLEAN, coverage=True, article=article)
    assert "states a list that no question cites" in messages(report)


def test_skip_marks_a_sentence_as_deliberately_not_asked(tmp_path: Path) -> None:
    skip = (
        "skip:\n  - cite: said Mayor Jane Quimby\n    reason: the mayor is asked in another bank\n"
    )
    report = check(tmp_path, COST + OPENING + MEMBERS, coverage=True, extra=skip)
    assert report.problems == [], messages(report)
    bad = skip.replace("Jane", "Joan")
    report = check(tmp_path, COST + OPENING + MEMBERS, coverage=True, extra=bad)
    assert any(p.severity == "error" and "skip[0].cite" in p.message for p in report.problems)


def test_format_and_quote_problems_are_reported_in_one_pass(tmp_path: Path) -> None:
    broken = COST.replace("answer: 2600", "answer: lots")
    typo = OPENING.replace("open in March 2011", "open in May 2011")
    report = check(tmp_path, broken + typo + MAYOR)
    shown = messages(report)
    assert "questions[0] (id: cost).answer" in shown  # the format problem
    assert "questions[1] (id: opening).cite 'open in May 2011'" in shown  # and the quote
    assert report.errors == 2, shown
