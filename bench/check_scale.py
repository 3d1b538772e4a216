"""How `quiz check` scales: 10,000 questions over 100 articles (target: under 2 s), and its
peak memory at several sizes (target: growing linearly).

    python bench/check_scale.py [--runs 5]

Each measurement is a fresh `python -m quiz check --strict` process, as an author runs it."""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NAMES = [
    "Amara",
    "Bogdan",
    "Chiara",
    "Dmitri",
    "Elif",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Kofi",
    "Leila",
    "Mateo",
    "Nadia",
    "Olek",
    "Priya",
]
PLACES = [
    "Ashford",
    "Brinmoor",
    "Caldera",
    "Dunmore",
    "Eastwick",
    "Fairholm",
    "Glenrock",
    "Harrow",
    "Ivybridge",
    "Juniper",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def make_corpus(root: Path, articles: int, per_article: int, seed: int = 1) -> int:
    """Write `articles` articles and one bank per article; returns the question count."""
    rng = random.Random(seed)
    (root / "seeds").mkdir(parents=True)
    (root / "questions").mkdir()
    total = 0
    for a in range(articles):
        paragraphs: list[str] = []
        questions: list[str] = []
        for i in range(per_article):
            n = a * 100_000 + i * 7 + rng.randrange(5)
            name = f"{rng.choice(NAMES)} {rng.choice(NAMES)}son"
            place = rng.choice(PLACES)
            month = rng.randrange(12)
            year = 1990 + rng.randrange(30)
            sentence = (
                f"In {MONTHS[month]} {year} the council of {place} counted {n:,} "
                f"visitors, said {name}, item {a}-{i}."
            )
            paragraphs.append(sentence + " The figures were published later that week.")
            kind = i % 3
            if kind == 0:
                questions.append(
                    f"  - id: q{i}\n    kind: number\n    prompt: How many visitors ({a}-{i})?\n"
                    f'    answer: {n}\n    cite: "counted {n:,} visitors, said {name}, '
                    f'item {a}-{i}"\n    tags: [counts]\n'
                )
            elif kind == 1:
                questions.append(
                    f"  - id: q{i}\n    kind: date\n    prompt: When ({a}-{i})?\n"
                    f'    answer: "{year}-{month + 1:02d}"\n'
                    f'    cite: "In {MONTHS[month]} {year} the council of {place} counted '
                    f'{n:,}"\n    tags: [dates]\n'
                )
            else:
                questions.append(
                    f"  - id: q{i}\n    kind: text\n    prompt: Who spoke ({a}-{i})?\n"
                    f'    answer: {name}\n    cite: "said {name}, item {a}-{i}"\n'
                    f"    tags: [people]\n"
                )
        (root / "seeds" / f"a{a}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        header = (
            f"bank: bench-{a}\ntitle: Bench {a}\nsource:\n  path: ../seeds/a{a}.txt\nquestions:\n"
        )
        (root / "questions" / f"b{a}.yaml").write_text(
            header + "".join(questions), encoding="utf-8"
        )
        total += per_article
    return total


def time_check(folder: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds (user + sys of the check and its workers), summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "quiz", "check", "--strict", str(folder)],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"check failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, result.stdout.strip().splitlines()[-1]


def rss_of(folder: Path) -> int:
    """Peak RSS of a single-process check (workers would hide their memory from us)."""
    code = (
        "import resource, sys\nfrom quiz.checker.check import check_paths\n"
        "from pathlib import Path\n"
        "check_paths([Path(sys.argv[1])], strict=True, jobs=1)\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder)], capture_output=True, text=True
    )
    return int(result.stderr.strip().splitlines()[-1])


def baseline_rss() -> int:
    code = (
        "import resource, sys\nimport quiz.cli, quiz.checker.check\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    return int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sizes = [(10, 100), (50, 100), (100, 100)]
        base = baseline_rss()
        print(f"baseline (python + quiz imported): {base / 1024:.1f} MiB")
        print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
        for articles, per in sizes:
            folder = root / f"c{articles}"
            n = make_corpus(folder, articles, per)
            runs = [time_check(folder / "questions") for _ in range(args.runs)]
            walls = [w for w, _, _ in runs]
            cpus = [c for _, c, _ in runs]
            rss = rss_of(folder / "questions")
            print(
                f"{n:>6} questions / {articles:>3} articles: "
                f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}, "
                f"max {max(walls):.3f}); CPU median {statistics.median(cpus):.3f} s; "
                f"peak RSS {rss / 1024:.1f} MiB (+{(rss - base) / 1024:.1f} MiB over baseline); "
                f"{runs[0][2]}"
            )
        print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
