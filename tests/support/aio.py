"""Running a coroutine from a synchronous test, whatever ran before it in this process.

Playwright's synchronous API (the session-wide browser fixture) keeps an event loop running in
the main thread for the rest of the session, so a plain `asyncio.run` in a test that an xdist
worker happens to run after a browser test fails with "cannot be called from a running event
loop". Such a coroutine gets a thread and a loop of its own instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1, thread_name_prefix="test-loop") as pool:
        return pool.submit(asyncio.run, coro).result()
