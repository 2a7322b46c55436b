"""Share CPU-bound work with a forked child process: both take pieces from one queue.

Parsing a few thousand files is pure Python work that one process does on one CPU. With a forked
child taking pieces of it from the same queue, both CPUs work when both are free, and when the
machine is busy the parent simply does more pieces itself: it never waits for more than the piece the
child is on. The queue is a pipe holding one byte per piece: a read of one byte is atomic, so each
piece goes to exactly one process. The child sends its values back pickled.

Only where fork is safe: Linux, no other thread running in this process, two CPUs or more available.
Whatever goes wrong in the child (an exception, a kill, a value that cannot be pickled), the parent does
the pieces it did not get back: the outcome never depends on the child.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

MAX_PIECES = 255  # one byte each in the queue


def available() -> bool:
    """Whether a forked child can run beside this process."""
    if not sys.platform.startswith("linux") or threading.active_count() != 1:
        return False
    try:
        return len(os.sched_getaffinity(0)) >= 2
    except (AttributeError, OSError):
        return False


def share(pieces: int, here: Callable[[int], None], there: Callable[[int], Any]) -> dict[int, Any]:
    """Do pieces ``0 … pieces-1`` once each, in their order: in this process with ``here(piece)``, or in a
    forked child with ``there(piece)``. Returns the child's values by piece; every other piece was
    done here."""
    if pieces < 2 or pieces > MAX_PIECES or not available():
        for piece in range(pieces):
            here(piece)
        return {}
    queue_read, queue_write = os.pipe()
    os.write(queue_write, bytes(range(pieces)))
    os.close(queue_write)  # the queue is complete: an empty read means no piece is left
    result_read, result_write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        pid = -1
    if pid == 0:  # pragma: no cover - the child (coverage does not follow it: os._exit)
        _child(queue_read, result_read, result_write, there)
    os.close(result_write)
    done: set[int] = set()
    received: dict[int, Any] = {}
    try:
        while piece_byte := os.read(queue_read, 1):
            done.add(piece_byte[0])
            here(piece_byte[0])
        if pid > 0:
            received = _receive(result_read, pid)
            pid = -1
    finally:
        os.close(queue_read)
        os.close(result_read)
        if pid > 0:  # this process failed: do not leave the child behind
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
    received = {piece: value for piece, value in received.items() if piece not in done}
    for piece in range(pieces):
        if piece not in done and piece not in received:  # taken by a child that failed
            here(piece)
    return received


def _child(queue_read: int, result_read: int, result_write: int,
           there: Callable[[int], Any]) -> None:  # pragma: no cover - runs in the child
    status = 1
    try:
        os.close(result_read)
        values = {}
        while piece_byte := os.read(queue_read, 1):
            values[piece_byte[0]] = there(piece_byte[0])
        payload = pickle.dumps(values, protocol=pickle.HIGHEST_PROTOCOL)
        with open(result_write, "wb") as stream:
            stream.write(payload)
        status = 0
    except BaseException:  # anything: the parent does these pieces itself
        pass
    finally:
        os._exit(status)


def _receive(result_read: int, pid: int) -> dict[int, Any]:
    """The child's values; empty when it failed."""
    chunks = []
    while chunk := os.read(result_read, 1 << 20):
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return {}
    try:
        values = pickle.loads(b"".join(chunks))
    except Exception:  # a truncated payload: do the work here
        return {}
    return values if isinstance(values, dict) else {}
