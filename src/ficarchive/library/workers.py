"""The import's machinery: a bounded process pool and a batching transaction."""
from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterator

from . import codec, common_words


def _warm(_: int) -> int:
    return os.getpid()


_PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent: int) -> None:
    """A worker ends when the import that started it is gone (kill -9 gives
    the pool no chance to stop it, and a forked worker waiting for work
    would otherwise wait for ever)."""
    def watch() -> None:
        while True:
            time.sleep(_PARENT_CHECK_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Pool:
    """Bounded parallel map: at most `inflight` inputs held in memory, results in input order."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.executor = None
        if self.jobs > 1:
            # Start the workers before any progress thread exists: fork copies only this thread.
            self.executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_exit_with_parent, initargs=(os.getpid(),))
            list(self.executor.map(_warm, range(self.jobs)))
        self.inflight = self.jobs * 8
        self.pending: deque[tuple[Future, object]] = deque()

    def submit(self, fn, *args, tag=None) -> Iterator[tuple[object, object]]:
        """Queue one call; yield (tag, result) for calls that must be drained to stay bounded."""
        fut = self.executor.submit(fn, *args) if self.executor else _run_now(fn, *args)
        self.pending.append((fut, tag))
        while len(self.pending) > self.inflight:
            f, t = self.pending.popleft()
            yield t, f.result()

    def drain(self) -> Iterator[tuple[object, object]]:
        while self.pending:
            f, t = self.pending.popleft()
            yield t, f.result()

    def close(self) -> None:
        if self.executor:
            self.executor.shutdown(cancel_futures=True)


def _run_now(fn, *args) -> Future:
    fut: Future = Future()
    fut.set_result(fn(*args))
    return fut


class Batcher:
    """Commits every `size` writes or every `seconds`, whichever comes first."""

    def __init__(self, conn: sqlite3.Connection, writer, size: int, seconds: float = 2.0):
        self.conn, self.writer, self.size, self.seconds = conn, writer, max(1, size), seconds
        self.open = False
        self.count = 0
        self.started = 0.0

    def write(self, fn, *args):
        if not self.open:
            self.conn.execute("BEGIN IMMEDIATE")
            self.writer.new_transaction()
            self.open, self.count, self.started = True, 0, time.monotonic()
        try:
            result = fn(*args)
        except BaseException:
            self.abort()
            raise
        self.count += 1
        if self.count >= self.size or time.monotonic() - self.started >= self.seconds:
            self.commit()
        return result

    def commit(self) -> None:
        if self.open:
            self.writer.flush()
            common_words.flush(self.conn)
            codec.train_if_ready(self.conn)
            self.conn.execute("COMMIT")
            self.open = False

    def abort(self) -> None:
        if self.open:
            self.conn.execute("ROLLBACK")
            self.open = False
            self.writer.rolled_back()
