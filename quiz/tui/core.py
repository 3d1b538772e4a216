"""One thread for the core calls that touch disk: loading banks, and the store.

The event loop must never wait on I/O (a commit can take milliseconds on a slow disk), and
a SQLite connection belongs to the thread that opened it. So every call that may touch the
store (or read a bank) runs here, one at a time, in the order it was asked, on a single
dedicated thread; the app awaits the result from an async worker.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import ParamSpec, TypeVar

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
