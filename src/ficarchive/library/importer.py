"""Import: files, folders and zips into the library, in parallel and streaming.

The main process walks the inputs and skips bytes the library already holds
(that is what makes a re-run after a crash finish the job instead of redoing
it); a process pool parses and understands; the main process is the only
writer and commits a transaction every `batch_size` works, so a kill -9 loses
at most the batch in flight and never leaves half a work behind.
"""
from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..errors import FicError
from ..ingest import Limits, iter_inputs
from ..ingest.sources import STORY_SUFFIXES
from . import codec, signature
from .analyze import Analyzed, analyze, sha256, work_from_json
from .store import (Entry, PendingLinks, analysis_json, body_json, content, loosen_merging, restore_merging,
                    sha_key, show, tidy_index, write_work)
from .tags import TagCache
from .workers import Batcher, Pool

# Metadata the sources of one work share: the shown source takes what it lacks from the others.
CARRIED_FIELDS = ("title", "authors", "series", "fandoms", "rating", "warnings", "categories",
                  "relationships", "characters", "additional_tags", "summary", "language")
MAX_CANDIDATES = 20
RECENT_SHINGLE_SETS = 4096
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
    """Places analysed sources in the library: a new work, or a source of an existing one.

    Near-duplicate keys and tag links are held until the transaction commits (`flush`) and
    then inserted in key order: a batch's keys land on neighbouring pages of the `lsh` index
    instead of one scattered page each (store.PendingLinks for the links)."""

    def __init__(self, conn: sqlite3.Connection, fandom_of=None):
        self.conn = conn
        self.fandom_of = fandom_of
        self.tags = TagCache(conn, fandom_of)
        self.tags_version: int | None = None
        self.pending_keys: dict[int, list[int]] = {}   # key -> sources of this transaction
        self.links = PendingLinks()
        self.merging: dict[str, int] = {}  # the library's own merge settings (store.loosen_merging)
        # Shingle sets of works written or verified lately: candidates repeat (a long sentence
        # shared at the same offset makes the same works candidates again and again), and
        # rebuilding one from the stored text was most of the writer's time at 100,000 works.
        # An import that rolls a transaction back ends, so no set outlives its work's text.
        self.recent: OrderedDict[int, object] = OrderedDict()

    def new_transaction(self) -> None:
        # Tag ids stay valid from one transaction to the next unless another connection
        # committed in between (a tag renamed or merged): `data_version` tells.
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self.tags_version:
            self.tags, self.tags_version = TagCache(self.conn, self.fandom_of), version
        self.pending_keys = {}
        self.links = PendingLinks()
        self.merging = loosen_merging(self.conn)

    def rolled_back(self) -> None:
        """The open transaction was rolled back: the tags it created are gone."""
        self.tags, self.tags_version = TagCache(self.conn, self.fandom_of), None
        self.pending_keys = {}
        self.links = PendingLinks()

    def flush(self) -> None:
        """Write the transaction's near-duplicate keys and tag links, and its full-text terms under the
        import's merge settings, which it then restores (before it commits)."""
        rows = sorted((k, spk) for k, spks in self.pending_keys.items() for spk in spks)
        self.conn.executemany("INSERT OR IGNORE INTO lsh(key, source) VALUES (?, ?)", rows)
        self.pending_keys = {}
        self.links.write(self.conn)
        restore_merging(self.conn, self.merging)

    def known(self, sha: str) -> bool:
        return self.conn.execute("SELECT 1 FROM sources WHERE sha = ?", (sha_key(sha),)).fetchone() is not None

    def place(self, a: Analyzed) -> str:
        """'new', 'updated' or 'duplicate'."""
        if self.known(a.sha):
            return "duplicate"
        match = self._match(a)
        now = time.time()
        date = a.mtime or now
        if match is None:
            pk = write_work(self.conn, self.tags, pk=None, entry=a, date=date, links=self.links)
            self._add_source(pk, a, now, None, shown=True)
            self._keep(pk, a.shingles)
            return "new"
        pk = match
        self.recent.pop(pk, None)  # its text may change below
        self._add_source(pk, a, now, content(self.conn, pk))
        cur_words, cur_date, analysis = self.conn.execute(
            "SELECT w.word_count, w.date, t.analysis FROM works w JOIN texts t ON t.pk = w.pk WHERE w.pk = ?", (pk,)).fetchone()
        newest = max(cur_date, date)
        current_json = analysis_json(self.conn, pk, codec.unpack(self.conn, analysis))
        current = work_from_json(current_json)
        if a.word_count > cur_words or (a.word_count == cur_words and date > cur_date):
            work, blob = _fill_gaps(a.work, a.analysis_json, current)
            write_work(self.conn, self.tags, pk=pk, entry=Entry(work, blob, a.body_json, a.sketch), date=newest,
                       links=self.links)
            show(self.conn, pk, a.sha)
            return "updated"
        work, blob = _fill_gaps(current, current_json, a.work)
        if blob is not current_json:  # the extra source knew something the shown one did not
            write_work(self.conn, self.tags, pk=pk, entry=Entry(work, blob, body_json(self.conn, pk)), date=newest,
                       links=self.links)
        else:
            self.conn.execute("UPDATE works SET date = ? WHERE pk = ?", (newest, pk))
        return "duplicate"

    def _add_source(self, pk: int, a: Analyzed, now: float, work_content: tuple[bytes, bytes] | None,
                    shown: bool = False) -> None:
        """`work_content`: the stored content of the work it joins; None when it is the source's own
        (its original was packed against it in the worker)."""
        name, blob = a.packed_original if work_content is None else codec.pack_original(a.original, *work_content)
        spk = self.conn.execute(
            "INSERT INTO sources(sha, work, shown, path, format, encoding, size, mtime, added, word_count, codec,"
            " original) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (sha_key(a.sha), pk, int(shown), a.path, a.format, a.encoding, a.size, a.mtime, now, a.word_count, name,
             blob)).lastrowid
        for key in a.keys:
            self.pending_keys.setdefault(key, []).append(spk)

    def _shingles_of(self, pk: int):
        """A work's shingle set, from the recent ones kept or from its stored text (then its sketch
        is kept too, for a library made before sketches)."""
        found = self.recent.pop(pk, None)
        if found is None:
            found = signature.text_shingles("\n".join(json.loads(body_json(self.conn, pk))))
            self.conn.execute("UPDATE texts SET sketch = ? WHERE pk = ? AND sketch IS NULL", (signature.sketch(found), pk))
        self._keep(pk, found)
        return found

    def _keep(self, pk: int, shingle_set) -> None:
        self.recent[pk] = shingle_set
        if len(self.recent) > RECENT_SHINGLE_SETS:
            self.recent.popitem(last=False)

    def _match(self, a: Analyzed) -> int | None:
        """The work this source is a near-duplicate of, verified on the texts themselves."""
        if not a.keys:
            return None
        marks = ",".join("?" * len(a.keys))
        # Those sharing the most keys first: the likeliest matches are kept when there are many.
        works = [w for (w,) in self.conn.execute(
            f"SELECT s.work FROM lsh l JOIN sources s ON s.pk = l.source WHERE l.key IN ({marks})"
            f" GROUP BY s.work ORDER BY count(*) DESC, s.work LIMIT {MAX_CANDIDATES}", a.keys)]
        pending = {spk for key in a.keys for spk in self.pending_keys.get(key, ())}
        if pending:
            marks = ",".join("?" * len(pending))
            works += [w for (w,) in self.conn.execute(
                f"SELECT DISTINCT work FROM sources WHERE pk IN ({marks})", sorted(pending)) if w not in works]
            works = works[:MAX_CANDIDATES]
        if not works:
            return None
        mine = a.shingles
        # Candidates whose sketch shows they cannot reach the containment a match needs are
        # ruled out before their text is read (the same division as `containment`, so the same
        # rounding); those kept lately are cheap to verify anyway.
        marks = ",".join("?" * len(works))
        sketched = [(pk, sketch) for pk, sketch in self.conn.execute(
            f"SELECT pk, sketch FROM texts WHERE pk IN ({marks}) AND sketch IS NOT NULL", works)
            if pk not in self.recent]
        bounds = signature.containment_at_most(mine, [sketch for _, sketch in sketched])
        ruled_out = {pk for (pk, _), bound in zip(sketched, bounds) if bound < signature.MATCH_CONTAINMENT}
        best, best_score = None, 0.0
        for pk in works:
            if pk in ruled_out:
                continue
            score = signature.containment(mine, self._shingles_of(pk))
            if score > best_score:
                best, best_score = pk, score
                if score == 1.0:  # none can beat it
                    break
        return best if best_score >= signature.MATCH_CONTAINMENT else None


def _fill_gaps(work, analysis_json: bytes, other) -> tuple:
    """`work` with what `other` (another source of the same story) knows better:
    fields `work` lacks, or only inferred where `other`'s header states them.
    Returns the work and its analysis JSON (the same object when nothing changed)."""
    changed = False
    for name in CARRIED_FIELDS:
        theirs = getattr(other, name)
        if theirs in (None, "", []):
            continue
        mine = getattr(work, name)
        my_source = work.provenance[name].source if name in work.provenance else None
        their_source = other.provenance[name].source if name in other.provenance else None
        if mine in (None, "", []) or (my_source == "inferred" and their_source in ("header", "structured")):
            setattr(work, name, theirs)
            if name in other.provenance:
                work.provenance[name] = other.provenance[name]
            changed = True
    return work, (codec.dumps(work) if changed else analysis_json)


@contextmanager
def _running(pool: Pool, batcher: Batcher, handle: Callable) -> Iterator[codec.SharedDictionary]:
    """Feed the pool in the body (the dictionary it yields is the one the workers pack with);
    then take the results still in flight and commit the last batch. Any failure, Ctrl-C
    included, rolls the open batch back (earlier batches stay committed) and the workers
    are always stopped."""
    shared = codec.SharedDictionary(batcher.conn)
    try:
        yield shared
        for tag, result in pool.drain():
            handle(tag, result)
        batcher.commit()
    except BaseException:
        batcher.abort()
        raise
    finally:
        pool.close()
        shared.close()


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

    with _running(pool, batcher, handle) as shared:
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
                for done_sha, result in pool.submit(analyze, item.path, item.data, item.mtime, shared.ref(), tag=sha,
                                                     size=len(item.data)):
                    handle(done_sha, result)
    if last_disk_file is not None:
        report.disk_files += 1
    tidy_index(conn, report.new + report.updated)
    report.seconds = time.monotonic() - started
    if progress:
        progress(report)
    return report


def reanalyze(conn: sqlite3.Connection, pks: Iterable[int], *, jobs: int | None = None, batch_size: int = 200,
              progress: Progress | None = None, fandom_of=None) -> ImportReport:
    """Parse and understand every source of each work again. The shown source stays
    shown and takes what it lacks from the others; corrections are re-applied."""
    report = ImportReport()
    started = time.monotonic()
    writer = Writer(conn, fandom_of)
    batcher = Batcher(conn, writer, batch_size)
    pool = Pool(jobs or os.cpu_count() or 1)
    waiting: dict[int, list] = {}  # work pk -> [sources left, shown result, other results]

    def handle(tag: tuple[int, bool], result) -> None:
        pk, shown = tag
        state = waiting[pk]
        state[0] -= 1
        if isinstance(result, FicError):
            report.errors.append(result)
        elif shown:
            state[1] = result
        else:
            state[2].append(result)
        if state[0] == 0:
            del waiting[pk]
            if state[1] is not None:
                batcher.write(_rewrite, conn, writer, pk, state[1], state[2])
                report.updated += 1
                report.words += state[1].word_count
        if progress:
            report.seconds = time.monotonic() - started
            progress(report)

    with _running(pool, batcher, handle) as shared:
        for pk in list(pks):
            rows = conn.execute(
                "SELECT path, codec, original, mtime, shown FROM sources WHERE work = ? ORDER BY shown DESC, pk",
                (pk,)).fetchall()
            if not rows:
                continue
            stored = content(conn, pk)
            waiting[pk] = [len(rows), None, []]
            report.files += 1
            for path, codec_name, blob, mtime, shown in rows:
                data = codec.unpack_original(codec_name, blob, *stored)
                for tag, result in pool.submit(analyze, path, data, mtime, shared.ref(), tag=(pk, bool(shown)),
                                               size=len(data)):
                    handle(tag, result)
    tidy_index(conn, report.updated)
    report.seconds = time.monotonic() - started
    return report


def _rewrite(conn: sqlite3.Connection, writer: Writer, pk: int, a: Analyzed, others: list[Analyzed]) -> None:
    (date,) = conn.execute("SELECT date FROM works WHERE pk = ?", (pk,)).fetchone()
    work, analysis = a.work, a.analysis_json
    for other in others:
        work, analysis = _fill_gaps(work, analysis, other.work)
    entry = a if analysis is a.analysis_json else Entry(work, analysis, a.body_json, a.sketch)
    write_work(conn, writer.tags, pk=pk, entry=entry, date=date, links=writer.links)
    for source in [a, *others]:  # near-duplicate keys follow today's parser
        (spk,) = conn.execute("SELECT pk FROM sources WHERE sha = ?", (sha_key(source.sha),)).fetchone()
        conn.execute("DELETE FROM lsh WHERE source = ?", (spk,))
        conn.executemany("INSERT OR IGNORE INTO lsh(key, source) VALUES (?, ?)", [(k, spk) for k in source.keys])
