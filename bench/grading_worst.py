"""The grader on its worst inputs: every kind, answers up to the cap on typed answers.

    .venv/bin/python bench/grading_worst.py [--size N] [--repeat 5] [--profile NAME]

Each case is an adversarial answer for one kind of question, built to the length `--size`
(default: `quiz.grading.MAX_ANSWER_CHARS`, the longest answer the grader reads in full; anything
longer is "not an answer: too long" and costs a length check). It prints the best of `--repeat`
times of `grade()` per case and the maximum over all of them, against the target of 10 ms.
`--profile NAME` runs that one case under cProfile instead.

The bank's questions are the shipped bank's, one per kind, so the options and answers are real.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.bank.load import load_bank
from quiz.bank.model import Question
from quiz.grading import MAX_ANSWER_CHARS, grade
from quiz.session import present_options

TARGET_MS = 10.0
BANK = Path(__file__).resolve().parent.parent / "questions" / "kuwait-nato.yaml"


def _fill(unit: str, size: int) -> str:
    """`unit` repeated to exactly `size` characters."""
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def cases(size: int) -> list[tuple[str, str, str]]:
    """(name, kind, answer) for every adversarial input."""
    return [
        ("date: digits and slashes", "date", _fill("2017/01/15 ", size)),
        ("date: '1/' runs", "date", _fill("1/", size)),
        ("date: month names", "date", _fill("January ", size)),
        ("date: 100 KB answer cut to the cap", "date", _fill("15 January 2017, ", 100_000)[:size]),
        ("date: digits only", "date", "1" * size),
        ("date: words", "date", _fill("two thousand and four ", size)),
        ("number: digits only", "number", "9" * size),
        ("number: number words", "number", _fill("one hundred and twenty ", size)),
        ("number: digit groups", "number", _fill("1,000,", size)),
        ("number: spaced groups", "number", _fill("1 000 ", size)),
        ("number: minus signs", "number", _fill("-1 ", size)),
        ("text: many words, near misses", "text", _fill("Alvargonzalex ", size)),
        ("text: one long word", "text", "a" * size),
        ("text: digits", "text", "1" * size),
        ("text: accents", "text", _fill("é ", size)),
        ("choice: '1,' repeated", "choice", _fill("1,", size)),
        ("choice: distinct numbers", "choice", _fill(",".join(map(str, range(1, 9999))), size)),
        ("choice: 'and' repeated", "choice", _fill("and ", size)),
        ("choice: words", "choice", _fill("kuwait bahrain ", size)),
        ("choice: spaces", "choice", "1" + " " * (size - 1)),
        ("multi: '1,' repeated", "multi", _fill("1,", size)),
        ("multi: distinct words", "multi", _fill(",".join(f"w{i}" for i in range(9999)), size)),
        ("multi: '1 ' repeated", "multi", _fill("1 ", size)),
        ("multi: words", "multi", _fill("qatar and oman ", size)),
        ("order: '1,' repeated", "order", _fill("1,", size)),
        ("order: '1-' repeated", "order", _fill("1-", size)),
        ("order: digits run", "order", "1" * size),
        ("order: letters", "order", "a" * size),
        ("claim: letters", "claim", "s" * size),
        ("claim: words", "claim", _fill("not in source ", size)),
    ]


def questions() -> dict[str, Question]:
    by_kind: dict[str, Question] = {}
    for q in load_bank(BANK).questions:
        by_kind.setdefault(q.kind, q)
    return by_kind


def best_ms(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=MAX_ANSWER_CHARS)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", metavar="NAME", help="profile the case whose name has NAME")
    args = parser.parse_args()
    by_kind = questions()
    cpu_ref = best_ms(lambda: sum(range(10**6)), 5)
    print(f"load {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs, sum(range(1e6)) {cpu_ref:.1f} ms")
    print(f"answers of {args.size} characters (cap: {MAX_ANSWER_CHARS})")
    worst = 0.0
    for name, kind, answer in cases(args.size):
        question = by_kind[kind]
        options = present_options(question, 1) or None

        def run(q: Question = question, a: str = answer, o: object = options) -> object:
            return grade(q, a, o)  # type: ignore[arg-type]

        if args.profile:
            if args.profile in name:
                cProfile.runctx("run()", globals(), {"run": run}, "/tmp/grading.prof")
                pstats.Stats("/tmp/grading.prof").sort_stats("cumulative").print_stats(15)
            continue
        run()  # imports (rapidfuzz) and regex compilation off the clock
        ms = best_ms(run, args.repeat)
        worst = max(worst, ms)
        result = grade(question, answer, options)
        verdict = "valid" if result.valid else "not an answer"
        print(f"  {ms:8.2f} ms  {name:<38} ({verdict})")
    if args.profile:
        return 0
    over = " OVER TARGET" if worst > TARGET_MS else ""
    print(f"max {worst:.2f} ms (target {TARGET_MS:.0f} ms){over}")
    # And past the cap: the length check alone.
    long = "1," * 500_000
    ms = best_ms(lambda: grade(by_kind["choice"], long), args.repeat)
    print(f"'1,' * 500000 (past the cap): {ms:.3f} ms")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
