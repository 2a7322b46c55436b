"""Work shared with a forked child: every piece done exactly once, here or there, whatever the child does."""

from __future__ import annotations

import os

import pytest

from sopdoc import worker
from sopdoc.worker import share

needs_fork = pytest.mark.skipif(not worker.available(), reason="no second CPU, or no fork, here")


@needs_fork
def test_each_piece_is_done_once_here_or_in_the_child() -> None:
    here: list[int] = []
    received = share(40, here.append, lambda piece: (piece * piece, os.getpid()))
    assert sorted([*here, *received]) == list(range(40))
    assert not set(here) & set(received)
    assert all(value == piece * piece and pid != os.getpid() for piece, (value, pid) in received.items())


@needs_fork
def test_pieces_a_failing_child_took_are_done_here() -> None:
    def fails(piece: int) -> int:
        raise RuntimeError(piece)

    here: list[int] = []
    assert share(20, here.append, fails) == {}
    assert sorted(here) == list(range(20))


@needs_fork
def test_a_child_that_dies_leaves_its_pieces_here() -> None:
    def dies(piece: int) -> int:
        os._exit(3)

    here: list[int] = []
    assert share(20, here.append, dies) == {}
    assert sorted(here) == list(range(20))


@needs_fork
def test_a_value_that_cannot_be_sent_back_leaves_its_pieces_here() -> None:
    here: list[int] = []
    assert share(10, here.append, lambda piece: lambda: piece) == {}
    assert sorted(here) == list(range(10))


def test_a_single_piece_is_done_here_without_a_child() -> None:
    here: list[int] = []
    assert share(1, here.append, lambda piece: pytest.fail("no child for one piece")) == {}
    assert here == [0]


@needs_fork
def test_an_error_here_stops_the_child() -> None:
    def stops(piece: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        share(10, stops, lambda piece: piece)
    with pytest.raises(ChildProcessError):  # the child was stopped and reaped: none is left
        os.waitpid(-1, os.WNOHANG)
