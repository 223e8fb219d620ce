"""Import: files, folders and zips into the library, in parallel and streaming.

The main process walks the inputs and skips bytes the library already holds
(that is what makes a re-run after a crash finish the job instead of redoing
it); a process pool parses and understands; the main process is the only
writer and commits a transaction every `batch_size` works, so a kill -9 loses
at most the batch in flight and never leaves half a work behind.
"""
from __future__ import annotations

import multiprocessing
import os
import sqlite3
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import FicError
from ..ingest import Limits, iter_inputs
from ..ingest.sources import STORY_SUFFIXES
from . import codec, signature
from .analyze import Analyzed, analyze, sha256, work_from_blobs
from .store import write_work
from .tags import TagCache

# Fields a newly winning text takes from the old one when it has nothing itself.
CARRIED_FIELDS = ("title", "authors", "series", "fandoms", "rating", "warnings", "categories",
                  "relationships", "characters", "additional_tags", "summary", "language")
MAX_CANDIDATES = 20
_COUNTERS = {"new": "new", "updated": "updated", "duplicate": "duplicates"}


@dataclass
class ImportReport:
    files: int = 0          # story files read (zip members count one each)
    new: int = 0            # works added
    updated: int = 0        # sources that joined a work and became its text
    duplicates: int = 0     # sources already there (same bytes) or joined a work as an extra source
    words: int = 0          # words of story text parsed
    errors: list[FicError] = field(default_factory=list)
    seconds: float = 0.0
    files_total: int | None = None   # files on disk, when counted up front
    disk_files: int = 0              # of those, done

    @property
    def works(self) -> int:
        return self.new + self.updated + self.duplicates

    def summary(self) -> str:
        return (f"imported {self.files} files: {self.works} works ({self.new} new, {self.updated} updated, "
                f"{self.duplicates} duplicates), {len(self.errors)} errors")


Progress = Callable[[ImportReport], None]


def count_files(paths: Iterable[str | os.PathLike]) -> int:
    """Story files on disk under `paths` (a zip counts one): the progress bar's total."""
    total = 0
    for p in map(Path, paths):
        if p.is_dir():
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = [d for d in dirnames if not d.startswith(".")]
                total += sum(1 for f in filenames
                             if not f.startswith(".") and Path(f).suffix.lower() in STORY_SUFFIXES)
        else:
            total += 1
    return total


class Writer:
    """Places analysed sources in the library: a new work, or a source of an existing one."""

    def __init__(self, conn: sqlite3.Connection, fandom_of=None):
        self.conn = conn
        self.fandom_of = fandom_of
        self.tags = TagCache(conn, fandom_of)

    def new_transaction(self) -> None:
        self.tags = TagCache(self.conn, self.fandom_of)

    def known(self, sha: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE sha = ?", (sha,)).fetchone() is not None

    def place(self, a: Analyzed) -> str:
        """'new', 'updated' or 'duplicate'."""
        if self.known(a.sha):
            return "duplicate"
        match = self._match(a)
        now = time.time()
        date = a.mtime or now
        if match is None:
            pk = write_work(self.conn, self.tags, pk=None, sha=a.sha, work=a.work, body_text=a.body_text,
                            analysis_blob=a.analysis_blob, body_blob=a.body_blob, date=date)
            self._add_source(pk, a, now)
            return "new"
        pk = match
        self._add_source(pk, a, now)
        cur_words, cur_date, analysis = self.conn.execute(
            "SELECT word_count, date, analysis FROM works WHERE pk = ?", (pk,)).fetchone()
        newest = max(cur_date, date)
        if a.word_count > cur_words or (a.word_count == cur_words and date > cur_date):
            old = work_from_blobs(analysis, codec.pack_json([]))
            work, blob = _carry_over(a, old)
            write_work(self.conn, self.tags, pk=pk, sha=a.sha, work=work, body_text=a.body_text,
                       analysis_blob=blob, body_blob=a.body_blob, date=newest)
            return "updated"
        self.conn.execute("UPDATE works SET date = ? WHERE pk = ?", (newest, pk))
        return "duplicate"

    def _add_source(self, pk: int, a: Analyzed, now: float) -> None:
        src = a.work.source
        spk = self.conn.execute(
            "INSERT INTO sources(sha, work, path, format, encoding, size, mtime, added, word_count, codec, original)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (a.sha, pk, src.path, src.format, src.encoding, a.size, a.mtime, now, a.word_count, codec.CODEC,
             a.original_blob)).lastrowid
        self.conn.executemany("INSERT OR IGNORE INTO lsh(key, source) VALUES (?, ?)", [(k, spk) for k in a.keys])

    def _match(self, a: Analyzed) -> int | None:
        """The work this source is a near-duplicate of, verified on the texts themselves."""
        if not a.keys:
            return None
        marks = ",".join("?" * len(a.keys))
        works = [w for (w,) in self.conn.execute(
            f"SELECT DISTINCT s.work FROM lsh l JOIN sources s ON s.pk = l.source WHERE l.key IN ({marks})"
            f" LIMIT {MAX_CANDIDATES}", a.keys)]
        if not works:
            return None
        mine = signature.shingles(signature.words("\n".join(a.body_text)))
        best, best_score = None, 0.0
        for pk in works:
            (body,) = self.conn.execute("SELECT body FROM works WHERE pk = ?", (pk,)).fetchone()
            theirs = signature.shingles(signature.words("\n".join(codec.unpack_json(body))))
            score = signature.containment(mine, theirs)
            if score > best_score:
                best, best_score = pk, score
        return best if best_score >= signature.MATCH_CONTAINMENT else None


def _carry_over(a: Analyzed, old) -> tuple:
    work = a.work
    carried = False
    for name in CARRIED_FIELDS:
        if getattr(work, name) in (None, "", []) and getattr(old, name) not in (None, "", []):
            setattr(work, name, getattr(old, name))
            if name in old.provenance:
                work.provenance[name] = old.provenance[name]
            carried = True
    return work, (codec.pack_json(work.to_dict()) if carried else a.analysis_blob)


def _warm(_: int) -> int:
    return os.getpid()


class Pool:
    """Bounded parallel map: at most `inflight` inputs held in memory, results in input order."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.executor = None
        if self.jobs > 1:
            # Start the workers before any progress thread exists: fork copies only this thread.
            self.executor = ProcessPoolExecutor(self.jobs, mp_context=multiprocessing.get_context("fork"))
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

    def __init__(self, conn: sqlite3.Connection, writer: Writer, size: int, seconds: float = 2.0):
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
            self.conn.execute("ROLLBACK")
            self.open = False
            raise
        self.count += 1
        if self.count >= self.size or time.monotonic() - self.started >= self.seconds:
            self.commit()
        return result

    def commit(self) -> None:
        if self.open:
            self.conn.execute("COMMIT")
            self.open = False

    def abort(self) -> None:
        if self.open:
            self.conn.execute("ROLLBACK")
            self.open = False


def import_paths(conn: sqlite3.Connection, paths: Iterable[str | os.PathLike], *, jobs: int | None = None,
                 batch_size: int = 200, progress: Progress | None = None, fandom_of=None,
                 limits: Limits = Limits()) -> ImportReport:
    paths = [str(p) for p in paths]
    report = ImportReport(files_total=count_files(paths))
    started = time.monotonic()
    writer = Writer(conn, fandom_of)
    batcher = Batcher(conn, writer, batch_size)
    pool = Pool(jobs or os.cpu_count() or 1)
    in_flight: set[str] = set()
    last_disk_file = None

    def handle(sha: str, result) -> None:
        in_flight.discard(sha)
        if isinstance(result, FicError):
            report.errors.append(result)
        else:
            counter = _COUNTERS[batcher.write(writer.place, result)]
            setattr(report, counter, getattr(report, counter) + 1)
            report.words += result.word_count
        if progress:
            report.seconds = time.monotonic() - started
            progress(report)

    try:
        for top in paths:
            for item in iter_inputs(top, limits):
                report.files += 1
                disk_file = item.path.split("!", 1)[0]
                if disk_file != last_disk_file:
                    if last_disk_file is not None:
                        report.disk_files += 1
                    last_disk_file = disk_file
                if isinstance(item, FicError):
                    report.errors.append(item)
                    if progress:
                        progress(report)
                    continue
                sha = sha256(item.data)
                if sha in in_flight or writer.known(sha):
                    report.duplicates += 1
                    if progress:
                        progress(report)
                    continue
                in_flight.add(sha)
                for done_sha, result in pool.submit(analyze, item.path, item.data, item.mtime, tag=sha):
                    handle(done_sha, result)
        for done_sha, result in pool.drain():
            handle(done_sha, result)
        batcher.commit()
    except BaseException:
        batcher.abort()
        raise
    finally:
        pool.close()
    if last_disk_file is not None:
        report.disk_files += 1
    report.seconds = time.monotonic() - started
    if progress:
        progress(report)
    return report


def reanalyze(conn: sqlite3.Connection, pks: Iterable[int], *, jobs: int | None = None, batch_size: int = 200,
              progress: Progress | None = None, fandom_of=None) -> ImportReport:
    """Parse and understand each work's shown source again; corrections are re-applied."""
    report = ImportReport()
    started = time.monotonic()
    writer = Writer(conn, fandom_of)
    batcher = Batcher(conn, writer, batch_size)
    pool = Pool(jobs or os.cpu_count() or 1)

    def handle(pk: int, result) -> None:
        if isinstance(result, FicError):
            report.errors.append(result)
        else:
            batcher.write(_rewrite, conn, writer, pk, result)
            report.updated += 1
            report.words += result.word_count
        if progress:
            report.seconds = time.monotonic() - started
            progress(report)

    try:
        for pk in list(pks):
            row = conn.execute(
                "SELECT s.path, s.codec, s.original, s.mtime FROM works w JOIN sources s ON s.sha = w.id WHERE w.pk = ?",
                (pk,)).fetchone()
            if row is None:
                continue
            path, codec_name, blob, mtime = row
            report.files += 1
            for done, result in pool.submit(analyze, path, codec.decompress(blob, codec_name), mtime, tag=pk):
                handle(done, result)
        for done, result in pool.drain():
            handle(done, result)
        batcher.commit()
    except BaseException:
        batcher.abort()
        raise
    finally:
        pool.close()
    report.seconds = time.monotonic() - started
    return report


def _rewrite(conn: sqlite3.Connection, writer: Writer, pk: int, a: Analyzed) -> None:
    (date,) = conn.execute("SELECT date FROM works WHERE pk = ?", (pk,)).fetchone()
    write_work(conn, writer.tags, pk=pk, sha=a.sha, work=a.work, body_text=a.body_text,
               analysis_blob=a.analysis_blob, body_blob=a.body_blob, date=date)
    (spk,) = conn.execute("SELECT pk FROM sources WHERE sha = ?", (a.sha,)).fetchone()
    conn.execute("DELETE FROM lsh WHERE source = ?", (spk,))
    conn.executemany("INSERT OR IGNORE INTO lsh(key, source) VALUES (?, ?)", [(k, spk) for k in a.keys])
