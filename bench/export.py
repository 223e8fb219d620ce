"""Export benchmark: rows/s and peak memory for JSON Lines and Parquet, and
EPUB (and HTML) exports/s.

    python bench/export.py                      # 100k works
    python bench/export.py --works 1000000      # the 1M-work goal: under 300 MB
    python bench/export.py --library PATH       # export an existing library instead

Works come from a deterministic stream: bench/library.py's generator writes
`--templates` distinct stories (header, tags, recombined fixture sentences),
each is parsed and understood once (so rows carry character_stats and
quotations), and the stream cycles through them with a fresh id and title per
work, never holding more than the templates. Each format runs in its own
forked process, whose peak RSS is reported. With `--library` the stream is
`Library.iter_works()` over the whole library instead (load included).

Figures depend on the machine and on what else runs on it; the 2-core
workplace is shared, so expect noise.
"""
from __future__ import annotations

import argparse
import dataclasses
import multiprocessing as mp
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

from ficarchive.export import write_documents  # noqa: E402
from ficarchive.export.data import write_rows  # noqa: E402
from ficarchive.model import Work  # noqa: E402


def templates(count: int, words: int, seed: int) -> list[Work]:
    import library as library_bench  # bench/library.py: the project's story generator
    from ficarchive.pipeline import analyse_work
    from ficarchive.structure import parse_bytes

    pool, fandoms = library_bench.sentence_pool(), library_bench.tag_pool()
    rng = random.Random(f"export:{seed}:{words}")
    works = []
    for n in range(count):
        text = library_bench.story(rng, n, pool, fandoms, words)
        works.append(analyse_work(parse_bytes(f"story_{n:06d}.txt", text.encode("utf-8"))))
    return works


def stream(base: list[Work], total: int):
    for n in range(total):
        w = base[n % len(base)]
        wid = f"{n:064x}"
        yield dataclasses.replace(w, id=wid, title=f"{w.title} {n}", source=dataclasses.replace(w.source, sha256=wid))


def library_stream(path: str, limit: int | None):
    from ficarchive.library import Library

    with Library(path, create=False) as lib:
        for n, work in enumerate(lib.iter_works(None)):
            if limit is not None and n >= limit:
                return
            yield work


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _status_mb(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(job, conn) -> None:
    start_rss = _status_mb("VmRSS")
    started = time.perf_counter()
    result = job()
    peak = _status_mb("VmHWM")
    conn.send((result, time.perf_counter() - started, (peak, peak - start_rss)))
    conn.close()


def measure(job):
    """Run `job` in a forked process: (its result, seconds, (its peak RSS,
    what the export added to the RSS it started with) in MB)."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(job, child))
    proc.start()
    result = parent.recv()
    proc.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=100_000, help="rows for jsonl/parquet")
    ap.add_argument("--documents", type=int, default=1_000, help="works for epub/html")
    ap.add_argument("--templates", type=int, default=200)
    ap.add_argument("--words", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--library", help="export this library (bench/library.py builds one) instead of the stream")
    args = ap.parse_args()

    if args.library:
        make = lambda n: library_stream(args.library, n)  # noqa: E731
        print(f"source: library {args.library}")
    else:
        t0 = time.perf_counter()
        base = templates(args.templates, args.words, args.seed)
        print(f"source: {args.templates} generated works of ~{args.words} words, parsed and understood in "
              f"{time.perf_counter() - t0:.1f} s, cycled with fresh ids")
        make = lambda n: stream(base, n)  # noqa: E731
    print(f"parent peak RSS before exporting: {peak_rss_mb():.0f} MB")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for fmt in ("jsonl", "parquet"):
            for with_quotes in (False, True):
                target = out / f"works.{fmt}"
                quotes = out / f"works.quotes.{fmt}" if with_quotes else None
                (rows, quote_rows), seconds, (peak, added) = measure(
                    lambda: write_rows(make(args.works), fmt, target, quotes))
                size = target.stat().st_size / 1e6
                extra = f" + {quote_rows:,} quotation rows" if with_quotes else ""
                print(f"{fmt:8} {rows:>9,} work rows{extra}: {rows / seconds:,.0f} works/s, {size:,.1f} MB, "
                      f"peak RSS {peak:.0f} MB (+{added:.0f} MB while exporting)")
        for fmt in ("epub", "html"):
            n, seconds, (peak, added) = measure(
                lambda: sum(1 for _ in write_documents(make(args.documents), fmt, out / fmt)))
            print(f"{fmt:8} {n:>9,} files: {n / seconds:,.0f} exports/s, peak RSS {peak:.0f} MB "
                  f"(+{added:.0f} MB while exporting)")


if __name__ == "__main__":
    main()
