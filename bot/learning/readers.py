"""Read the bank's files the fast way, a big bank on two cores.

Each plain file comes back as its data (see `fastread`); a file the fast reading declines
comes back as None, for the loader to read with PyYAML. A big bank is shared with a second
process, forked so it starts at once with everything imported: it reads its part of the
files and sends back their JSON in chunks, which keeps its memory small, while this process
reads the rest, then validates and checks everything. A small bank (the real one has a few
hundred files) is read here alone: a second process would cost more than it saves.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

import ryml

from bot.learning.fastread import fast_json

# From this many files on, a second process pays for itself.
PARALLEL_FROM = 2000
# The part of the files this process reads itself: it also validates and checks all of
# them, which takes longer than reading.
_OWN_SHARE = 0.2
_CHUNK = 250


class FastFile(NamedTuple):
    """A file read the fast way: its first line (for the schema line), and its data."""

    first_line: str
    data: Any


def read_fast(path: Path, tree: ryml.Tree | None = None) -> tuple[str, str, Any] | None:
    """A file's first line, JSON and data, when the fast reading can vouch for them."""
    try:
        raw = path.read_bytes()
    except OSError:  # PyYAML's reading reports it
        return None
    found = fast_json(raw, tree)
    if found is None:
        return None
    return raw.split(b"\n", 1)[0].decode("utf-8"), *found


def can_share() -> bool:
    """Whether a second process may be forked here: on a system that forks, with two
    cores to run on, and no other thread (a fork copies no thread, only their locks)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return (
        cores >= 2
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def read_all(paths: Sequence[Path], *, share: bool) -> Iterator[tuple[int, FastFile | None]]:
    """Each file's index and fast reading (None when declined), in no particular order."""
    tree = ryml.Tree()
    if not share or len(paths) < 2:
        for index, path in enumerate(paths):
            yield index, _fast_file(read_fast(path, tree))
        return
    own = max(1, int(len(paths) * _OWN_SHARE))
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, paths, own), daemon=True)
    worker.start()
    sender.close()
    pending = set(range(own, len(paths)))
    open_ = True
    try:
        for index in range(own):
            yield index, _fast_file(read_fast(paths[index], tree))
            while open_ and pending and receiver.poll():
                chunk = _receive(receiver)
                open_ = chunk is not None
                yield from _received(chunk or [], pending)
        while open_ and pending:
            chunk = _receive(receiver)
            open_ = chunk is not None
            yield from _received(chunk or [], pending)
        # only if the second process died: read here what it did not send
        for index in sorted(pending):
            yield index, _fast_file(read_fast(paths[index], tree))
    finally:
        receiver.close()
        worker.join(timeout=5)
        if worker.is_alive():  # pragma: no cover - only if the caller stopped early
            worker.kill()
            worker.join()


_Sent = list[tuple[int, str, str] | tuple[int, None, None]]


def _receive(receiver: Connection) -> _Sent | None:
    try:
        chunk: _Sent = receiver.recv()
    except EOFError:
        return None
    return chunk


def _fast_file(found: tuple[str, str, Any] | None) -> FastFile | None:
    return None if found is None else FastFile(found[0], found[2])


def _received(chunk: _Sent, pending: set[int]) -> Iterator[tuple[int, FastFile | None]]:
    for index, first_line, text in chunk:
        pending.discard(index)
        if first_line is None or text is None:
            yield index, None
        else:  # checked by the other process; without duplicate keys by then
            yield index, FastFile(first_line, json.loads(text))


def _work(sender: Connection, paths: Sequence[Path], start: int) -> None:
    """The second process: read files from `start` on, send their JSON back in chunks."""
    tree = ryml.Tree()
    chunk: _Sent = []
    try:
        for index in range(start, len(paths)):
            found = read_fast(paths[index], tree)
            chunk.append((index, None, None) if found is None else (index, found[0], found[1]))
            if len(chunk) == _CHUNK or index == len(paths) - 1:
                sender.send(chunk)
                chunk = []
    except OSError:  # this process stopped listening: the files are read there
        pass
    finally:
        sender.close()
