"""Start-up: the first question of the shipped bank on screen, against a bare Textual app.

    .venv/bin/python bench/startup.py [--runs 11] [--warmup 1] [--no-importtime]

Target: median(quiz) / median(bare) <= 1.25.

All are timed the same way, in the same run, in an order that rotates every run:

* each is a fresh process on its own pseudo-terminal (os.openpty; the child calls
  os.login_tty so the pty is its controlling terminal and its stdin, stdout and stderr),
  TERM=xterm-256color, 100x30 set with TIOCSWINSZ before exec;
* the clock starts just before fork and stops when the marker text has been painted: the
  bytes read from the pty master, decoded, with the escape sequences removed and runs of
  whitespace collapsed, contain every marker;
* the process is then sent SIGTERM (SIGKILL after 5 s) and its process group is checked to
  be gone before the next run.

The quiz is `quiz play kuwait-nato --seed 1` with a fresh temporary QUIZ_DATA_DIR and a fresh
empty working directory, twice per run: with the bank cache filled by the warm-up run (every
later start) and with an empty one (a first start: the YAML is parsed); its markers are the
start of the first question's prompt (read from questions/kuwait-nato.yaml) and its answer
input's placeholder. The bare app is bench/bare_app.py (one Static, one Input); its markers
are the Static's text and the Input's placeholder. "First text" is when any printable text
first appeared; the CPU time of all the process's threads is read when the markers are seen.

It also prints `python -X importtime` figures for quiz.tui.app as context.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import fcntl
import os
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
COLUMNS, ROWS = 100, 30
TIMEOUT = 30.0  # seconds for the markers to appear

sys.path.insert(0, str(BENCH))
from bare_app import PLACEHOLDER, STATIC_TEXT  # noqa: E402

# CSI (incl. private modes), OSC (BEL or ST), DCS/APC/PM/SOS strings, two-byte escapes.
ANSI = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)"
    r"|\x1b[P_^X][^\x1b]*\x1b\\"
    r"|\x1b[()*+][0-9A-Za-z]"
    r"|\x1b[@-Z\\-_=>78]"
)
WHITESPACE = re.compile(r"\s+")


def plain(text: str) -> str:
    return WHITESPACE.sub(" ", ANSI.sub("", text))


@dataclass
class Target:
    label: str
    argv: list[str]
    markers: list[str]
    fresh_data_dir: bool
    cache_dir: Path | None = None  # QUIZ_CACHE_DIR for every run; see `fresh_cache`
    fresh_cache: bool = False  # a new, empty QUIZ_CACHE_DIR for every run
    totals: list[float] = field(default_factory=list)  # seconds to the markers
    cpu: list[float] = field(default_factory=list)  # CPU seconds of all its threads, to then
    first_text: list[float] = field(default_factory=list)  # seconds to any text


def first_question_markers() -> list[str]:
    bank = yaml.safe_load((ROOT / "questions" / "kuwait-nato.yaml").read_text(encoding="utf-8"))
    first = bank["questions"][0]
    prompt_start = " ".join(first["prompt"].split()[:10])  # fits on one line at 100 columns
    markers = [prompt_start]
    if first.get("kind", "text") in ("text", "number", "date"):
        # The answer input's placeholder, as the app words it for this bank (quiz.meanings).
        from quiz.bank.load import load_bank
        from quiz.meanings import placeholder

        loaded = load_bank(ROOT / "questions" / "kuwait-nato.yaml")
        markers.append(placeholder(loaded.questions[0], loaded.questions))
    return markers


def child_env(pycache: Path | None) -> dict[str, str]:
    """The environment both programs get. With `pycache`, bytecode is cached under it (as
    an installed package has its .pyc files) whatever PYTHONDONTWRITEBYTECODE says, and
    nothing is written into the source tree."""
    env = dict(os.environ)
    if pycache is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(pycache)
    return env


def cpu_seconds(pid: int) -> float:
    """CPU time the process's threads have run so far, from the scheduler (Linux: ns, not the
    10 ms ticks of /proc/PID/stat). Waiting for a CPU on a busy machine is not in it."""
    total = 0
    with contextlib.suppress(OSError):
        for task in os.listdir(f"/proc/{pid}/task"):
            with contextlib.suppress(OSError), open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
    return total / 1e9


def run_once(target: Target, base_env: dict[str, str]) -> tuple[float, float, float]:
    """Start the target on a fresh pty; seconds until any text and until the markers, and
    the CPU seconds it had used when the markers were seen."""
    tmp = Path(tempfile.mkdtemp(prefix="quiz-startup-"))
    env = dict(base_env)
    env.update(TERM="xterm-256color", COLUMNS=str(COLUMNS), LINES=str(ROWS))
    env.pop("TEXTUAL", None)
    env.pop("NO_COLOR", None)
    if target.fresh_data_dir:
        env["QUIZ_DATA_DIR"] = str(tmp / "data")
    if target.fresh_cache:
        env["QUIZ_CACHE_DIR"] = str(tmp / "cache")
    elif target.cache_dir is not None:
        env["QUIZ_CACHE_DIR"] = str(target.cache_dir)
    cwd = tmp / "cwd"
    cwd.mkdir()
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
    wanted = [WHITESPACE.sub(" ", m) for m in target.markers]
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    text = ""
    first = found = None
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child
        try:
            os.close(master)
            os.login_tty(slave)
            os.chdir(cwd)
            os.execve(target.argv[0], target.argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    try:
        while found is None:
            left = TIMEOUT - (time.perf_counter() - t0)
            if left <= 0:
                raise RuntimeError(f"{target.label}: markers not seen in {TIMEOUT} s")
            ready, _, _ = select.select([master], [], [], left)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError as exc:
                if exc.errno == errno.EIO:  # the child closed the pty: it has exited
                    chunk = b""
                else:
                    raise
            now = time.perf_counter()
            if not chunk:
                raise RuntimeError(f"{target.label}: exited before painting the markers")
            text += decoder.decode(chunk)
            # Re-strip the whole stream: an escape sequence may be split across two reads.
            shown = plain(text)
            if first is None and shown.strip():
                first = now
            if all(m in shown for m in wanted):
                found = now
                cpu = cpu_seconds(pid)
    except Exception:
        tail = plain(text)[-2000:]
        print(f"--- {target.label} output so far (escapes removed) ---\n{tail}", file=sys.stderr)
        raise
    finally:
        stop(pid, master)
        shutil.rmtree(tmp, ignore_errors=True)
    assert first is not None
    return first - t0, found - t0, cpu


def stop(pid: int, master: int) -> None:
    """SIGTERM, drain the pty, SIGKILL after 5 s; then make sure the whole group is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5.0
    status = None
    while status is None:
        done, status_code = os.waitpid(pid, os.WNOHANG)
        if done:
            status = status_code
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            break
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            with contextlib.suppress(OSError):
                os.read(master, 65536)
    os.close(master)
    # The child was a session and group leader (login_tty); nothing in its group may remain.
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    else:
        print(f"warning: process group {pid} still had members; killed", file=sys.stderr)


def loadavg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def cpu_reference() -> float:
    """ms for sum(range(10**6)), best of 5: to compare this machine's speed with another's."""
    best = float("inf")
    for _ in range(5):
        t = time.perf_counter()
        sum(range(10**6))
        best = min(best, time.perf_counter() - t)
    return best * 1000


def summary(values: list[float]) -> tuple[float, float, float]:
    ms = [v * 1000 for v in values]
    return statistics.median(ms), min(ms), max(ms)


@dataclass
class ImportRow:
    name: str
    self_ms: float
    cum_ms: float
    parent: str | None  # the module whose import pulled this one in first


def importtime(statement: str, env: dict[str, str], repeats: int = 3) -> dict[str, ImportRow]:
    """`python -X importtime -c statement`, best of `repeats` by total self time."""
    best: dict[str, ImportRow] | None = None
    for _ in range(repeats):
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", statement],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
            env=env,
        )
        parsed: list[tuple[int, str, float, float]] = []
        for line in result.stderr.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            self_us, cum_us, raw = line[len("import time:") :].split("|")
            name = raw.strip()
            depth = (len(raw.rstrip()) - len(name)) // 2
            parsed.append((depth, name, int(self_us) / 1000, int(cum_us) / 1000))
        rows: dict[str, ImportRow] = {}
        for i, (depth, name, self_ms, cum_ms) in enumerate(parsed):
            # importtime prints a module after the ones it imported, one level deeper.
            parent = next((n for d, n, _, _ in parsed[i + 1 :] if d < depth), None)
            rows[name] = ImportRow(name, self_ms, cum_ms, parent)
        if best is None or total(rows) < total(best):
            best = rows
    assert best is not None
    return best


def total(rows: dict[str, ImportRow]) -> float:
    return sum(r.self_ms for r in rows.values())


def chain(rows: dict[str, ImportRow], name: str) -> str:
    links = [name]
    while (parent := rows[links[-1]].parent) is not None and len(links) < 8:
        links.append(parent)
    return " <- ".join(links)


def report_imports(env: dict[str, str]) -> None:
    print("\nImport time: python -X importtime, best of 3, ms of self time summed over modules")
    print("(importtime itself adds overhead; read these as shares, not as wall time)")
    base = total(importtime("pass", env))
    bare = importtime("import textual.app; from textual.widgets import Static, Input", env)
    tui = importtime("import quiz.tui.app", env)
    # What `quiz play BANK` imports before App.run(): cli, runs (resolve_bank), the app.
    play = importtime("import quiz.cli, quiz.runs, quiz.locations, quiz.tui.app", env)
    before = importtime("import quiz.cli, quiz.runs", env)
    print(f"  {'python -c pass':58} {base:7.1f}")
    for label, rows in (
        ("bare app: textual.app, Static, Input", bare),
        ("import quiz.tui.app", tui),
        ("import quiz.cli, quiz.runs (quiz play: before Textual)", before),
        ("quiz play path: quiz.cli, quiz.runs, quiz.tui.app", play),
    ):
        print(f"  {label:58} {total(rows) - base:7.1f}   ({len(rows)} modules)")
    extra = {n: r for n, r in play.items() if n not in bare}
    print(
        f"\n  the quiz play path imports {len(extra)} modules the bare app does not: "
        f"{total(extra):.1f} ms self"
    )
    groups: dict[str, float] = {}
    for name, row in extra.items():
        key = ".".join(name.split(".")[:2]) if name.startswith("quiz") else name.split(".")[0]
        groups[key] = groups.get(key, 0.0) + row.self_ms
    for key, ms in sorted(groups.items(), key=lambda kv: -kv[1])[:14]:
        why = "" if key.startswith("quiz") or key not in play else f"   {chain(play, key)}"
        print(f"    {ms:7.1f}  {key}{why}")
    print("\n  who pulls in the quiz core when importing quiz.tui.app alone:")
    for name in ("quiz.session", "quiz.grading", "rapidfuzz", "quiz.bank.model", "yaml"):
        if name in tui:
            print(f"    {tui[name].cum_ms:7.1f} cumulative  {chain(tui, name)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="timed runs of each (default 11)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first")
    parser.add_argument("--no-importtime", action="store_true", help="skip the import figures")
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="run with the inherited environment as is (PYTHONDONTWRITEBYTECODE=1 makes "
        "every run compile the quiz's sources, while Textual's come precompiled)",
    )
    args = parser.parse_args()
    pycache = None
    if not args.no_bytecode_cache:
        pycache = Path(tempfile.mkdtemp(prefix="quiz-startup-pycache-"))
        args.warmup = max(args.warmup, 1)  # the warm-up runs fill the cache
    env = child_env(pycache)
    try:
        return bench(args, env, pycache)
    finally:
        if pycache is not None:
            shutil.rmtree(pycache, ignore_errors=True)


def bench(args: argparse.Namespace, env: dict[str, str], pycache: Path | None) -> int:
    bank_cache = Path(tempfile.mkdtemp(prefix="quiz-startup-bank-cache-"))
    try:
        return _bench(args, env, pycache, bank_cache)
    finally:
        shutil.rmtree(bank_cache, ignore_errors=True)


def _bench(
    args: argparse.Namespace, env: dict[str, str], pycache: Path | None, bank_cache: Path
) -> int:
    argv = [str(BIN / "quiz"), "play", "kuwait-nato", "--seed", "1"]
    quiz = Target(
        "quiz, bank cache warm",
        argv,
        first_question_markers(),
        fresh_data_dir=True,
        cache_dir=bank_cache,
    )
    cold = Target(
        "quiz, bank cache empty",
        argv,
        quiz.markers,
        fresh_data_dir=True,
        fresh_cache=True,
    )
    bare = Target(
        "bare app (bench/bare_app.py)",
        [sys.executable, str(BENCH / "bare_app.py")],
        [STATIC_TEXT, PLACEHOLDER],
        fresh_data_dir=True,
    )
    for path in (quiz.argv[0], bare.argv[0]):
        if not os.access(path, os.X_OK):
            print(f"not found: {path}", file=sys.stderr)
            return 2

    print(f"load average before: {loadavg()}")
    print(
        f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  pty: {COLUMNS}x{ROWS}  "
        f"cpu reference sum(range(10**6)): {cpu_reference():.1f} ms"
    )
    print(
        "bytecode: "
        + (
            f"cached under {pycache} after {args.warmup} warm-up run(s) each"
            if pycache
            else "inherited environment, PYTHONDONTWRITEBYTECODE="
            + env.get("PYTHONDONTWRITEBYTECODE", "(unset)")
        )
    )
    print(f"quiz markers: {quiz.markers}")
    print(f"bare markers: {bare.markers}")
    print(f"bank cache (warm runs): {bank_cache}")
    for _ in range(args.warmup):  # also fills the warm runs' bank cache
        for target in (quiz, cold, bare):
            run_once(target, env)
    targets = [quiz, bare, cold]
    for i in range(args.runs):
        # Rotate the order too, so that none always runs right after another.
        for target in targets[i % 3 :] + targets[: i % 3]:
            first, total, cpu = run_once(target, env)
            target.first_text.append(first)
            target.totals.append(total)
            target.cpu.append(cpu)
        print(
            f"  run {i + 1:2}: quiz {quiz.totals[-1] * 1000:7.1f} ms   "
            f"bare {bare.totals[-1] * 1000:7.1f} ms   "
            f"quiz (empty cache) {cold.totals[-1] * 1000:7.1f} ms",
            flush=True,
        )

    print(f"\nload average after: {loadavg()}")
    print(
        f"\n{'':32} {'median':>8} {'min':>8} {'max':>8}   {'first text':>10}   {'CPU':>6}"
        "   (ms; first text and CPU: medians)"
    )
    for target in (quiz, cold, bare):
        med, lo, hi = summary(target.totals)
        first_med = statistics.median(target.first_text) * 1000
        cpu_med = statistics.median(target.cpu) * 1000
        print(
            f"{target.label:32} {med:8.1f} {lo:8.1f} {hi:8.1f}   {first_med:10.1f}   {cpu_med:6.1f}"
        )
    print()
    for target, when in ((quiz, "every later start"), (cold, "a first start")):
        ratio = statistics.median(target.totals) / statistics.median(bare.totals)
        cpu_ratio = statistics.median(target.cpu) / statistics.median(bare.cpu)
        verdict = "PASS" if ratio <= 1.25 else "FAIL"
        print(
            f"ratio of medians, {target.label} / bare: {ratio:.2f}  "
            f"(target <= 1.25: {verdict}; CPU time: {cpu_ratio:.2f}) - {when}"
        )
    if not args.no_importtime:
        report_imports(env)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
