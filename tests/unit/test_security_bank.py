"""A bank from someone else: what it may put in front of a learner and what it may read."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from quiz.bank.load import load_bank, load_bank_text
from quiz.checker.check import check_paths, run_check
from quiz.errors import Problem, QuizError
from quiz.sources import Document
from quiz.textsafe import printable

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "questions" / "kuwait-nato.yaml"
SECRET = "TOP-SECRET-7f3a"  # what a hostile source path tries to leak

ARTICLE = "The mission will be headed by Jassim Al Budiawi. It opened in 2018.\n"


def head(path: str = "article.txt", title: str = "Test bank") -> str:
    return f"bank: test-bank\ntitle: {title}\nsource:\n  path: {path}\nquestions:\n"


QUESTION = """\
  - id: head
    kind: text
    prompt: Who will head the mission?
    answer: Jassim Al Budiawi
    cite: headed by Jassim Al Budiawi
"""


def bank_in(folder: Path, text: str, article: str = ARTICLE) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_text(article, encoding="utf-8")
    path = folder / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(QuizError) as excinfo:
        load_bank(path)
    return excinfo.value.problems


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F]


# --- control characters in values ------------------------------------------------------------


@pytest.mark.parametrize(
    ("field_line", "line", "name"),
    [
        ('    prompt: "Who \\e[2J will head it?"', 8, "prompt"),
        ('    explain: "a \\x1b]0;pwned\\x07 title"', 11, "explain"),
        ('    hint: "\\u009b31m red"', 11, "hint"),
        ('    accept: ["ok", "b\\x08ad"]', 11, "accept[1]"),
    ],
)
def test_a_control_character_in_a_value_is_an_error_at_its_place(
    tmp_path: Path, field_line: str, line: int, name: str
) -> None:
    question = QUESTION
    if "prompt" in field_line:
        question = question.replace("    prompt: Who will head the mission?", field_line)
    else:
        question += field_line + "\n"
    (problem,) = problems_of(bank_in(tmp_path, head() + question))
    assert problem.line == line and problem.col > 1
    assert name in problem.message and "control character U+00" in problem.message
    assert raw_controls(str(problem)) == []


def test_a_control_character_in_the_title_and_in_choices_is_refused(tmp_path: Path) -> None:
    text = head(title='"Quiz\\e[31m"') + (
        "  - id: pick\n    kind: choice\n    prompt: Which?\n"
        '    choices: [a, "b\\e[0m"]\n    answer: a\n    cite: Jassim\n'
    )
    problems = problems_of(bank_in(tmp_path, text))
    assert [(p.line, "U+001B (ESC)" in p.message) for p in problems] == [(2, True), (9, True)]


def test_messages_that_quote_key_names_and_ids_show_controls_visibly(tmp_path: Path) -> None:
    text = (
        head()
        + QUESTION.replace("  - id: head", '  - id: "he\\e[8mad"')
        + ('    "col\\u009dor\\x1b": 1\n')
    )
    problems = problems_of(bank_in(tmp_path, text))
    shown = "\n".join(str(p) for p in problems)
    assert raw_controls(shown) == []
    assert "unknown field" in shown and "\u241b" in shown  # ESC as a visible symbol


def test_newlines_and_tabs_in_a_block_value_are_text(tmp_path: Path) -> None:
    text = head() + QUESTION + "    explain: |\n      one\n      two\tcolumns\n"
    bank = load_bank(bank_in(tmp_path, text))
    assert bank.questions[0].explain == "one\ntwo\tcolumns"


def test_check_strict_refuses_escapes_and_prints_nothing_raw(tmp_path: Path) -> None:
    text = head() + QUESTION.replace("Who will head the mission?", '"\\e]8;;http://x\\e\\\\Who?"')
    path = bank_in(tmp_path, text)
    out = io.StringIO()
    assert run_check([path], strict=True, json_output=False, coverage=False, out=out) == 1
    assert f"{path}:8:" in out.getvalue() and raw_controls(out.getvalue()) == []


def test_check_json_escapes_c1_characters(tmp_path: Path) -> None:
    # A C1 character in a file name reaches the JSON output escaped, never raw.
    path = bank_in(tmp_path / "b\u009bx", head() + QUESTION.replace("Budiawi\n", "Budiawi\n", 1))
    (path.parent / "article.txt").unlink()
    out = io.StringIO()
    run_check([path], strict=False, json_output=True, coverage=False, out=out)
    assert "\u009b" not in out.getvalue() and "\\u009b" in out.getvalue()


def test_an_article_with_a_control_character_is_refused_in_one_line(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("First line.\r\nSecond \x1b[31mline.\n", encoding="utf-8")
    with pytest.raises(QuizError) as excinfo:
        Document.read(article)
    (problem,) = excinfo.value.problems
    assert (problem.line, problem.col) == (2, 8)
    assert "U+001B (ESC)" in problem.message and raw_controls(str(problem)) == []


def test_an_article_keeps_tabs_and_windows_newlines(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(b"A\ttab.\r\nB.\r\n")
    assert Document.read(article).text == "A\ttab.\nB.\n"


def test_the_closest_snippet_is_shown_without_controls() -> None:
    document = Document.from_text("The mission will be headed by Jassim\x1b[5m Al Budiawi.\n")
    with pytest.raises(Exception) as excinfo:
        document.locate("headed by Jasim Al Budiawi")
    assert "closest" in str(excinfo.value) and raw_controls(str(excinfo.value)) == []


def test_problem_str_is_one_printable_line() -> None:
    problem = Problem("a\x1bb.yaml", 1, 2, "bad \x9b thing\nsecond line\u202e")
    assert raw_controls(str(problem)) == [] and "\n" not in str(problem)
    assert "\u202e" not in str(problem)


# --- what a bank may read ----------------------------------------------------------------------


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / ".ssh" / "id_ed25519"
    path.parent.mkdir()
    path.write_text(f"{SECRET}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("source", "why"),
    [
        ("../.ssh/id_ed25519", "hidden name '.ssh'"),
        (".ssh/id_ed25519", "hidden name '.ssh'"),
        ("/proc/self/environ", "absolute path"),
        ("~/.ssh/id_ed25519", "absolute path"),
        ("../outside.txt", "leads outside the bank's folder"),
        ("../../../../../../../../etc/passwd", "leads outside"),
    ],
)
def test_a_source_outside_the_bank_or_hidden_is_refused(
    tmp_path: Path, secret_file: Path, source: str, why: str
) -> None:
    (tmp_path / "outside.txt").write_text(SECRET, encoding="utf-8")
    (tmp_path / "banks" / ".ssh").mkdir(parents=True)
    (tmp_path / "banks" / ".ssh" / "id_ed25519").write_text(SECRET, encoding="utf-8")
    path = bank_in(tmp_path / "banks", head(path=source) + QUESTION)
    (problem,) = problems_of(path)
    assert (problem.line, problem.col) == (4, 9)
    assert why in problem.message and "put the article next to the bank" in problem.message
    assert SECRET not in str(problem)


def test_an_absolute_path_is_refused_even_inside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path=str(folder / "article.txt")) + QUESTION)
    (problem,) = problems_of(path)
    assert "absolute path" in problem.message


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path, secret_file: Path) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path="link.txt") + QUESTION)
    (folder / "link.txt").symlink_to(secret_file)
    (problem,) = problems_of(path)
    assert "leads outside" in problem.message and SECRET not in str(problem)


def test_a_symlink_into_a_hidden_folder_below_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path="link.txt") + QUESTION)
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text(ARTICLE, encoding="utf-8")
    (folder / "link.txt").symlink_to(folder / ".git" / "config")
    (problem,) = problems_of(path)
    assert "hidden name '.git'" in problem.message


def test_a_symlink_inside_the_folder_is_fine(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path="link.txt") + QUESTION)
    (folder / "link.txt").symlink_to(folder / "article.txt")
    assert load_bank(path).source.path == folder / "article.txt"


def test_the_documented_layout_reads_the_folder_above_questions(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    path = bank_in(tmp_path / "questions", head(path="../seeds/a.txt") + QUESTION)
    assert load_bank(path).source.path == tmp_path / "seeds" / "a.txt"
    # ... but not two levels up, nor from a folder with another name.
    other = bank_in(tmp_path / "quizzes", head(path="../seeds/a.txt") + QUESTION)
    assert "leads outside" in problems_of(other)[0].message


def test_the_shipped_bank_still_reads_its_article() -> None:
    bank = load_bank(SHIPPED)
    assert bank.source.path == ROOT / "seeds" / "kuwait-nato-mission.txt"
    assert check_paths([SHIPPED], strict=True).errors == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_source_is_named_as_one_not_missing(tmp_path: Path) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path="pipe.txt") + QUESTION)
    os.mkfifo(folder / "pipe.txt")
    (problem,) = problems_of(path)
    assert "is a FIFO" in problem.message and "does not exist" not in problem.message


@pytest.mark.parametrize("target", ["loop.txt", "/dev/zero"])
def test_a_looping_or_device_source_is_one_error_not_a_traceback(
    tmp_path: Path, target: str
) -> None:
    folder = tmp_path / "banks"
    path = bank_in(folder, head(path="loop.txt") + QUESTION)
    (folder / "loop.txt").symlink_to(target)
    (problem,) = problems_of(path)
    assert ("symlink loop" in problem.message) or ("leads outside" in problem.message)


def test_load_bank_text_still_confines_without_the_existence_check(tmp_path: Path) -> None:
    with pytest.raises(QuizError, match="leads outside"):
        load_bank_text(head(path="../x.txt") + QUESTION, tmp_path / "b.yaml", check_source=False)


# --- files that are not banks: say so, quote nothing -------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        f"root:x:0:0:{SECRET}:/root:/bin/bash\ndaemon:x:1:1::/:/usr/sbin/nologin\n",
        f"password: {SECRET}\nhost: example.org\n",
        f"- {SECRET}\n- two\n",
    ],
)
def test_a_file_that_is_not_a_bank_is_named_without_quoting_it(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "passwd"
    path.write_text(content, encoding="utf-8")
    (problem,) = problems_of(path)
    assert "is not a bank" in problem.message and SECRET not in str(problem)


def test_a_binary_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + SECRET.encode() + bytes(range(256)))
    (problem,) = problems_of(path)
    assert "binary file" in problem.message and SECRET not in str(problem)


def test_a_mapping_with_misspelt_bank_fields_still_gets_suggestions(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("bnk: x\ntitel: y\n", encoding="utf-8")
    messages = [p.message for p in problems_of(path)]
    assert any("did you mean 'bank'" in m for m in messages)


# --- UTF-16 and UTF-32 ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("codec", "name"),
    [
        ("utf-16", "UTF-16"),  # with a BOM
        ("utf-16-le", "UTF-16"),  # without: found by its NULs
        ("utf-16-be", "UTF-16"),
        ("utf-32", "UTF-32"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_a_utf16_or_utf32_file_is_named_in_one_line(tmp_path: Path, codec: str, name: str) -> None:
    path = bank_in(tmp_path, "x")
    path.write_bytes((head() + QUESTION).encode(codec))
    (problem,) = problems_of(path)
    assert problem.message == f"is {name}; save it as UTF-8"
    article = tmp_path / "article.txt"
    article.write_bytes(ARTICLE.encode(codec))
    with pytest.raises(QuizError) as excinfo:
        Document.read(article)
    assert [p.message for p in excinfo.value.problems] == [f"is {name}; save it as UTF-8"]


# --- format characters: ignored in matching, never shown ---------------------------------------


def test_a_zero_width_space_in_the_proving_words_is_no_false_error(tmp_path: Path) -> None:
    article = "The mission will be headed by Jassim Al Bud\u200biawi. It opened in 2\u200d018.\n"
    text = (
        head()
        + QUESTION
        + (
            "  - id: year\n    kind: date\n    prompt: When?\n    answer: 2018\n"
            "    cite: It opened in 2018\n"
        )
    )
    path = bank_in(tmp_path, text, article)
    report = check_paths([path], strict=True)
    assert report.errors == 0, [str(p) for p in report.problems]


@pytest.mark.parametrize("invisible", ["\u200b", "\u2060", "\u202e", "\u2066", "\u00ad", "\ufeff"])
def test_format_characters_are_ignored_when_quotes_are_matched(invisible: str) -> None:
    document = Document.from_text(f"Headed by Jassim Al Bu{invisible}diawi today.\n")
    span = document.locate("Jassim Al Budiawi")
    assert document.text[span.start : span.end] == f"Jassim Al Bu{invisible}diawi"
    assert invisible not in printable(document.text)


# --- numbers and dates in range ------------------------------------------------------------


NUMBER_Q = """\
  - id: n
    kind: number
    prompt: How many?
    answer: {answer}
    tolerance: {tolerance}
    points: {points}
    cite: 2018
"""


@pytest.mark.parametrize(
    ("answer", "tolerance", "points", "line", "words"),
    [
        ("2018", "0", "1e308", 11, "points must be at most 1,000"),
        ("2018", "0", "1001", 11, "points must be at most 1,000"),
        ("2018", "1e308", "1", 10, "tolerance must be at most 1e15"),
        ("1e308", "0", "1", 9, "answer must be at most 1e15"),
        ("-1e16", "0", "1", 9, "answer must be at most 1e15 either way from 0"),
        ("2018", "0", "1e999", 11, "points must be a number"),
        ("2018", "0", ".inf", 11, "points must be a number"),
        ("2018", ".nan", "1", 10, "tolerance must be a number"),
    ],
)
def test_numbers_out_of_range_are_errors_at_their_place(
    tmp_path: Path, answer: str, tolerance: str, points: str, line: int, words: str
) -> None:
    text = head() + NUMBER_Q.format(answer=answer, tolerance=tolerance, points=points)
    (problem,) = problems_of(bank_in(tmp_path, text))
    assert problem.line == line and words in problem.message


def test_the_largest_allowed_numbers_load(tmp_path: Path) -> None:
    text = head() + NUMBER_Q.format(answer="1e15", tolerance="1e15", points="1000")
    q = load_bank(bank_in(tmp_path, text)).questions[0]
    assert (q.answer, q.tolerance, q.points) == (1e15, 1e15, 1000.0)


@pytest.mark.parametrize(
    ("answer", "words"),
    [
        ("0000", "the year must be between 1000 and 9999"),
        ("0999-05", "the year must be between 1000 and 9999"),
        ("2017-00", "month 0 is not between 1 and 12"),
        ("2017-01-00", "day 0 does not exist"),
    ],
)
def test_dates_that_can_never_be_answered_are_errors(
    tmp_path: Path, answer: str, words: str
) -> None:
    text = head() + f"  - id: d\n    kind: date\n    prompt: When?\n    answer: {answer}\n"
    text += "    cite: It opened in 2018\n"
    (problem,) = problems_of(bank_in(tmp_path, text))
    assert (problem.line, problem.col) == (9, 13) and words in problem.message


# --- the YAML comment trap -----------------------------------------------------------------


def test_a_comment_cutting_a_plain_value_is_a_warning_at_the_hash(tmp_path: Path) -> None:
    text = head() + QUESTION.replace(
        "Who will head the mission?", "Who will head mission #1?"
    ).replace("    cite:", "    explain: see paragraph 1  # the first one\n    cite:")
    warnings: list[Problem] = []
    bank = load_bank(bank_in(tmp_path, text), warnings=warnings)
    assert bank.questions[0].prompt == "Who will head mission"  # what YAML reads
    assert [(w.line, w.col, w.severity) for w in warnings] == [
        (8, 35, "warning"),
        (10, 31, "warning"),
    ]
    assert "the text after ' #' was dropped" in warnings[0].message
    assert "'#1?'" in warnings[0].message and "quotes" in warnings[0].message


def test_quoted_values_own_line_comments_and_names_do_not_warn(tmp_path: Path) -> None:
    text = (
        "bank: test-bank # the slug\ntitle: Test bank\nsource:\n  path: article.txt # here\n"
        "questions:\n  # a comment line\n"
        + QUESTION.replace("Who will head the mission?", '"Who will head mission #1?"')
        + "    tags: [people]\n"
    )
    warnings: list[Problem] = []
    load_bank(bank_in(tmp_path, text), warnings=warnings)
    assert warnings == []


def test_check_reports_the_comment_trap_and_strict_fails_on_it(tmp_path: Path) -> None:
    text = head() + QUESTION.replace("Who will head the mission?", "Who will head mission #1?")
    path = bank_in(tmp_path, text)
    assert check_paths([path]).warnings == 1 and check_paths([path]).errors == 0
    assert check_paths([path], strict=True).errors == 1
