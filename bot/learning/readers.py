"""Read the bank's files the fast way, a big bank on two cores.

Each plain file comes back as its data (see `fastread`); a file the fast reading declines
comes back as None, for the loader to read with PyYAML. A big bank is shared with a second
process, forked so it starts at once with everything imported: it reads and parses the
files and sends back their data in chunks, which keeps its memory small, while this process
validates and checks what came, which takes as long. A small bank (the real one has a few
hundred files) is read here alone: a second process would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, NamedTuple

from bot.learning.fastread import FastReader

# From this many files on, a second process pays for itself.
PARALLEL_FROM = 2000
_CHUNK = 200


class FastFile(NamedTuple):
    """A file read the fast way: its first line (for the schema line), and its data."""

    first_line: str
    data: Any


def read_fast(path: Path, reader: FastReader) -> FastFile | None:
    """A file's first line and data, when the fast reading can vouch for them (see
    `fastread`); None when PyYAML has to read it."""
    try:
        raw = path.read_bytes()
    except OSError:  # PyYAML's reading reports it
        return None
    data = reader.read(raw)
    if data is None:
        return None
    return FastFile(raw.split(b"\n", 1)[0].decode("utf-8"), data)


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
    """Each file's index and fast reading (None when declined), in the files' order."""
    if not share or len(paths) < 2:
        reader = FastReader()
        for index, path in enumerate(paths):
            yield index, read_fast(path, reader)
        return
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, paths), daemon=True)
    worker.start()
    sender.close()
    done = 0
    try:
        while done < len(paths):
            try:
                chunk: list[FastFile | None] = receiver.recv()
            except EOFError:  # the second process died: read the rest here
                break
            for found in chunk:
                yield done, found
                done += 1
        reader = FastReader()
        for index in range(done, len(paths)):
            yield index, read_fast(paths[index], reader)
    finally:
        receiver.close()
        worker.join(timeout=5)
        if worker.is_alive():  # pragma: no cover - only if the caller stopped early
            worker.kill()
            worker.join()


def _work(sender: Connection, paths: Sequence[Path]) -> None:
    """The second process: read every file, send the readings back in chunks."""
    reader = FastReader(quiet=False)
    # rapidyaml prints its parse errors on stderr; here nothing else is ever printed
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        for start in range(0, len(paths), _CHUNK):
            sender.send([read_fast(path, reader) for path in paths[start : start + _CHUNK]])
    except OSError:  # this process stopped listening: the files are read there
        pass
    finally:
        sender.close()
