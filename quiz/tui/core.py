"""One thread for the core calls that touch disk: loading banks, and the store.

The event loop must never wait on I/O (a commit can take milliseconds on a slow disk), and
a SQLite connection belongs to the thread that opened it. So every call that may touch the
store (or read a bank) runs here, one at a time, in the order it was asked, on a single
dedicated thread; the app awaits the result from an async worker.

The core modules a start does not need before its first frame (the store, the lesson, the
reports) are offered here, imported when first used (`quiz.lazy`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from quiz.lazy import lazy_exports

if TYPE_CHECKING:
    from quiz.bank.cache import load_bank_cached
    from quiz.lesson import RENEW_SECONDS, Lesson
    from quiz.report.build import build_report
    from quiz.report.load import store_attempts
    from quiz.stats import bank_report
    from quiz.store import Store

__all__ = [
    "RENEW_SECONDS",
    "CoreThread",
    "Lesson",
    "Store",
    "bank_report",
    "build_report",
    "load_bank_cached",
    "store_attempts",
]

__getattr__, __dir__ = lazy_exports(
    __name__,
    {
        "Lesson": "quiz.lesson",
        "RENEW_SECONDS": "quiz.lesson",
        "Store": "quiz.store",
        "bank_report": "quiz.stats",
        "build_report": "quiz.report.build",
        "load_bank_cached": "quiz.bank.cache",
        "store_attempts": "quiz.report.load",
    },
)

P = ParamSpec("P")
T = TypeVar("T")


class CoreThread:
    def __init__(self) -> None:
        self._executor: ThreadPoolExecutor | None = None

    def _ensure(self) -> ThreadPoolExecutor:
        # Created on first use, so constructing the app starts no thread.
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="quiz-core")
        return self._executor

    async def call(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._ensure(), partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
            self._executor = None
