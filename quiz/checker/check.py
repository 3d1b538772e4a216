"""`quiz check`: load banks, prove every citation against its article, and ground each answer
in the words it cites. Everything here is reusable without the command line (`check_paths`)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from quiz import lazy
from quiz.bank.load import load_bank
from quiz.bank.model import Bank, Question
from quiz.checker.coverage import (
    Asked,
    asked_by,
    coverage_findings,
    fact_kind,
    skipped_sentences,
)
from quiz.checker.grounding import grounding_gap
from quiz.checker.lint import lint_problems
from quiz.errors import Problem, QuizError
from quiz.safefile import file_problem
from quiz.sources import Document, LocateError
from quiz.textsafe import json_dumps, printable, strip_format

if TYPE_CHECKING:
    import multiprocessing
    from concurrent import futures
else:
    # Export and draft import the checker and should not pay for a process pool.
    futures = lazy.module("concurrent.futures")
    multiprocessing = lazy.module("multiprocessing")

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Uncited:
    """A sentence of an article that states a fact no question cites."""

    source: Path
    paragraph: int
    sentence: str
    why: str  # "a number", "a date", "a named person", "a proper name", "a list", ...
    line: int = 0  # where the sentence (or the unasked number or date) is in the article
    col: int = 0


@dataclass(slots=True)
class CheckReport:
    banks: int = 0
    questions: int = 0
    problems: list[Problem] = field(default_factory=list)
    uncited: list[Uncited] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)

    def summary(self) -> str:
        banks = f"{self.banks} bank" + ("" if self.banks == 1 else "s")
        questions = f"{self.questions} question" + ("" if self.questions == 1 else "s")
        errors = f"{self.errors} error" + ("" if self.errors == 1 else "s")
        warnings = f"{self.warnings} warning" + ("" if self.warnings == 1 else "s")
        return f"{banks}, {questions}: {errors}, {warnings}"


def find_bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Files are taken as given; folders are searched for *.yaml / *.yml, sorted."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found: list[Path] = []
            for p in sorted(path.rglob("*")):
                if p.suffix not in BANK_SUFFIXES:
                    continue
                problem = file_problem(p, "bank")
                if problem is None:
                    found.append(p)
                elif not p.is_dir():  # a FIFO, a device, a broken or looping link: say so
                    problems.append(Problem(str(p), 0, 0, f"{problem}; skipped", "warning"))
            if not found:
                problems.append(Problem(str(path), 0, 0, "no *.yaml bank files in this folder"))
            files.extend(found)
        elif path.exists() or path.is_symlink():  # a looping link is for load_bank to name
            files.append(path)
        else:
            problems.append(
                Problem(str(path), 0, 0, "no such file or folder; give a bank file or a folder")
            )
    return files, problems


@dataclass(slots=True)
class _Partial:
    """What checking some of the files found; partials from worker processes are merged."""

    banks: int = 0
    questions: int = 0
    problems: list[Problem] = field(default_factory=list)
    cited: dict[Path, set[int]] = field(default_factory=dict)  # source -> cited sentences
    embedded: dict[Path, str] = field(default_factory=dict)  # a bundle's path -> source.text
    asked: dict[Path, Asked] = field(default_factory=dict)  # source -> numbers, dates asked
    skipped: dict[Path, set[int]] = field(default_factory=dict)  # source -> `skip:` sentences


def _check_files(files: list[Path]) -> _Partial:
    part = _Partial()
    documents: dict[Path, Document | None] = {}
    for file in files:
        try:
            bank = load_bank(file, warnings=part.problems)
        except QuizError as exc:
            part.problems.extend(exc.problems)
            part.problems.extend(_check_salvage(file, exc, documents))
            continue
        part.banks += 1
        part.questions += len(bank.questions)
        source = bank.source.path
        if source not in documents:
            try:
                documents[source] = Document.for_source(source, bank.source.text)
            except QuizError as exc:
                documents[source] = None
                part.problems.extend(exc.problems)
        document = documents[source]
        if document is not None:
            if bank.source.text is not None:
                part.embedded[source] = bank.source.text
            cited = part.cited.setdefault(source, set())
            part.problems.extend(_check_bank(bank, document, cited))
            part.problems.extend(
                lint_problems(str(bank.path), list(enumerate(bank.questions)), document, bank.title)
            )
            part.asked.setdefault(source, Asked()).update(asked_by(bank.questions))
            skipped, skip_problems = skipped_sentences(bank, document)
            part.skipped.setdefault(source, set()).update(skipped)
            part.problems.extend(skip_problems)
    return part


# Below this many files one process is quicker than starting workers.
PARALLEL_FROM = 24


def _check_all(files: list[Path], jobs: int | None) -> list[_Partial]:
    workers = jobs or min(os.cpu_count() or 1, len(files) // (PARALLEL_FROM // 2))
    if workers < 2:
        return [_check_files(files)]
    if "fork" not in multiprocessing.get_all_start_methods():
        return [_check_files(files)]
    # Interleaved chunks keep the workers' loads even; results are re-sorted by file below.
    chunks = [files[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_check_files, chunks))


def check_paths(
    paths: Iterable[Path], *, strict: bool = False, coverage: bool = False, jobs: int | None = None
) -> CheckReport:
    """`jobs`: worker processes; None picks by the number of files and CPUs."""
    report = CheckReport()
    files, report.problems = find_bank_files(paths)
    order = {str(f): i for i, f in enumerate(files)}
    cited: dict[Path, set[int]] = {}
    embedded: dict[Path, str] = {}
    asked: dict[Path, Asked] = {}
    skipped: dict[Path, set[int]] = {}
    found: list[Problem] = []
    for part in _check_all(files, jobs):
        report.banks += part.banks
        report.questions += part.questions
        found.extend(part.problems)
        embedded.update(part.embedded)
        for source, indexes in part.cited.items():
            cited.setdefault(source, set()).update(indexes)
        for source, numbers_dates in part.asked.items():
            asked.setdefault(source, Asked()).update(numbers_dates)
        for source, indexes in part.skipped.items():
            skipped.setdefault(source, set()).update(indexes)
    # Problems read in file order, whichever process found them.
    found.sort(key=lambda p: (order.get(p.path, len(order)), p.line, p.col))
    report.problems.extend(found)
    if coverage:
        for source in sorted(cited):
            document = Document.for_source(source, embedded.get(source))
            for item in coverage_findings(
                document, cited[source], asked.get(source, Asked()), skipped.get(source, set())
            ):
                # An embedded article has no lines of its own in the bank file.
                line, col = (0, 0) if source in embedded else (item.line, item.col)
                report.uncited.append(
                    Uncited(item.source, item.paragraph, item.sentence, item.why, line, col)
                )
                report.problems.append(
                    Problem(
                        str(item.source),
                        line,
                        col,
                        printable(item.message, newlines=False),
                        "warning",
                    )
                )
    if strict:
        report.problems = [p.as_error() for p in report.problems]
    return report


def _check_salvage(
    file: Path, exc: QuizError, documents: dict[Path, Document | None]
) -> list[Problem]:
    """Cite problems of the questions that loaded despite the file's other problems, so that
    one run reports both (the loader's problems come first)."""
    source, indexed = getattr(exc, "salvage", (None, []))
    if source is None or not indexed:
        return []
    if source.path not in documents:
        try:
            documents[source.path] = Document.for_source(source.path, source.text)
        except QuizError:
            documents[source.path] = None  # the loader has already said what is wrong
    document = documents[source.path]
    if document is None:
        return []
    return list(_check_questions(str(file), indexed, document, set()))


def _check_bank(bank: Bank, document: Document, cited: set[int]) -> Iterator[Problem]:
    return _check_questions(str(bank.path), list(enumerate(bank.questions)), document, cited)


def _check_questions(
    path: str, indexed: list[tuple[int, Question]], document: Document, cited: set[int]
) -> Iterator[Problem]:
    for index, q in indexed:
        where = f"questions[{index}] (id: {q.id})"
        spans_text: list[str] = []
        for i, quote in enumerate(q.cite):
            label = f"cite[{i}]" if len(q.cite) > 1 else "cite"
            try:
                span = document.locate(quote)
            except LocateError as exc:
                message = printable(f"{where}.{label} {_clip(quote)!r}: {exc}", newlines=False)
                yield Problem(path, q.line, q.col, message)
                continue
            # Format characters (a zero-width space inside a word) are invisible: a reader
            # sees the words without them, and so does grounding.
            spans_text.append(strip_format(document.text[span.start : span.end]))
            cited.update(s.index for s in span.sentences)
        if spans_text and len(spans_text) == len(q.cite):
            message = grounding_gap(q, " ".join(spans_text))
            if message:
                message = printable(f"{where}.answer: {message}", newlines=False)
                yield Problem(path, q.line, q.col, message, "warning")


# --- coverage --------------------------------------------------------------------------------


def uncited_sentences(document: Document, cited: set[int]) -> Iterator[Uncited]:
    for sentence in document.sentences:
        if sentence.index in cited:
            continue
        text = document.sentence_text(sentence)
        why = fact_kind(text)
        if why:
            yield Uncited(document.path, sentence.paragraph, text, why)


def _line_of_paragraph(document: Document, number: int) -> int:
    return document.text.count("\n", 0, document.paragraph(number).start) + 1


def _clip(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- the command -----------------------------------------------------------------------------


def run_check(
    paths: list[Path], *, strict: bool, json_output: bool, coverage: bool, out: TextIO
) -> int:
    report = check_paths(paths, strict=strict, coverage=coverage)
    if json_output:
        doc = {
            "banks": report.banks,
            "questions": report.questions,
            "errors": report.errors,
            "warnings": report.warnings,
            "problems": [
                {
                    "path": p.path,
                    "line": p.line,
                    "col": p.col,
                    "severity": p.severity,
                    "message": p.message,
                }
                for p in report.problems
            ],
            "uncited": [
                {
                    "source": str(u.source),
                    "paragraph": u.paragraph,
                    "line": u.line,
                    "col": u.col,
                    "sentence": u.sentence,
                    "states": u.why,
                }
                for u in report.uncited
            ],
        }
        out.write(json_dumps(doc, indent=2))  # DEL and C1 escaped too (quiz.textsafe)
        out.write("\n")
    else:
        for problem in report.problems:
            print(printable(str(problem), newlines=False), file=out)
        print(report.summary(), file=out)
    return 1 if report.errors else 0


__all__ = [
    "CheckReport",
    "Uncited",
    "check_paths",
    "find_bank_files",
    "run_check",
    "uncited_sentences",
]
