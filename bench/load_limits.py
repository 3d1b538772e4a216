"""The loader's and the locator's limits, timed: what the tests check for behaviour only.

    .venv/bin/python bench/load_limits.py [--runs 5]

- a bank of 10,000 questions (every kind in turn) loads: target under 3 s of CPU;
- a "billion laughs" bank (nine levels of nine aliases) is refused: target under 1 s;
- a 4 GiB sparse file is refused before it is read: target under 0.5 s;
- 10,000 quotes located over 100 articles (`Document.find`, the work behind `quiz check`):
  target under 2 s of CPU.

Each figure is the best of --runs, in CPU time (`time.process_time`), so other processes on the
machine count for little; the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.bank.load import MAX_BANK_BYTES, load_bank
from quiz.bank.model import KINDS
from quiz.errors import QuizError
from quiz.sources import Document

REPO = Path(__file__).resolve().parent.parent
HEAD = "bank: bench\ntitle: Bench\nsource:\n  path: article.txt\nquestions:\n"
ANSWERS = {
    "choice": "    choices: [Bahrain, Kuwait, Qatar, Oman]\n    answer: Kuwait\n",
    "multi": "    choices: [Bahrain, Kuwait, Qatar, Oman]\n    answer: [Bahrain, Qatar]\n",
    "number": "    answer: 2,600\n    tolerance: 5\n    unit: officers\n",
    "date": "    answer: 2017-01\n",
    "text": "    answer: Jassim Al Budiawi\n    accept: [Al Budiawi]\n",
    "claim": "    answer: supported\n",
    "order": "    items: [first, second, third]\n",
}


def big_bank(folder: Path, count: int = 10_000) -> Path:
    (folder / "article.txt").write_text(
        "478 officers from ICI and GCC countries were trained.\n", encoding="utf-8"
    )
    parts = [HEAD]
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        parts.append(
            f"  - id: question-{i}\n    kind: {kind}\n"
            f"    prompt: How many officers were trained in the first year, take {i}?\n"
            f"{ANSWERS[kind]}    cite: 478 officers from ICI and GCC countries were trained\n"
        )
    path = folder / "big.yaml"
    path.write_text("".join(parts), encoding="utf-8")
    return path


def laughs(folder: Path) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    path = folder / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def huge(folder: Path) -> Path:
    path = folder / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_BANK_BYTES * 1024)  # sparse: never read
    return path


def refused(path: Path) -> Callable[[], None]:
    def run() -> None:
        try:
            load_bank(path)
        except QuizError:
            return
        raise SystemExit(f"{path} was not refused")

    return run


def locate_10k() -> Callable[[], None]:
    articles = [REPO / "seeds" / "kuwait-nato-mission.txt"]
    articles += sorted((REPO / "tests" / "data" / "articles").glob("*.txt"))
    base = "\n\n".join(Document.read(p).text for p in articles)[:5000]
    docs = [Document.from_text(f"Article {n}.\n\n{base}") for n in range(100)]
    quotes = [docs[0].sentence_text(s) for s in docs[0].sentences[1:-1]]

    def run() -> None:
        found = sum(len(doc.find(quotes[i % len(quotes)])) for doc in docs for i in range(100))
        if found < 10_000:
            raise SystemExit(f"only {found} of 10,000 quotes found")

    return run


def best_cpu(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"CPUs: {os.cpu_count()}\n")
    over = 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big = big_bank(folder)
        cases = [
            ("load 10,000 questions", lambda: load_bank(big), 3.0),
            ("refuse a billion laughs", refused(laughs(folder)), 1.0),
            ("refuse a 4 GiB file", refused(huge(folder)), 0.5),
            ("locate 10,000 quotes", locate_10k(), 2.0),
        ]
        for name, fn, target in cases:
            seconds = best_cpu(fn, args.runs)
            verdict = "ok" if seconds < target else "OVER TARGET"
            over += seconds >= target
            print(f"{name:26} {seconds * 1000:9.1f} ms CPU   target < {target:.1f} s   {verdict}")
    print(f"\nload average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if over else 0


if __name__ == "__main__":
    raise SystemExit(main())
