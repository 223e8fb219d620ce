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
from .db import mark_changed


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
    """Bounded parallel map, results in input order. Calls go to the workers in batches of up
    to `batch` calls or `batch_bytes` of input, so a small file does not pay a process round
    trip of its own (pickling, a pipe write, a wake-up on each side: about a tenth of a
    millisecond of the importing process's CPU per file, up to a quarter of its whole job);
    at most `inflight` batches per worker are held in memory. The queue is deep enough for the
    workers to go on while the importing process commits a transaction (a tenth of a second or
    more, in which two workers finish a few hundred small works); with only two batches a
    worker, they sat idle through every commit."""

    def __init__(self, jobs: int, batch: int = 16, batch_bytes: int = 1 << 20, inflight: int = 8):
        self.jobs = max(1, jobs)
        self.executor = None
        if self.jobs > 1:
            # Start the workers before any progress thread exists: fork copies only this thread.
            self.executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"),
                                                initializer=_exit_with_parent, initargs=(os.getpid(),))
            list(self.executor.map(_warm, range(self.jobs)))
        self.batch, self.batch_bytes = max(1, batch), batch_bytes
        self.inflight = self.jobs * max(1, inflight)
        self.pending: deque[tuple[Future, list]] = deque()
        self.filling: tuple | None = None  # (fn, calls, tags, bytes) not yet sent

    def submit(self, fn, *args, tag=None, size: int = 0) -> Iterator[tuple[object, object]]:
        """Queue one call (`size`: its input's bytes); yield (tag, result) for calls that must
        be drained to stay bounded."""
        if self.executor is None:
            self.pending.append((_run_now(_run_batch, fn, [args]), [tag]))
        else:
            if self.filling is not None and self.filling[0] is not fn:
                self._send()
            if self.filling is None:
                self.filling = (fn, [], [], 0)
            fn, calls, tags, held = self.filling
            calls.append(args)
            tags.append(tag)
            self.filling = (fn, calls, tags, held + size)
            if len(calls) >= self.batch or held + size >= self.batch_bytes:
                self._send()
        while len(self.pending) > self.inflight:
            yield from self._take()

    def drain(self) -> Iterator[tuple[object, object]]:
        self._send()
        while self.pending:
            yield from self._take()

    def _send(self) -> None:
        if self.filling is not None:
            fn, calls, tags, _ = self.filling
            self.filling = None
            self.pending.append((self.executor.submit(_run_batch, fn, calls), tags))

    def _take(self) -> Iterator[tuple[object, object]]:
        future, tags = self.pending.popleft()
        yield from zip(tags, future.result())

    def close(self) -> None:
        if self.executor:
            self.executor.shutdown(cancel_futures=True)


def _run_batch(fn, calls: list[tuple]) -> list:
    return [fn(*args) for args in calls]


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
            mark_changed(self.conn)
            self.conn.execute("COMMIT")
            self.open = False

    def abort(self) -> None:
        if self.open:
            self.conn.execute("ROLLBACK")
            self.open = False
            self.writer.rolled_back()
