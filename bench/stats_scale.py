"""`quiz stats` at scale: a store with 100,000 attempts over a 50-question bank, then the time of
`Store.bank_stats()` (the work behind `quiz stats`). Target: under 200 ms.

    .venv/bin/python bench/stats_scale.py [--attempts 100000] [--questions 50] [--keep DIR]

Runs ask every question of the bank once (50 answers each, so 2,000 runs for 100,000 attempts),
one a day apart, through the public Store API (in batches of 20 runs so that generating does not
pay an fsync per answer). The figures are medians over several calls on a warm connection, plus
the first call on a freshly opened store.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.store import Store

BANK = "bench-bank"
T0 = datetime(2020, 1, 1, 8, 0, tzinfo=UTC)
TARGET_MS = 200.0


def generate(path: Path, attempts: int, questions: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    qids = [f"q{i:02d}" for i in range(questions)]
    difficulty = {q: rng.uniform(0.4, 0.95) for q in qids}  # chance of a right answer
    runs = 0
    done = 0
    with Store(path) as store:
        while done < attempts:
            with store.batch():  # 20 runs per commit: generating is not what is measured
                for _ in range(20):
                    if done >= attempts:
                        break
                    done += _one_run(store, rng, qids, difficulty, runs, attempts - done)
                    runs += 1
    return runs


def _one_run(
    store: Store,
    rng: random.Random,
    qids: list[str],
    difficulty: dict[str, float],
    number: int,
    most: int,
) -> int:
    started = T0 + timedelta(days=number)
    run = store.start_run(BANK, rng.choice(["practice", "review"]), number, None, started)
    order = qids[:]
    rng.shuffle(order)
    order = order[:most]
    at = started
    score = 0.0
    for qid in order:
        hint = rng.random() < 0.1
        right = rng.random() < difficulty[qid]
        credit = (0.5 if hint else 1.0) if right else rng.choice([0.0, 0.0, 0.5])
        elapsed = rng.uniform(2.0, 40.0)
        at += timedelta(seconds=elapsed)
        store.record_attempt(run, BANK, qid, "h" + qid, "answer", credit, hint, elapsed, at)
        score += credit
    store.finish_run(run, at, score, float(len(order)))
    return len(order)


def timed(call: Callable[[], object], repeat: int) -> tuple[float, float, float]:
    """(median wall time, min wall time, median CPU time) in milliseconds over `repeat` calls.
    CPU time is the work itself (SQLite runs in this process); wall time also counts waiting for
    a busy machine."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--keep", type=Path, help="build the store in this directory and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="factquiz-bench-"))
    path = folder / "progress.sqlite3"
    if path.exists():
        sys.exit(f"{path} exists; pass another --keep directory")
    start = time.perf_counter()
    runs = generate(path, args.attempts, args.questions)
    build = time.perf_counter() - start
    size = path.stat().st_size + sum(
        p.stat().st_size for p in folder.glob("progress.sqlite3-*") if p.exists()
    )
    print(f"store: {path}")
    print(
        f"built: {args.attempts:,} attempts, {args.questions} questions, {runs:,} runs"
        f" in {build:.1f} s ({size / 1e6:.1f} MB)"
    )

    now = T0 + timedelta(days=runs + 1)
    start = time.perf_counter()
    with Store(path) as store:
        stats = store.bank_stats(BANK, now)
    first = (time.perf_counter() - start) * 1000
    print(f"open + first bank_stats: {first:.1f} ms")

    with Store(path) as store:
        store.bank_stats(BANK, now)  # warm the page cache
        rows = [
            ("bank_stats", lambda: store.bank_stats(BANK, now)),
            ("latest_attempts (mistakes)", lambda: store.latest_attempts(BANK)),
            ("due_question_ids (review)", lambda: store.due_question_ids(BANK, now)),
            ("known_banks", store.known_banks),
        ]
        results = {name: timed(call, args.repeat) for name, call in rows}
    for name, (median, fastest, cpu) in results.items():
        print(f"{name:28} median {median:7.1f} ms   min {fastest:7.1f} ms   CPU {cpu:7.1f} ms")
    print(
        f"figures: attempts={stats.attempts:,} correct={stats.correct:,}"
        f" accuracy={stats.accuracy:.3f} due={stats.due} best_streak={stats.best_streak}"
        f" runs_shown={len(stats.runs)}"
    )
    median, _, cpu = results["bank_stats"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    verdict = "OK" if median < TARGET_MS else "OVER TARGET"
    print(
        f"bank_stats median {median:.1f} ms (CPU {cpu:.1f} ms) vs target {TARGET_MS:.0f} ms:"
        f" {verdict}   [load average {load:.2f} on {os.cpu_count()} CPUs]"
    )
    return 0 if median < TARGET_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())
