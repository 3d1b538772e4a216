"""`quiz draft` on a 1,000-word article: target under 1 s.

    .venv/bin/python bench/draft_speed.py [--runs 5]

The article is the test articles of tests/data/articles (and the shipped bank's article)
joined paragraph by paragraph until it holds 1,000 words. Prints the draft's size, the best and
median in-process time (read, analyse, build, write the YAML) and the median wall time of the
whole command (`python -m quiz draft`, interpreter start-up included).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quiz.draft import draft_text  # noqa: E402

SOURCES = [
    *sorted((ROOT / "tests" / "data" / "articles").glob("*.txt")),
    ROOT / "seeds" / "kuwait-nato-mission.txt",
]
WORDS = 1000


def article() -> str:
    paragraphs: list[str] = []
    words = 0
    for path in SOURCES:
        for p in path.read_text(encoding="utf-8").split("\n\n"):
            if words >= WORDS:
                break
            paragraphs.append(p.strip())
            words += len(p.split())
    return "\n\n".join(paragraphs) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(article(), encoding="utf-8")
        bank = Path(tmp) / "long.yaml"
        print(f"article: {len(path.read_text().split())} words")
        times = []
        text = ""
        for _ in range(args.runs):
            start = time.perf_counter()
            text = draft_text(path, bank)
            times.append(time.perf_counter() - start)
        print(f"draft: {text.count('  - id: ')} questions, {len(text.splitlines())} lines")
        best, median = min(times) * 1000, statistics.median(times) * 1000
        print(f"in process: best {best:.0f} ms, median {median:.0f} ms")
        walls = []
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "quiz", "draft", str(path), "-o", str(bank)],
                check=True, env=env, capture_output=True,
            )  # fmt: skip
            walls.append(time.perf_counter() - start)
        print(f"command: median {statistics.median(walls) * 1000:.0f} ms (target < 1000 ms)")
        bare = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(
                [sys.executable, "-c", "import quiz.draft"],
                check=True,
                env=env,
                capture_output=True,
            )
            bare.append(time.perf_counter() - start)
        print(f"of which start-up and imports: median {statistics.median(bare) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
