"""A pass of some work at a set interval, in a task of its own, until stopped.

The reminder planner and the group rounds' keeper each run one beside the handlers; a pass
that fails (a database hiccup) is logged and the next one runs as usual.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

log = logging.getLogger(__name__)


class Background:
    """Runs `work` every `every` once started, until `stop`."""

    def __init__(
        self, name: str, every: timedelta, work: Callable[[], Awaitable[None]], failed: str
    ) -> None:
        """`failed`: what the log says when a pass raises."""
        self._name, self._every, self._work, self._failed = name, every, work, failed
        self._task: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """A pass, then a pause, forever."""
        while True:
            try:
                await self._work()
            except Exception:  # one failed pass must not end the loop
                log.exception(self._failed)
            await asyncio.sleep(self._every.total_seconds())

    def start(self) -> None:
        """Run the passes in the background."""
        self._task = asyncio.get_running_loop().create_task(self.run(), name=self._name)

    async def stop(self) -> None:
        """Stop after cancelling the pass or pause under way."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
