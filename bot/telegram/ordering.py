"""Concurrent updates across learners, strict order within one learner."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import Any, Literal

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# How many of one learner's updates may wait at once; beyond that, a flood: the rest are
# not handled, and the first of them gets one "slow down" note (see `Units`).
FLOOD_QUEUE = 8
Flood = Literal["calm", "note", "quiet"]
flood: ContextVar[Flood] = ContextVar("flood", default="calm")


def _key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class PerLearnerOrder(BaseUpdateProcessor):
    """Runs updates of different learners side by side, and one learner's one at a time.

    A fast double tap arrives as two updates; handled in parallel they could both record an
    answer or both move a lesson on. A lock per learner queues them in arrival order
    (asyncio locks wake waiters first in, first out), and is dropped once nobody waits.
    A learner with more than `FLOOD_QUEUE` updates waiting is flooding: each update past
    that is marked (`flood`), so that it is not handled, and the learner hears one note.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}
        self._noted: set[int] = set()  # learners told to slow down in this flood

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        if self._users[key] > FLOOD_QUEUE:
            flood.set("quiet" if key in self._noted else "note")
            self._noted.add(key)
        try:
            async with lock:
                await coroutine
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key]
                del self._locks[key]
                self._noted.discard(key)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
