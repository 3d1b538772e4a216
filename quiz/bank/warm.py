"""Fill the bank cache in a helper process, beside a first start that would otherwise parse.

A start with no usable cache entry for its bank (the first after an install, after an edit of
the bank, or after an upgrade of factquiz) must import PyYAML and parse the bank before its
first question: about 16 ms, most of what such a start costs over a later one. `quiz play
BANK` therefore starts this helper on another CPU before it imports Textual (the longest part
of any start): the helper has usually written the entry by the time the app asks for the
bank, which it then reads as a hit.

The helper only ever saves time. It is not started with one CPU (it would compete with the
app), nor when the entry looks fresh; and whether it is late, fails or is killed, the app
loads the bank itself exactly as it would without it (the cache's own checks decide what is
used). It prints nothing, reads no input, and is bounded: the loader's limits, and an alarm.

    python -m quiz.bank.warm CACHE_FOLDER BANK...
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quiz import lazy
from quiz.bank.cache import load_bank_cached, needs_warming
from quiz.errors import QuizError

if TYPE_CHECKING:
    import subprocess
else:
    subprocess = lazy.module("subprocess")  # only when there is something to warm

HELPER_SECONDS = 30  # far above any bank the loader takes (10,000 questions load in ~3 s)


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def start(folder: Path, banks: Sequence[Path]) -> subprocess.Popen[bytes] | None:
    """Start the helper for the `banks` whose entry in `folder` looks missing or stale; None
    when there is none, with a single CPU, or when the helper cannot be started."""
    todo = [bank for bank in banks if needs_warming(bank, folder)]
    if not todo or _cpus() < 2:
        return None
    try:
        return subprocess.Popen(
            # -P: the working folder is not put on sys.path, so a `quiz` package planted in
            # it is never what runs.
            [sys.executable, "-P", "-m", "quiz.bank.warm", str(folder), *map(str, todo)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl+C or a hang-up meant for the app is not its
        )
    except OSError:  # no interpreter to run it: the app parses, as without a helper
        return None


def finish(helper: subprocess.Popen[bytes], timeout: float = 5.0) -> None:
    """Reap the helper when the app is done; one still running after `timeout` is killed."""
    try:
        helper.wait(timeout)
    except subprocess.TimeoutExpired:
        helper.kill()
        helper.wait()


def _warm(argv: Sequence[str]) -> None:
    signal.alarm(HELPER_SECONDS)  # SIGALRM's default action ends the process
    folder, *banks = argv
    for bank in banks:
        try:
            load_bank_cached(Path(bank), Path(folder))
        except QuizError:  # the app loads it too, and says what is wrong
            continue


if __name__ == "__main__":
    _warm(sys.argv[1:])
