"""`quiz report`: read stores and result files, build the report, write it out."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from quiz.errors import QuizError
from quiz.locations import Paths
from quiz.report import render
from quiz.report.build import build_report
from quiz.report.load import read_results_file, read_store
from quiz.report.model import Attempt


def collect_attempts(
    *,
    results: list[Path],
    stores: list[Path],
    class_name: str | None,
    bank: str | None,
    err: TextIO,
) -> tuple[list[Attempt], int]:
    """Every attempt of the stores and files (of the class and bank asked for); a file that
    cannot be read is reported on `err` in one line and left out. Returns the attempts and
    the number of sources left out."""
    attempts: list[Attempt] = []
    refused = 0
    for store in stores:
        attempts += read_store(store, class_name=class_name, bank=bank)  # a bad store stops
    for path in results:
        try:
            attempt = read_results_file(path)
        except QuizError as exc:
            for problem in exc.problems:
                print(problem, file=err)
            refused += 1
            continue
        if class_name is not None and attempt.class_name != class_name:
            continue
        if bank is not None and attempt.bank != bank:
            continue
        attempts.append(attempt)
    return attempts, refused


def run_report(
    *,
    results: list[Path],
    stores: list[Path],
    paths: Paths,
    data_named: bool,
    class_name: str | None,
    bank: str | None,
    all_attempts: bool,
    json_output: bool,
    csv_dir: Path | None,
    html_file: Path | None,
    out: TextIO,
    err: TextIO,
) -> int:
    """Exit 0, or 1 when a result file was left out (the report covers the others).

    With no `stores`, the user's own store (`paths.store`) is read, unless only result files
    are given and `data_named` (--data-dir) is not."""
    if not stores and (not results or data_named):
        stores = [paths.store]
    attempts, refused = collect_attempts(
        results=results, stores=stores, class_name=class_name, bank=bank, err=err
    )
    report = build_report(attempts, all_attempts=all_attempts)
    if json_output:
        render.write_json(report, out)
    elif csv_dir is not None:
        try:
            written = render.write_csv(report, csv_dir)
        except OSError as exc:
            print(f"{csv_dir}: error: cannot write the CSV files ({exc.strerror})", file=err)
            return 1
        for path in written:
            print(path, file=out)
    elif html_file is not None:
        try:
            render.write_html(report, html_file)
        except OSError as exc:
            print(f"{html_file}: error: cannot write the page ({exc.strerror})", file=err)
            return 1
        print(html_file, file=out)
    else:
        render.print_report(report, out)
    return 1 if refused else 0
