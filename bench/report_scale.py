"""`quiz report` at scale: a class store of S students x Q questions, then the time of the whole
report (read the store, build every figure, render the JSON document), and the same from S
result files. Targets: 200 x 60 under 1 s, 2,000 x 60 under 5 s, growing linearly.

    .venv/bin/python bench/report_scale.py [--students 200 2000] [--questions 60] [--runs 3]

The store is generated through the public Store API in one batch (one transaction); every
student answers every question of one bank version, a choice question in four, with a skill
per student and a difficulty per question so the figures are not degenerate. The times are
the best of `--runs` calls, each on a freshly opened store; the files variant reads S result
files written from the same data.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz.report.build import build_report
from quiz.report.load import read_results_file, read_store
from quiz.report.render import write_json
from quiz.store import Store

BANK = "bench-bank"
T0 = datetime(2025, 1, 1, 8, 0, tzinfo=UTC)
TARGETS = {200: 1.0, 2000: 5.0}
OPTIONS = ("alpha", "beta", "gamma", "delta")


def generate(path: Path, students: int, questions: int, seed: int = 1) -> list[dict]:
    """The class store, and the result documents of the same runs."""
    rng = random.Random(seed)
    difficulty = [rng.uniform(-1.5, 1.5) for _ in range(questions)]
    docs = []
    with Store(path) as store, store.batch():
        for s in range(students):
            name = f"student-{s:04d}"
            skill = rng.gauss(0, 1)
            started = T0 + timedelta(minutes=s)
            presented = tuple((f"q{q:02d}", 1.0) for q in range(questions))
            run = store.start_run(BANK, "exam", 7, name, started, class_name="bench",
                                  bank_hash="v1", presented=presented)  # fmt: skip
            answers = []
            for q in range(questions):
                right = rng.random() < 1 / (1 + 2.718 ** (difficulty[q] - skill))
                chosen = OPTIONS[0] if right else rng.choice(OPTIONS[1:])
                at = started + timedelta(seconds=20 * (q + 1))
                store.record_attempt(
                    run, BANK, f"q{q:02d}", "h", chosen, float(right), False, 20.0, at,
                    fuzz=False, number=q + 1, kind="choice", prompt=f"Question {q}?",
                    options=OPTIONS, chosen=(chosen,), answer_key=(OPTIONS[0],), points=1.0,
                )  # fmt: skip
                answers.append({"id": f"q{q:02d}", "number": q + 1, "kind": "choice",
                                "prompt": f"Question {q}?", "options": list(OPTIONS),
                                "response": chosen, "chosen": [chosen], "key": [OPTIONS[0]],
                                "credit": float(right), "points": 1.0, "skipped": False,
                                "time_taken": 20.0, "answered_at": at.isoformat()})  # fmt: skip
            finished = started + timedelta(seconds=20 * questions + 5)
            score = sum(a["credit"] for a in answers)
            store.finish_run(run, finished, score, float(questions))
            docs.append({"format": "factquiz-results/2", "bank": BANK, "bank_hash": "v1",
                         "learner": name, "status": "finished", "started": started.isoformat(),
                         "finished": finished.isoformat(), "duration": 20.0 * questions + 5,
                         "unanswered": [], "answers": answers})  # fmt: skip
    return docs


def best_of(runs: int, fn) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, nargs="+", default=[200, 2000])
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} CPUs")
    t = time.perf_counter()
    sum(range(10**6))
    print(f"CPU reference sum(range(10**6)): {1000 * (time.perf_counter() - t):.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.students:
            path = Path(tmp) / f"class-{n}.sqlite3"
            docs = generate(path, n, args.questions)
            folder = Path(tmp) / f"files-{n}"
            folder.mkdir()
            files = []
            for i, doc in enumerate(docs):
                files.append(folder / f"{i:04d}.json")
                files[-1].write_text(json.dumps(doc))

            def from_store(path: Path = path) -> None:
                report = build_report(read_store(path, class_name="bench"))
                write_json(report, io.StringIO())

            def from_files(files: list[Path] = files) -> None:
                report = build_report(read_results_file(f) for f in files)
                write_json(report, io.StringIO())

            loaded = read_store(path)

            def build_only(attempts: list = loaded) -> None:
                build_report(attempts)

            store_s = best_of(args.runs, from_store)
            files_s = best_of(args.runs, from_files)
            build_s = best_of(args.runs, build_only)
            target = TARGETS.get(n)
            verdict = "" if target is None else f" (target {target:g} s)"
            print(
                f"{n:>5} students x {args.questions} questions: store {store_s:.3f} s, files"
                f" {files_s:.3f} s, figures alone {build_s:.3f} s{verdict};"
                f" {1e6 * store_s / (n * args.questions):.1f} us per answer"
            )


if __name__ == "__main__":
    main()
