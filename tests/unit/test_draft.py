"""`quiz draft`: facts found, drafts that pass `quiz check --strict`, recall of listed facts."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quiz.bank.load import load_bank
from quiz.bank.model import DateValue
from quiz.checker.check import check_paths
from quiz.cli import main
from quiz.draft import describe, draft_text
from quiz.draft.build import accept_forms, build_draft
from quiz.draft.emit import quote
from quiz.draft.recall import FactSpec, recall
from quiz.facts import analyse
from quiz.sources import Document

REPO = Path(__file__).resolve().parents[2]
ARTICLES = REPO / "tests" / "data" / "articles"
FACT_LISTS = sorted(ARTICLES.glob("*.facts.yaml"))
MIN_RECALL = 0.70


def _article(facts_file: Path) -> Path:
    spec = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    if "article" in spec:
        return (facts_file.parent / spec["article"]).resolve()
    return facts_file.with_name(facts_file.name.replace(".facts.yaml", ".txt"))


def _facts(text: str):
    return analyse(Document.from_text(text)).facts


@pytest.mark.parametrize("facts_file", FACT_LISTS, ids=lambda p: p.name.split(".")[0])
def test_every_draft_passes_strict_and_asks_most_listed_facts(facts_file: Path, tmp_path: Path):
    article = _article(facts_file)
    bank = tmp_path / "draft.yaml"
    bank.write_text(draft_text(article, bank), encoding="utf-8")
    report = check_paths([bank], strict=True)
    assert report.errors == 0, "\n".join(map(str, report.problems))
    loaded = load_bank(bank)
    assert all("draft" in q.tags for q in loaded.questions)
    spec = yaml.safe_load(facts_file.read_text(encoding="utf-8"))
    result = recall(loaded.questions, [FactSpec.from_mapping(f) for f in spec["facts"]])
    missed = [f.value for f in result.missed]
    assert result.ratio >= MIN_RECALL, f"recall {result.ratio:.0%}; missed {missed}"


def test_draft_is_deterministic_and_comments_every_question(tmp_path: Path) -> None:
    article = ARTICLES / "wire-river-pact.txt"
    bank = tmp_path / "b.yaml"
    first = draft_text(article, bank)
    assert first == draft_text(article, bank)
    lines = first.splitlines()
    ids = [i for i, line in enumerate(lines) if line.startswith("  - id: ")]
    assert ids
    for i in ids:
        comments = [line for line in lines[max(i - 3, 0) : i] if line.startswith("  # paragraph ")]
        assert comments and re.match(r"  # paragraph \d+, sentence \d+: \w+", comments[0])
    assert "# Not drafted" in first and "a relative date" in first
    assert "kind: claim" in first and 'answer: "refuted"' in first
    assert "not-in-source" in first  # the commented template for a human


def test_loaded_draft_is_exactly_what_was_built(tmp_path: Path) -> None:
    article = ARTICLES / "council-housing-budget.txt"
    bank = tmp_path / "b.yaml"
    bank.write_text(draft_text(article, bank), encoding="utf-8")
    built = build_draft(Document.read(article))
    loaded = load_bank(bank)
    assert [(q.id, q.prompt, q.answer, q.cite, q.choices, q.accept) for q in loaded.questions] == [
        (d.question.id, d.question.prompt, d.question.answer, d.question.cite,
         d.question.choices, d.question.accept)
        for d in built.questions
    ]  # fmt: skip


@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40))
def test_quote_reads_back_exactly(text: str) -> None:
    assert yaml.safe_load(f"v: {quote(text)}")["v"] == text


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "approx"),
    [
        ("NAM groups 118 countries.", 118, "countries", False),
        ("It spoke to the 192-member General Assembly.", 192, "members", False),
        ("The council will build about 3,000 homes.", 3000, "homes", True),
        ("They cost 2.5 million pounds.", 2.5, "million pounds", False),
        ("Of the 96 players, 81 voted for the deal.", 81, "players", False),
        ("The vote was 41 votes to 19.", 19, "votes", False),
        ("Stoppages:\n\n- Stops: 23\n- Trams: 12", 23, "stops", False),
        ("The court said Arturo Lindqvist, 61, had lied.", 61, "years old", False),
    ],
)
def test_counts_are_found_with_their_noun(sentence, value, unit, approx) -> None:
    found = [f for f in _facts(sentence) if f.kind == "number" and f.value == value]
    assert found, _facts(sentence)
    assert found[0].unit == unit
    assert found[0].approx is approx


def test_dates_at_their_precision_and_relative_dates_listed() -> None:
    doc = Document.from_text(
        "Talks began in 2013, a draft came in March 2021 and work resumed on 4 September "
        "2023. The minister spoke on Saturday and will report this year."
    )
    analysis = analyse(doc)
    dates = [f.value for f in analysis.facts if f.kind == "date"]
    assert dates == [DateValue(2013), DateValue(2021, 3), DateValue(2023, 9, 4)]
    skipped = {(k.text, k.reason) for k in analysis.skipped}
    assert ("on Saturday", "a relative date") in skipped
    assert ("this year", "a relative date") in skipped


def test_people_with_roles_and_accepted_forms() -> None:
    doc = Document.from_text(
        "Vice Foreign Minister Yang Jiechi met Dr. Amal Haddad. The mission will be headed "
        "by Jassim Al Budiawi, Kuwait’s ambassador to Belgium."
    )
    people = {f.entity.text: f.entity for f in analyse(doc).facts if f.kind == "person"}
    assert people["Yang Jiechi"].role == "Vice Foreign Minister"
    assert people["Jassim Al Budiawi"].role == "Kuwait’s ambassador to Belgium"
    assert "Al Budiawi" in accept_forms(people["Jassim Al Budiawi"])
    assert "Dr. Haddad" in accept_forms(people["Amal Haddad"])


def test_organisations_are_not_places_even_with_a_place_word() -> None:
    doc = Document.from_text("Norvic Lines, Castellan Freight and Bay Ocean Shipping were fined.")
    lists = [f for f in analyse(doc).facts if f.kind == "list"]
    assert lists and lists[0].member_type == "organisation"


def test_lists_of_names_and_lowercase_lists() -> None:
    facts = _facts(
        "The pact was signed by Laos, Thailand, Cambodia and China. His party proposed "
        "increasing assistance, relieving debts and opening markets."
    )
    lists = [f for f in facts if f.kind == "list"]
    assert lists[0].value == ("Laos", "Thailand", "Cambodia", "China")
    assert lists[0].member_type == "place"
    assert lists[1].value == ("increasing assistance", "relieving debts", "opening markets")


def test_complete_list_gets_an_outsider_claim(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Town hall news\n\nMayor Ann Price said the council has three wards: "
        "namely Eastgate, Millbrook and "
        "Saint Anne's.\n\nResidents of Northfield and Southfield were not asked.\n",
        encoding="utf-8",
    )
    built = build_draft(Document.read(article))
    refuted = [d for d in built.questions if d.question.answer == "refuted"]
    outsider = [d for d in refuted if "outsider" in d.rule]
    assert outsider, [d.rule for d in built.questions]
    assert "Saint Anne's and Northfield" in outsider[0].question.prompt


def test_show_numbers_sentences_with_their_facts() -> None:
    doc = Document.read(ARTICLES / "wire-river-pact.txt")
    shown = describe(doc, analyse(doc))
    assert "¶ 1" in shown and "¶ 7" in shown
    assert re.search(r"^\s+1 \(1:1\) VIENTIANE", shown, re.M)
    assert "number: '18 engineers' = 18 engineers" in shown
    assert "not drafted: 'on Tuesday': a relative date" in shown


def test_cli_writes_the_bank_and_refuses_a_bad_slug(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    bank = tmp_path / "x.yaml"
    code = main(
        ["draft", str(ARTICLES / "glance-tram-line.txt"), "-o", str(bank), "--bank", "trams",
         "--title", "Trams"],
        stdout=out, stderr=err,
    )  # fmt: skip
    assert code == 0, err.getvalue()
    loaded = load_bank(bank)
    assert (loaded.slug, loaded.title) == ("trams", "Trams")
    assert main(["draft", str(bank), "--bank", "Bad Slug"], stdout=out, stderr=err) == 2
    missing = main(["draft", str(tmp_path / "nope.txt")], stdout=out, stderr=err)
    assert missing == 1 and "not found" in err.getvalue()


TRICKY = sorted(p for p in ARTICLES.glob("*.txt") if not p.with_suffix(".facts.yaml").exists())


@pytest.mark.parametrize("article", TRICKY, ids=lambda p: p.stem)
def test_drafts_of_articles_with_tricky_sentences_pass_strict(article: Path, tmp_path: Path):
    bank = tmp_path / "draft.yaml"
    bank.write_text(draft_text(article, bank), encoding="utf-8")
    report = check_paths([bank], strict=True)
    assert report.errors == 0, "\n".join(map(str, report.problems))


WORDS = st.sampled_from(
    [
        "the",
        "a",
        "council",
        "said",
        "on",
        "in",
        "at",
        "of",
        "and",
        "2,600",
        "about",
        "14",
        "Mayor",
        "Jane",
        "Quimby",
        "Brussels,",
        "Kuwait",
        "City",
        "2017",
        "January",
        "March",
        "4",
        "Saturday",
        '"We',
        'will"',
        "Nato’s",
        "Secretary-General",
        "Jens",
        "Stoltenberg",
        "three",
        "officers,",
        "members",
        "—",
        "-",
        ":",
        ";",
        "(",
        ")",
        "29-member",
        "UAE,",
        "Qatar",
        "and",
        "Oman;",
        "5%",
        "£2.5m",
        "\\",
        "#",
        "'",
        "’",
    ]
)


@given(st.lists(st.lists(WORDS, min_size=1, max_size=25), min_size=1, max_size=8))
def test_any_text_drafts_to_a_bank_that_passes_strict_or_to_a_clear_error(paragraphs) -> None:
    import tempfile

    from quiz.errors import QuizError

    text = "\n\n".join(" ".join(words) + "." for words in paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "a.txt"
        article.write_text(text, encoding="utf-8")
        bank = Path(tmp) / "b.yaml"
        try:
            bank.write_text(draft_text(article, bank), encoding="utf-8")
        except QuizError as exc:
            assert "found no facts" in str(exc)
            return
        report = check_paths([bank], strict=True)
        assert report.errors == 0, "\n".join(map(str, report.problems)) + "\n" + text
