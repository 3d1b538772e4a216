"""How long `quiz export` takes on the shipped bank, per format (target: under 1 s each).

    python bench/export_speed.py [--runs 7]

Each run is a fresh `python -m quiz export questions/kuwait-nato.yaml --format F -o FILE`
process, as a teacher runs it: start-up, `quiz check` of the bank, and the writing. The median,
min and max of the wall time are printed per format, with the in-process time of the export
alone (check, load and render; best of the runs) to show where the time goes."""

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
BANK = ROOT / "questions" / "kuwait-nato.yaml"
FORMATS = ("gift", "moodle-xml", "anki", "csv", "bundle")
SUFFIX = {"gift": "gift", "moodle-xml": "xml", "anki": "apkg", "csv": "csv", "bundle": "yaml"}


def cpu_reference() -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - start)
    return best


def in_process(fmt: str, runs: int) -> float:
    code = (
        "import sys, time\nfrom pathlib import Path\n"
        "from quiz.export import export_bank\n"
        "best = 1e9\n"
        f"for _ in range({runs}):\n"
        "    t = time.perf_counter()\n"
        f"    export_bank(Path({str(BANK)!r}), {fmt!r})\n"
        "    best = min(best, time.perf_counter() - t)\n"
        "print(best)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env=env)
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{os.cpu_count()} CPUs; cpu reference sum(range(10**6)): {cpu_reference() * 1e3:.1f} ms")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    print(f"\n{'format':<11} {'median':>8} {'min':>8} {'max':>8}   in-process (best)")
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in FORMATS:
            target = Path(tmp) / f"out.{SUFFIX[fmt]}"
            argv = [sys.executable, "-m", "quiz", "export", str(BANK), "--format", fmt]
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                subprocess.run([*argv, "-o", str(target)], check=True, capture_output=True, env=env)
                times.append(time.perf_counter() - start)
            inside = in_process(fmt, args.runs)
            print(
                f"{fmt:<11} {statistics.median(times) * 1e3:>6.0f}ms {min(times) * 1e3:>6.0f}ms "
                f"{max(times) * 1e3:>6.0f}ms   {inside * 1e3:.0f} ms"
            )
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
