"""load_bank on arbitrary input: a QuizError or a Bank, never another exception, never slow."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quiz.bank.load import load_bank, load_bank_text
from quiz.bank.model import Bank
from quiz.errors import QuizError

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = (ROOT / "questions" / "kuwait-nato.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz")
    (path / "article.txt").write_text("The mission will be headed by Jassim Al Budiawi.\n")
    return path


FUZZ = settings(max_examples=60, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

# Pieces of YAML and of banks, so that generated text gets past the parser often.
TOKENS = [
    "bank: ", "title: ", "source:\n", "  path: ", "article.txt", "questions:\n", "  - ",
    "id: ", "kind: ", "prompt: ", "answer: ", "cite: ", "choices: ", "items: ", "points: ",
    "tolerance: ", "text", "choice", "number", "date", "claim", "order", "multi", "[", "]",
    "{", "}", ", ", ": ", "\n", "    ", " #", "&a ", "*a", "!!python/object ", '"\\e[31m"',
    "'", '"', "|\n", ">\n", "---\n", "1e308", "0000", "2017-02-30", ".inf", "yes", "~",
    "\t", "\x00", "\u202e", "\ufeff", "../.ssh/x", "/proc/self/environ", "\\x9b", "é",
]  # fmt: skip


def _ok(load) -> None:  # type: ignore[no-untyped-def]
    try:
        result = load()
    except QuizError as exc:
        assert exc.problems and all("\n" not in str(p) for p in exc.problems)
        return
    assert isinstance(result, Bank)


@FUZZ
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(folder: Path, data: bytes) -> None:
    path = folder / "bytes.yaml"
    path.write_bytes(data)
    _ok(lambda: load_bank(path))


@FUZZ
@given(st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=80))
def test_yaml_like_text(folder: Path, parts: list[str]) -> None:
    text = "".join(parts)
    _ok(lambda: load_bank_text(text, folder / "bank.yaml"))


@FUZZ
@given(st.integers(0, len(SHIPPED) - 1), st.integers(0, 40), st.sampled_from(TOKENS))
def test_the_shipped_bank_with_a_splice(at: int, cut: int, insert: str) -> None:
    text = SHIPPED[:at] + insert + SHIPPED[at + cut :]
    _ok(lambda: load_bank_text(text, ROOT / "questions" / "kuwait-nato.yaml"))
