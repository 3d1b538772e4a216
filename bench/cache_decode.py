"""The bank cache's hit against a parse: what reading the shipped bank costs either way.

    .venv/bin/python bench/cache_decode.py [--runs 11]

In fresh processes (bytecode cached, Textual already imported, as in `quiz play`): the time
from importing `quiz.bank.cache` to holding the Bank, with a warm cache (JSON decoded) and
with none (PyYAML imported and the YAML parsed). In one process: `json.loads` plus
`bank_from_dict` of the cached data, against `load_bank` (the parse alone, PyYAML imported).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "questions" / "kuwait-nato.yaml"

CHILD = """
import time, textual.app
t = time.perf_counter()
from pathlib import Path
from quiz.bank.cache import load_bank_cached
cache = {cache!r}
load_bank_cached(Path({bank!r}), Path(cache) if cache else None)
print((time.perf_counter() - t) * 1000)
"""


def child(env: dict[str, str], cache: str | None) -> float:
    code = CHILD.format(bank=str(BANK), cache=cache)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": f"{tmp}/pyc"}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        cache = f"{tmp}/cache"
        child(env, cache)  # fills the cache and the bytecode
        child(env, None)
        hits, misses = [], []
        for _ in range(args.runs):
            hits.append(child(env, cache))
            misses.append(child(env, None))
    for name, values in (("cache hit (JSON)", hits), ("no cache (YAML)", misses)):
        print(
            f"{name:18} median {statistics.median(values):7.2f} ms  "
            f"min {min(values):7.2f} ms  max {max(values):7.2f} ms"
        )

    sys.path.insert(0, str(ROOT))
    import json

    from quiz.bank.load import load_bank
    from quiz.bank.model import bank_from_dict, bank_to_dict

    payload = json.dumps(bank_to_dict(load_bank(BANK))).encode()

    def best(func) -> float:  # type: ignore[no-untyped-def]
        return min(timeit.repeat(func, number=20, repeat=5)) / 20 * 1000

    decode = best(lambda: bank_from_dict(json.loads(payload)))
    parse = best(lambda: load_bank(BANK))
    print(f"in one process: JSON decode + bank_from_dict {decode:.2f} ms; load_bank {parse:.2f} ms")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
