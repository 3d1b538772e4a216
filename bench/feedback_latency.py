"""Feedback latency: from the keypress that submits an answer to the feedback being painted.

    .venv/bin/python bench/feedback_latency.py [--answers 30] [--data-dir DIR]

Target: the feedback on screen within one frame (16 ms) of app work.

The real QuizApp runs headless (`App.run_test(size=(100, 30))`) on the shipped bank, practice
mode, seed 1, with a fresh store in a temporary data directory (or under --data-dir, to put
the SQLite file on a given disk). Pilot only moves the run along; the timed keys bypass it.

For each answer:

* t0: the Enter key event is handed to the driver (`driver.send_message(events.Key(...))`,
  what the terminal driver's input thread does), and the main thread's CPU clock is read;
* t1: the first frame in which the run screen shows its feedback (its state says so and the
  frame's text holds "Right answer") has been composited *and* rendered into the
  escape-sequence string a terminal would receive (the headless driver skips that step, so
  the bench's App subclass does it in `_display` and counts it).

Reported per answer:

* latency: t1 - t0, wall clock (includes waiting for Textual's frame timer and for the
  core thread, which does the grading and the SQLite commit);
* app CPU: the main thread's CPU time between t0 and t1, plus the CPU time the core thread
  spent on that answer's call (`time.thread_time()`, so time spent waiting for the CPU on a
  busy machine, for fsync, or for a timer does not count);
* the same two figures for a minimal keypress on the question screen just before (a typed
  character echoed in the input, or the highlight moved in a list), measured the same way;
  "app work" is the feedback figure minus that baseline: the cost of the feedback over the
  cheapest possible key-to-paint path of the same app;
* phases: key -> core call submitted, core call (wall and CPU; SQLite commit with
  synchronous=FULL happens here), core done -> the run screen told to show the feedback
  (`RunScreen.show_feedback`), shown -> painted;
* settled (t2): the first frame after the work the run screen leaves until after the
  feedback frame (focus to the feedback, the footer's keys rebuilt, a garbage collection):
  latency, CPU and the collections in it, so that deferred work is reported, not hidden.

The first answer (cold: the feedback pane laid out and painted for the first time) is shown
apart and left out of the medians.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import functools
import gc
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from textual import events
from textual._compositor import CompositorUpdate
from textual.keys import _character_to_key
from textual.widgets._footer import FooterKey

from quiz.locations import Paths
from quiz.session import SessionConfig
from quiz.tui.app import QuizApp
from quiz.tui.core import CoreThread
from quiz.tui.screens.run import RunScreen
from quiz.tui.widgets.feedback import FeedbackBody

ROOT = Path(__file__).resolve().parent.parent
BANK = ROOT / "questions" / "kuwait-nato.yaml"
SIZE = (100, 30)
FEEDBACK_MARKER = "Right answer"
TIMEOUT = 10.0
ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")

perf = time.perf_counter
cpu = time.thread_time
PROFILE: cProfile.Profile | None = None


@dataclass
class Probe:
    """One timed keypress: done when a frame of a screen in the wanted state holds the text."""

    ready: Callable[[Any], bool]  # the screen is in the wanted state
    text: str
    t0: float = 0.0
    cpu0: float = 0.0
    t1: float | None = None
    cpu1: float = 0.0
    frames: int = 0  # frames composited before the wanted one
    done: asyncio.Event = field(default_factory=asyncio.Event)
    marks: dict[str, float] = field(default_factory=dict)
    core_wall: float = 0.0
    core_cpu: float = 0.0
    gc_ms: float = 0.0  # cyclic GC collections (any generation) inside the window
    # Optionally, also when the app has settled after the wanted frame (see `settled_ready`).
    settled: Callable[[Any], bool] | None = None
    t2: float | None = None
    cpu2: float = 0.0
    gc_settle_ms: float = 0.0  # collections between t0 and t2
    settled_done: asyncio.Event = field(default_factory=asyncio.Event)
    profile: cProfile.Profile | None = None  # --profile: the main thread from t0 to t1


class GCWatch:
    """Adds the time of every garbage collection to the probe that is open, if any."""

    def __init__(self) -> None:
        self.probe: Probe | None = None
        self._start = 0.0
        self.full: list[float] = []  # ms of every generation-2 collection in the whole run

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = perf()
            return
        ms = (perf() - self._start) * 1000
        if info["generation"] == 2:
            self.full.append(ms)
        probe = self.probe
        if probe is not None and probe.t1 is None:
            probe.gc_ms += ms
        if probe is not None and probe.settled is not None and probe.t2 is None:
            probe.gc_settle_ms += ms


GC = GCWatch()


class TimedCore(CoreThread):
    """The app's core thread, timing each call from inside the thread."""

    def __init__(self, app: TimedQuizApp) -> None:
        super().__init__()
        self.app = app

    async def call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        probe = self.app.probe
        if probe is not None:
            probe.marks.setdefault("core_submitted", perf())

        def timed() -> Any:
            w0, c0 = perf(), cpu()
            try:
                return fn(*args, **kwargs)
            finally:
                if probe is not None:
                    probe.core_wall += perf() - w0
                    probe.core_cpu += cpu() - c0

        result = await super().call(timed)
        if probe is not None:
            probe.marks.setdefault("core_back", perf())
        return result


class TimedQuizApp(QuizApp):
    probe: Probe | None = None

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.core = TimedCore(self)
        self.cursor_blink = False  # no blink frames between the key and the frame we wait for

    def _display(self, screen: Any, renderable: Any) -> None:
        probe = self.probe
        if (
            probe is not None
            and (probe.t1 is None or (probe.settled is not None and probe.t2 is None))
            and renderable is not None
            and isinstance(renderable, CompositorUpdate)
        ):
            # What a terminal driver does with the frame, which the headless one skips.
            painted = renderable.render_segments(self.console)
            if probe.t1 is None:
                if probe.ready(screen) and probe.text in ANSI.sub("", painted):
                    probe.t1, probe.cpu1 = perf(), cpu()
                    if probe.profile is not None:
                        probe.profile.disable()
                    probe.done.set()
                else:
                    probe.frames += 1
            if probe.t1 is not None and probe.settled is not None and probe.settled(screen):
                probe.t2, probe.cpu2 = perf(), cpu()
                probe.settled_done.set()
        super()._display(screen, renderable)


def patch_marks() -> None:
    """Timestamps inside the app's path, for the phase breakdown (this process only)."""

    def mark(cls: type, name: str, label: str) -> None:
        original = getattr(cls, name)

        @functools.wraps(original)
        def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            probe = getattr(self.app, "probe", None)
            if probe is not None:
                probe.marks.setdefault(label, perf())
            return original(self, *args, **kwargs)

        setattr(cls, name, wrapper)

    mark(RunScreen, "show_feedback", "feedback_shown")


def on_question(screen: Any) -> bool:
    return isinstance(screen, RunScreen) and not screen.showing_feedback


def on_feedback(screen: Any) -> bool:
    return isinstance(screen, RunScreen) and screen.showing_feedback


def feedback_settled(screen: Any) -> bool:
    """The work the run screen leaves until after the feedback frame is done: the focus is on
    the feedback and the footer offers Next (the garbage collection scheduled after the frame
    runs in between)."""
    return (
        on_feedback(screen)
        and screen.focused is screen.query_one(FeedbackBody)
        and any(key.action == "next" for key in screen.query(FooterKey))
    )


async def timed_key(app: TimedQuizApp, key: str, char: str | None, probe: Probe) -> Probe:
    app.probe = GC.probe = probe
    event = events.Key(key, char)
    event.set_sender(app)
    assert app._driver is not None
    probe.t0, probe.cpu0 = perf(), cpu()
    if probe.profile is not None:
        probe.profile.enable()
    app._driver.send_message(event)
    try:
        await asyncio.wait_for(probe.done.wait(), TIMEOUT)
        if probe.settled is not None:
            await asyncio.wait_for(probe.settled_done.wait(), TIMEOUT)
    finally:
        app.probe = GC.probe = None
    return probe


async def wait_for(pilot: Any, predicate: Any, what: str) -> None:
    deadline = perf() + TIMEOUT
    while not predicate():
        if perf() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await pilot.pause()


@dataclass
class Sample:
    number: int
    kind: str
    verdict: str
    latency: float  # ms
    cpu: float  # ms, main thread + core thread
    main_cpu: float
    core_cpu: float
    core_wall: float
    base_latency: float
    base_cpu: float
    phases: dict[str, float]
    frames: int
    gc_ms: float
    base_gc_ms: float
    settled_latency: float  # ms to the frame after the deferred work (see feedback_settled)
    settled_cpu: float  # main + core thread
    settled_gc_ms: float


def answer_keys(question: Any, options: tuple[str, ...], right: bool) -> tuple[list[str], str]:
    """Keys that enter an answer (not yet submitted), and the baseline key's kind."""
    kind = question.kind
    if kind in ("text", "number", "date"):
        if right:
            text = question.expected
        else:
            text = {"number": "987654", "date": "1901"}.get(kind, "not the answer")
        return list(text), "type"
    if kind in ("choice", "claim"):
        expected = question.expected
        index = options.index(expected) if expected in options else 0
        if not right:
            index = (index + 1) % len(options)
        return [str(index + 1)], "list"
    if kind == "multi":
        return (["1"] if right else ["2"]), "list"
    return [], "list"  # order: as shown


def key_and_char(char: str) -> tuple[str, str]:
    """The key event a terminal sends for a typed character (as Pilot builds it)."""
    return (char if char.isalnum() else _character_to_key(char)), char


async def measure(answers: int, folder: Path) -> list[Sample]:
    app = TimedQuizApp(
        bank_path=BANK, config=SessionConfig(seed=1), paths=Paths(folder, folder), name=None
    )
    samples: list[Sample] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: on_question(app.screen), "the first question")
        await pilot.pause()
        for i in range(answers):
            screen = app.screen
            assert on_question(screen), screen
            presented = screen.presented
            question = presented.question
            keys, base_kind = answer_keys(question, presented.options, right=i % 2 == 0)

            # Baseline: the cheapest key-to-paint path on the same screen.
            if base_kind == "type" and keys:
                first, *rest = keys
                k, c = key_and_char(first)
                base = await timed_key(app, k, c, Probe(on_question, first))
            else:
                rest = keys
                base = await timed_key(app, "down", None, Probe(on_question, ""))
                await pilot.press("up")
            await pilot.pause()
            if rest:
                await pilot.press(*rest)
                await pilot.pause()

            probe = await timed_key(
                app,
                "enter",
                None,
                Probe(on_feedback, FEEDBACK_MARKER, settled=feedback_settled, profile=PROFILE),
            )
            assert probe.t1 is not None and probe.t2 is not None and base.t1 is not None
            record = app.screen.record if on_feedback(app.screen) else None
            verdict = "?" if record is None else f"{record.credit:.2g}"
            m = probe.marks
            phases = {
                "key->core": m.get("core_submitted", probe.t0) - probe.t0,
                "core call": m.get("core_back", probe.t0) - m.get("core_submitted", probe.t0),
                "core->shown": m.get("feedback_shown", probe.t0) - m.get("core_back", probe.t0),
                "shown->painted": probe.t1 - m.get("feedback_shown", probe.t0),
            }
            main_cpu = probe.cpu1 - probe.cpu0
            samples.append(
                Sample(
                    number=presented.number,
                    kind=question.kind,
                    verdict=verdict,
                    latency=(probe.t1 - probe.t0) * 1000,
                    cpu=(main_cpu + probe.core_cpu) * 1000,
                    main_cpu=main_cpu * 1000,
                    core_cpu=probe.core_cpu * 1000,
                    core_wall=probe.core_wall * 1000,
                    base_latency=(base.t1 - base.t0) * 1000,
                    base_cpu=(base.cpu1 - base.cpu0 + base.core_cpu) * 1000,
                    phases={k: v * 1000 for k, v in phases.items()},
                    frames=probe.frames,
                    gc_ms=probe.gc_ms,
                    base_gc_ms=base.gc_ms,
                    settled_latency=(probe.t2 - probe.t0) * 1000,
                    settled_cpu=(probe.cpu2 - probe.cpu0 + probe.core_cpu) * 1000,
                    settled_gc_ms=probe.gc_settle_ms,
                )
            )
            await pilot.pause()
            if i == answers - 1:
                break
            # On to the next question (not timed).
            await pilot.press("enter")
            await wait_for(
                pilot,
                lambda p=presented: on_question(app.screen) and app.screen.presented is not p,
                "the next question",
            )
            await pilot.pause()
    return samples


def cpu_reference() -> float:
    """ms for sum(range(10**6)), best of 5: to compare this machine's speed with another's."""
    best = float("inf")
    for _ in range(5):
        t = perf()
        sum(range(10**6))
        best = min(best, perf() - t)
    return best * 1000


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=30, help="answers to time (default 30)")
    parser.add_argument(
        "--data-dir", type=Path, help="put the temporary store under DIR (default: system temp)"
    )
    parser.add_argument("--verbose", action="store_true", help="one line per answer")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="FILE",
        help="write a cProfile of the main thread from Enter to the feedback frame, over all "
        "answers, to FILE (pstats format; it slows the answers it profiles)",
    )
    args = parser.parse_args()
    global PROFILE
    if args.profile is not None:
        PROFILE = cProfile.Profile()
    if not 1 <= args.answers <= 50:
        parser.error("--answers must be 1 to 50 (the shipped bank has 58 questions)")
    patch_marks()
    gc.callbacks.append(GC)
    if args.data_dir is not None:
        args.data_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="quiz-feedback-", dir=args.data_dir))
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  size: {SIZE[0]}x{SIZE[1]}  "
        f"cpu reference sum(range(10**6)): {cpu_reference():.1f} ms"
    )
    print(f"store: {tmp / 'progress.sqlite3'} (fresh)")
    try:
        samples = asyncio.run(measure(args.answers + 1, tmp))
        if PROFILE is not None:
            PROFILE.dump_stats(args.profile)
            print(f"profile written to {args.profile}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"load average after:  {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")

    if args.verbose:
        print(
            " #  kind    credit  latency  app-cpu (main+core)  core wall  base lat  base cpu"
            "  gc in window"
        )
        for s in samples:
            print(
                f"{s.number:2}  {s.kind:7} {s.verdict:>5} {s.latency:8.1f} {s.cpu:8.1f} "
                f"({s.main_cpu:5.1f}+{s.core_cpu:4.1f}) {s.core_wall:9.1f} "
                f"{s.base_latency:9.1f} {s.base_cpu:9.1f}"
                f"  {s.gc_ms:5.1f} / {s.base_gc_ms:5.1f}"
            )
        print()

    cold, warm = samples[0], samples[1:]
    print(
        f"first answer (cold, not in the figures below): latency {cold.latency:.1f} ms, "
        f"app CPU {cold.cpu:.1f} ms"
    )
    rows = [
        ("Enter -> feedback painted: latency", [s.latency for s in warm]),
        ("  app CPU (main thread + core thread)", [s.cpu for s in warm]),
        ("    main thread (event loop)", [s.main_cpu for s in warm]),
        ("    core thread (grade + SQLite commit)", [s.core_cpu for s in warm]),
        ("  core call wall time (incl. fsync)", [s.core_wall for s in warm]),
        ("baseline key -> paint: latency", [s.base_latency for s in warm]),
        ("  app CPU", [s.base_cpu for s in warm]),
        ("app work = feedback CPU - baseline CPU", [s.cpu - s.base_cpu for s in warm]),
        ("latency - baseline latency", [s.latency - s.base_latency for s in warm]),
        ("Enter -> settled (focus, footer keys): latency", [s.settled_latency for s in warm]),
        ("  app CPU (incl. the collection after paint)", [s.settled_cpu for s in warm]),
        ("  of which garbage collection", [s.settled_gc_ms for s in warm]),
    ]
    for name in warm[0].phases:
        rows.append((f"phase {name} (wall)", [s.phases[name] for s in warm]))
    print(f"\n{len(warm)} answers, ms{'':30} {'median':>8} {'p90':>8} {'min':>8} {'max':>8}")
    for label, values in rows:
        print(
            f"{label:48} {statistics.median(values):8.1f} {pct(values, 0.9):8.1f} "
            f"{min(values):8.1f} {max(values):8.1f}"
        )
    work = [s.cpu - s.base_cpu for s in warm]
    med, p90 = statistics.median(work), pct(work, 0.9)
    verdict = "PASS" if p90 < 16 else ("PASS at the median" if med < 16 else "FAIL")
    print(
        f"\napp work over the baseline: median {med:.1f} ms, p90 {p90:.1f} ms "
        f"(target < 16 ms: {verdict})"
    )
    hit = [s for s in warm if s.gc_ms > 20]
    print(
        f"full garbage collections in this run: {len(GC.full)}, "
        f"median {statistics.median(GC.full) if GC.full else 0:.0f} ms, "
        f"max {max(GC.full, default=0):.0f} ms; answers with > 20 ms of GC between Enter and "
        f"the feedback frame: {len(hit)} of {len(warm)}"
        + (f" ({', '.join(f'{s.gc_ms:.0f} ms' for s in hit)})" if hit else "")
    )
    total_cpu = [s.cpu for s in warm]
    print(
        f"app CPU Enter -> feedback, no baseline subtracted: median "
        f"{statistics.median(total_cpu):.1f} ms, p90 {pct(total_cpu, 0.9):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
