"""When Python's cyclic garbage collector runs: the whole policy, and the only module of
`quiz` that calls `gc`. Each rule is there because a bench measured it (bench/README.md).

* **Loading a bank** (`paused`): the YAML tree is acyclic and short-lived, and collections
  keep rescanning it while it grows; pausing collection while it is built and read saves about
  40% on a big bank.
* **Starting the app** (`hold` before Textual is imported): importing Textual and starting the
  app allocate enough objects to set off several full collections that free nothing. The app
  collects once its first screen is painted (`collect`), and collection is on from then on.
* **A keypress and its frame** (`hold`, then `collect` after the frame is painted): a full
  collection walks every tracked object, several frames' worth with the app loaded, and Python
  starts one whenever enough objects have piled up. So the app collects right after each
  painted frame (a question, a feedback) while the learner reads, and not between the Enter
  key and the feedback.
* **Freeze and a higher young threshold** (set by the first `collect`, for the rest of the
  process): the objects left after the first collection (modules, classes, the screens that
  live as long as the app) are frozen, so that no later collection walks them again; and young
  collections (every 700 net new objects by default) run every 5,000, since drawing one frame
  allocates thousands of objects that reference counting frees before any collection looks.
  Both stay set because the process is the app's: `quiz play` and a served tab end with it.

Collection is never off for longer than a load or a frame.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from time import monotonic

YOUNG_THRESHOLD = 5_000  # objects; Python's default is 700
DEDUP_SECONDS = 0.05  # a second request this soon after a collection adds nothing
_frozen = False
_last = -1.0  # monotonic() at the end of the last collection


@contextmanager
def paused() -> Iterator[None]:
    """No collection inside the block; collection is as it was after it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def hold() -> None:
    """No collection until the next `collect`: for the app's start, and for the work between a
    keypress and its frame (typing an answer leaves the young generation part full, and the
    frame's own objects could set off a collection in the middle of it)."""
    gc.disable()


def collect(before: Callable[[], object] | None = None) -> None:
    """Turn collection on and collect now (a frame has just been painted), after `before`
    (caches to empty first). The first call also freezes what survives and raises the young
    threshold."""
    global _frozen, _last
    gc.enable()
    if monotonic() - _last < DEDUP_SECONDS:
        return
    if before is not None:
        before()
    gc.collect()
    if not _frozen:
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
        _frozen = True
    _last = monotonic()
