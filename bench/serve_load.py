"""N simulated students against one `quiz serve`, over websockets, speaking the page's own
protocol (what textual-serve's textual.js sends: `["resize", {...}]`, `["stdin", keys]`,
`["ping", t]`; the server answers with the terminal's bytes).

    PYTHONPATH=. python bench/serve_load.py [--students 30] [--stagger 1] [--think 4]
                                            [--port 8765] [--bank PATH]

Starts `quiz serve BANK --plain` on 127.0.0.1 with a throw-away data dir. The students open
their tabs `--stagger` seconds apart and join; once all are in, each answers every question
(practice mode, so each answer gets its feedback frame), reading each question for a random
time around `--think` seconds, some right and some wrong. Measures, per answer, the time from
sending Enter to the first output holding the feedback ("Why:"); checks that the store holds
every answer; samples the resident memory of each tab's process (RSS, and USS from
/proc/PID/smaps_rollup: what one more tab costs) and prints the load average at the start and
the end. Every wait is bounded: a tab that stalls fails the run rather than hanging it.

The client must not starve: it answers the server's websocket pings (aiohttp closes a
connection whose pong is 7.5 s late), so its memory sampling reads /proc on a thread and it
prints how late its own event loop ran.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

REPO = Path(__file__).resolve().parents[1]
BANK = REPO / "tests" / "data" / "banks" / "harbour.yaml"
sys.path.insert(0, str(REPO))

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b[()][0-9A-B]|\x1b[=>78]|\x1b\][^\x07]*\x07")
WAIT = 120.0  # seconds any one screen may take, under load, before the run fails


class Tab:
    """One browser tab, as the page's script would drive it."""

    def __init__(self, url: str, width: int = 100, height: int = 32) -> None:
        self.url = f"{url}/ws?width={width}&height={height}"
        self.size = {"width": width, "height": height}
        self.text = ""  # everything shown since the last mark, escapes removed
        self._arrived = asyncio.Event()
        self._ws: websockets.ClientConnection | None = None
        self._reader: asyncio.Task[None] | None = None
        self.closed = False

    async def open(self) -> None:
        # A browser does not ping; the server does (every 15 s) and the client answers.
        self._ws = await websockets.connect(
            self.url, max_size=None, open_timeout=WAIT, ping_interval=None
        )
        await self._ws.send(json.dumps(["resize", self.size]))
        await self._ws.send(json.dumps(["ping", str(int(time.time() * 1000))]))
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self._ws is not None
        try:
            async for message in self._ws:
                if isinstance(message, bytes):
                    self.text += ANSI.sub(b"", message).decode("utf-8", "replace")
                    self._arrived.set()
        except websockets.ConnectionClosed as exc:
            print(f"{time.strftime('%X')} tab closed: {exc!r}", file=sys.stderr)
        self.closed = True
        self._arrived.set()

    def mark(self) -> None:
        self.text = ""

    async def send(self, keys: str) -> None:
        assert self._ws is not None
        await self._ws.send(json.dumps(["stdin", keys]))

    async def wait_for(self, pattern: str, timeout: float = WAIT) -> float:
        """Wait until `pattern` (a regex) shows; return the monotonic time it did."""
        deadline = time.monotonic() + timeout
        regex = re.compile(pattern)
        while not regex.search(self.text):
            if self.closed:
                raise RuntimeError(f"tab closed while waiting for {pattern!r}")
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"no {pattern!r} within {timeout:.0f} s: {self.text[-300:]!r}")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)
        return time.monotonic()

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            await asyncio.wait_for(self._reader, WAIT)


def keys_for(presented: object, right: bool) -> tuple[str, str]:
    """(what to type before Enter, a label) for one question, right or wrong."""
    question = presented.question  # type: ignore[attr-defined]
    options = list(presented.options)  # type: ignore[attr-defined]
    kind = question.kind
    if kind in ("choice", "claim"):
        answer = options.index(str(question.answer))
        pick = answer if right else (answer + 1) % len(options)
        return str(pick + 1), kind
    if kind == "multi":
        wanted = [i for i, o in enumerate(options) if o in question.answer]
        if not right:
            wanted = [i for i in range(len(options)) if i not in wanted][:1]
        return "".join(str(i + 1) for i in wanted), kind
    if kind == "order":
        return "", kind  # as shown: some pairs right
    if kind == "number":
        return ("478" if right else "5"), kind
    if kind == "date":
        return ("April 2018" if right else "May 1999"), kind
    return ("Morag Campbell" if right else "Nobody"), kind


async def student(
    url: str,
    name: str,
    run: object,
    latencies: list[float],
    joins: list[float],
    think: float,
    delay: float,
    everyone_in: set[str],
    size: int,
) -> int:
    tab = Tab(url)
    await asyncio.sleep(delay)  # a class does not press Enter all in the same instant
    await tab.open()
    opened = time.monotonic()
    await tab.wait_for(r"Your name")
    tab.mark()
    await tab.send(name + "\r")
    joins.append(await tab.wait_for(r"Question\s*1\s*/") - opened)
    # A class joins first and then works: the answers are timed once everyone is in.
    everyone_in.add(name)
    while len(everyone_in) < size:
        await asyncio.sleep(0.2)
    await asyncio.sleep(random.uniform(0, think))
    answered = 0
    for number, presented in enumerate(run.session.presented, start=1):  # type: ignore[attr-defined]
        await tab.wait_for(rf"Question\s*{number}\s*/")
        await asyncio.sleep(random.uniform(think / 2, think * 1.5))  # reading the question
        keys, _kind = keys_for(presented, right=(number + len(name)) % 3 != 0)
        if keys:
            await tab.send(keys)
            await asyncio.sleep(0.3)  # typed, then Enter: the Enter is what is timed
        tab.mark()
        sent = time.monotonic()
        await tab.send("\r")
        shown = await tab.wait_for(r"Why:")
        latencies.append(shown - sent)
        answered += 1
        await asyncio.sleep(think / 2)  # reading the feedback
        tab.mark()
        await tab.send("\r")  # Next (or Results after the last)
    await tab.wait_for(r"Score")
    await tab.close()
    return answered


def memory(pid: int) -> tuple[float, float | None]:
    """RSS and USS (unique set: what one more tab costs) of a process, in MB."""
    rss = uss = None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1]) / 1024
        with open(f"/proc/{pid}/smaps_rollup") as f:
            private = 0
            for line in f:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
            uss = private / 1024
    except OSError:
        pass
    return rss or 0.0, uss


def tab_pids(server_pid: int) -> list[int]:
    """The tabs' app processes: the python descendants of the server (its shells' children),
    read from /proc rather than by running ps, which would stall the client's loop."""
    parents: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces, so split after the last ")".
        comm = stat[stat.index("(") + 1 : stat.rindex(")")]
        ppid = int(stat[stat.rindex(")") + 2 :].split()[1])
        parents[int(entry)] = ppid
        names[int(entry)] = comm
    shells = {pid for pid, ppid in parents.items() if ppid == server_pid}
    return [
        pid
        for pid, ppid in parents.items()
        if "python" in names[pid] and (ppid in shells or (pid in shells))
    ]


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--bank", type=Path, default=BANK)
    parser.add_argument(
        "--stagger", type=float, default=0.5, help="seconds between two students joining"
    )
    parser.add_argument(
        "--think",
        type=float,
        default=4.0,
        help="mean seconds a student reads a question (uniform, half to one and a half)",
    )
    args = parser.parse_args()
    from quiz.runs import start_run
    from quiz.session import SessionConfig

    load_before = os.getloadavg()

    seed = 7
    run = start_run(args.bank, SessionConfig(seed=seed), None)
    data = Path(tempfile.mkdtemp(prefix="serve-load-"))
    env = {**os.environ, "PYTHONPATH": str(REPO), "QUIZ_CACHE_DIR": str(data / "cache")}
    cmd = [
        sys.executable,
        "-m",
        "quiz",
        "serve",
        str(args.bank),
        "--plain",
        "--seed",
        str(seed),
        "--port",
        str(args.port),
        "--data-dir",
        str(data),
        "--max-students",
        str(args.students),
    ]
    server = subprocess.Popen(
        cmd, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    url = f"ws://127.0.0.1:{args.port}"
    try:
        assert server.stdout is not None
        for _ in range(50):  # bounded: the banner comes within seconds
            if "serving" in server.stdout.readline():
                break
        latencies: list[float] = []
        joins: list[float] = []
        joined: set[str] = set()
        started = time.monotonic()
        names = [f"Student {i:02d}" for i in range(args.students)]
        peak: dict[int, tuple[float, float | None]] = {}

        async def sample() -> None:
            def once() -> None:
                for pid in tab_pids(server.pid):
                    rss, uss = memory(pid)
                    if rss > peak.get(pid, (0.0, None))[0]:
                        peak[pid] = (rss, uss)

            while True:
                await asyncio.to_thread(once)  # off the loop that answers the server's pings
                await asyncio.sleep(2.0)

        sampler = asyncio.create_task(sample())

        async def lag() -> None:  # how late this loop runs: a starved client drops pongs
            worst = 0.0
            while True:
                before = time.monotonic()
                await asyncio.sleep(0.5)
                late = time.monotonic() - before - 0.5
                if late > worst:
                    worst = late
                    print(f"{time.strftime('%X')} client loop lag {late:.2f} s", file=sys.stderr)

        lagger = asyncio.create_task(lag())
        counts = await asyncio.wait_for(
            asyncio.gather(
                *(
                    student(
                        url,
                        n,
                        run,
                        latencies,
                        joins,
                        args.think,
                        i * args.stagger,
                        joined,
                        len(names),
                    )
                    for i, n in enumerate(names)
                )
            ),
            timeout=WAIT * 20,
        )
        sampler.cancel()
        lagger.cancel()
        server_rss, _ = memory(server.pid)
        took = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=WAIT)
    with sqlite3.connect(data / "progress.sqlite3") as db:
        (stored,) = db.execute("SELECT COUNT(*) FROM attempts").fetchone()
        (stored_runs,) = db.execute("SELECT COUNT(*) FROM runs").fetchone()
    expected = args.students * len(run.session.presented)
    lat = sorted(latencies)
    p95 = lat[int(0.95 * (len(lat) - 1))]
    rss = [r for r, _ in peak.values()]
    uss = [u for _, u in peak.values() if u is not None]
    load = os.getloadavg()
    print(
        f"students {args.students}, questions {len(run.session.presented)}, cpus {os.cpu_count()}"
    )
    print(
        f"load average (1, 5, 15 min) at start {' '.join(f'{x:.2f}' for x in load_before)},"
        f" at end {' '.join(f'{x:.2f}' for x in load)}"
    )
    print(f"server (teacher) process: RSS {server_rss:.0f} MB at the end")
    print(f"answers sent {sum(counts)}, stored {stored} of {expected}, runs {stored_runs}")
    print(
        f"Enter -> feedback frame: median {1000 * statistics.median(lat):.0f} ms,"
        f" p95 {1000 * p95:.0f} ms, max {1000 * lat[-1]:.0f} ms ({len(lat)} answers)"
    )
    if rss:
        print(
            f"per tab process: RSS median {statistics.median(rss):.0f} MB, max {max(rss):.0f} MB"
            + (
                f"; USS median {statistics.median(uss):.0f} MB, max {max(uss):.0f} MB"
                if uss
                else ""
            )
            + f" ({len(rss)} processes sampled)"
        )
    print(
        f"page open -> first question (process start, join): median"
        f" {statistics.median(joins):.1f} s, max {max(joins):.1f} s"
    )
    print(f"wall time {took:.1f} s")
    ok = stored == expected and p95 < 0.300 and bool(rss) and max(rss) < 80
    print("PASS" if ok else "FAIL", "(targets: every answer stored, p95 < 300 ms, RSS < 80 MB)")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
