"""Keeping Python's garbage collections off the keypress path.

Measured with bench/feedback_latency.py on the run screen (the figures are in bench/README.md,
"Figures behind the code"):

* A full (generation 2) collection walks every tracked object, which takes several frames
  with the app loaded, and Python starts one whenever enough objects have piled up, so now and
  then an answer's feedback came late. Now the run screen collects right after each of its
  frames (a question, a feedback) has been painted, while the learner reads: no keypress
  waits on it, and the counts start again from zero.
* The first of those collections freezes what is left (`gc.freeze`): the objects of the
  modules, classes and screens that live as long as the app, which no later collection then
  walks again, so a collection after a frame costs a fraction of what it did.
* Young collections (generations 0 and 1, every 700 net new objects by default) still ran
  between the Enter key and the feedback frame, one or two per answer, since drawing a frame
  in Textual allocates thousands of objects. With the first threshold at 5,000 they run after
  the frame instead, in the collection above, and most of those objects are freed by
  reference counting before any collection has to look at them.

Collection stays on everywhere: only when it runs changes.
"""

from __future__ import annotations

import gc
from time import monotonic

from textual._styles_cache import StylesCache
from textual.widget import Widget

YOUNG_THRESHOLD = 5_000  # objects; Python's default is 700
DEDUP_SECONDS = 0.05  # a second request this soon after a collection adds nothing
_frozen = False
_last = -1.0  # monotonic() at the end of the last collection


def hold_collections() -> None:
    """No collection at all until `collect_after_paint`'s has run: for the work between a
    keypress and its frame. Typing an answer leaves the young generation part full, and the
    feedback frame's own objects could then set off a collection in the middle of it."""
    gc.disable()


def collect_after_paint(widget: Widget) -> None:
    """Collect garbage just after the frame being prepared has been painted, and turn
    collection back on."""
    # Through the app, which outlives any screen: a request must never be lost while
    # collection is held.
    widget.app.call_after_refresh(_collect)


def _collect() -> None:
    global _frozen, _last
    # `quiz` starts the app with collection off (quiz.cli._tui), and `hold_collections`
    # turns it off for an answer: after a paint is where it goes on again.
    gc.enable()
    if monotonic() - _last < DEDUP_SECONDS:
        return
    # Textual 8.2.8 caches StylesCache.get_inner_outer with lru_cache on the instance, which
    # keeps up to 1024 dead widgets' style caches (and their rendered lines) alive: a leak in
    # Textual itself, so drop this once a Textual release clears that cache. Emptying it costs
    # the live widgets two Style objects each.
    inner_outer = getattr(StylesCache, "get_inner_outer", None)
    if hasattr(inner_outer, "cache_clear"):
        inner_outer.cache_clear()
    gc.collect()
    if not _frozen:
        gc.freeze()
        _, middle, old = gc.get_threshold()
        gc.set_threshold(YOUNG_THRESHOLD, middle, old)
        _frozen = True
    _last = monotonic()
