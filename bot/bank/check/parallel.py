"""Read the bank's files the fast way, a big bank on two cores.

Each plain file comes back as its data (see `fastread`); a file the fast reading declines
comes back as None, for the loader to read with PyYAML. A big bank is shared with a second
process, forked so it starts at once with everything imported: it reads and parses files
and sends back their JSON in chunks, which keeps its memory small, while this process
reads the JSON, validates and checks everything, and reads files itself whenever it would
otherwise wait. A small bank (the real one has a few
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

from bot.bank.check.fast_yaml import FastReader, json_data
from bot.bank.check.yaml_limits import MAX_FILE_BYTES, deeper_than_fast_reading

# From this many files on, a second process pays for itself.
PARALLEL_FROM = 2000
_CHUNK = 100

_Sent = list[tuple[str, bytes] | None]


class FastFile(NamedTuple):
    """A file read the fast way: its first line (for the schema line), and its data."""

    first_line: str
    data: Any


def read_fast(path: Path, reader: FastReader) -> FastFile | None:
    """A file's first line and data, when the fast reading can vouch for them (see
    `fastread`); None when PyYAML has to read it."""
    return _with_data(_read_json(path, reader))


def _read_json(path: Path, reader: FastReader) -> tuple[str, bytes] | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:  # refused, with the reason, by PyYAML's path
            return None
        raw = path.read_bytes()
    except OSError:  # PyYAML's reading reports it
        return None
    if deeper_than_fast_reading(raw):
        return None
    text = reader.json(raw)
    if text is None:
        return None
    return raw.split(b"\n", 1)[0].decode("utf-8"), text


def _with_data(found: tuple[str, bytes] | None) -> FastFile | None:
    if found is None:
        return None
    data = json_data(found[1])
    return None if data is None else FastFile(found[0], data)


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
    """Each file's index and fast reading (None when declined), in no particular order.

    Shared, the second process takes files from the front and this one, whenever no chunk
    is waiting, takes one from the back: however the work divides, neither waits long.
    """
    reader = FastReader()
    if not share or len(paths) < 2:
        for index, path in enumerate(paths):
            yield index, read_fast(path, reader)
        return
    context = multiprocessing.get_context("fork")
    lock = context.Lock()
    # the next file the second process takes, and the last one this process took
    front, back = context.RawValue("l", 0), context.RawValue("l", len(paths))
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, paths, lock, front, back), daemon=True)
    worker.start()
    sender.close()
    received = 0
    try:
        while True:
            if not receiver.poll():
                with lock:
                    mine = back.value - 1 if back.value > front.value else None
                    if mine is not None:
                        back.value = mine
                if mine is not None:
                    yield mine, read_fast(paths[mine], reader)
                    continue
            try:
                chunk: _Sent | None = receiver.recv()
            except EOFError:  # the second process died: read here what it did not send
                chunk = None
                for index in range(received, back.value):
                    yield index, read_fast(paths[index], reader)
            if chunk is None:
                break
            for found in chunk:
                yield received, _with_data(found)
                received += 1
    finally:
        receiver.close()
        worker.join(timeout=5)
        if worker.is_alive():  # pragma: no cover - only if the caller stopped early
            worker.kill()
            worker.join()


def _work(sender: Connection, paths: Sequence[Path], lock: Any, front: Any, back: Any) -> None:
    """The second process: take files from the front until the two meet, send back each
    one's JSON in chunks, then None."""
    reader = FastReader(quiet=False)
    # rapidyaml prints its parse errors on stderr; here nothing else is ever printed
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 2)
    os.close(quiet)
    chunk: _Sent = []
    try:
        while True:
            with lock:
                index = front.value if front.value < back.value else None
                if index is not None:
                    front.value = index + 1
            if index is None:
                break
            chunk.append(_read_json(paths[index], reader))
            if len(chunk) == _CHUNK:
                sender.send(chunk)
                chunk = []
        sender.send(chunk)
        sender.send(None)
    except OSError:  # this process stopped listening: the files are read there
        pass
    finally:
        sender.close()
