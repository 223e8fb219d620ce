"""The import's pool: calls go to the workers in batches, results come back in input order with
their tags, and no more than a bounded number of batches is ever held."""
from __future__ import annotations

import os

import pytest

from ficarchive.library.workers import Pool


def _tagged(n: int, data: bytes) -> tuple[int, int, int]:
    return n, len(data), os.getpid()


def _other(n: int) -> int:
    return -n


def _fails(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_come_back_in_order_with_their_tags(jobs):
    pool = Pool(jobs, batch=4, batch_bytes=100)
    sizes = [5, 200, 1, 1, 1, 1, 1, 30, 30, 30, 0, 7]  # a large input closes its batch early
    got, held = [], []
    try:
        for n, size in enumerate(sizes):
            got += list(pool.submit(_tagged, n, b"x" * size, tag=f"t{n}", size=size))
            held.append(len(pool.pending))
            if n == 5:  # another function closes the batch being filled
                got += list(pool.submit(_other, n, tag="other"))
        got += list(pool.drain())
    finally:
        pool.close()
    tags = [tag for tag, _ in got]
    assert tags == [f"t{n}" for n in range(6)] + ["other"] + [f"t{n}" for n in range(6, len(sizes))]
    assert [r for t, r in got if t == "other"] == [-5]
    assert [r[:2] for t, r in got if t != "other"] == [(n, size) for n, size in enumerate(sizes)]
    assert max(held) <= pool.inflight
    if jobs > 1:  # the work ran in worker processes
        assert {r[2] for t, r in got if t != "other"} - {os.getpid()}


def test_a_call_that_raises_is_raised_to_the_importer():
    pool = Pool(2, batch=3)
    try:
        with pytest.raises(ValueError, match="seven"):
            for n in range(10):
                list(pool.submit(_fails, n, tag=n))
            list(pool.drain())
    finally:
        pool.close()


def test_small_calls_travel_together():
    pool = Pool(2, batch=4, batch_bytes=1000)
    try:
        sent = []
        for n in range(9):
            assert not list(pool.submit(_other, n, tag=n, size=10))
            sent.append(len(pool.pending))
        assert sent == [0, 0, 0, 1, 1, 1, 1, 2, 2]
        assert [t for t, _ in pool.drain()] == list(range(9))
    finally:
        pool.close()
