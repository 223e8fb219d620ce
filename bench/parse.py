"""Throughput and memory of `ficarchive parse` over ../shared/corpus.

The corpus (plus the project's fixtures) is repeated until at least --mb
megabytes of input have been read, parsed by a pool of --workers processes
(one per core by default) and, as the baseline in the same run, by one process.
Prints words/s, MB/s, words per CPU second (the cost, whatever else shares
the cores) and peak resident memory of the parent and of a worker.

    python bench/parse.py                # 50 MB, as the README reports
    python bench/parse.py --mb 2         # a quick smoke run
    python bench/parse.py --understand   # parse + understanding (fandoms, dialogue, ...)
    python bench/parse.py --profile      # then where one process spends its time, by function
    python bench/parse.py --short        # the library benchmark's generated ~300-word works instead

Short works show the per-work fixed costs that long ones hide: `--short`
reads the works `bench/library.py` generates (the first --works of its input,
the same seed), made in memory.
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import sys
import time
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"


def short_works(count: int = 2000, words: int = 300) -> list[tuple[str, bytes]]:
    """The first `count` works of `bench/library.py`'s generated input of
    `words`-word works (its seed and order), as (name, bytes)."""
    import random
    sys.path.insert(0, str(ROOT / "bench"))
    import library
    pool, fandoms = library.sentence_pool(), library.tag_pool()
    rng = random.Random(f"1:0:{words}")  # the generator's first zip
    return [(f"story_{n:08d}.txt", library.story(rng, n, pool, fandoms, words).encode("utf-8"))
            for n in range(count)]


def corpus_files() -> list[Path]:
    files = []
    for folder in (SHARED / "fetched", SHARED / "seeds", ROOT / "tests" / "fixtures" / "styles"):
        if folder.is_dir():
            files += sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".epub", ".md"))
    return files


UNDERSTAND = False  # set in each process by _init


def _init(understand: bool) -> None:
    global UNDERSTAND
    UNDERSTAND = understand
    if understand:  # load the knowledge once per process, as a long import would
        from ficarchive.fandom.knowledge import default_knowledge
        default_knowledge()


def _parse_one(item: str | tuple[str, bytes]) -> tuple[int, int]:
    """Parse (and understand) one file, a path or (name, bytes)."""
    from ficarchive.structure import parse_bytes

    path, data = item if isinstance(item, tuple) else (item, Path(item).read_bytes())
    try:
        work = parse_bytes(path, data)
        if UNDERSTAND:
            from ficarchive.understand import understand
            understand(work)
    except Exception:
        return len(data), 0
    return len(data), work.word_count


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the pool's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(paths: list, workers: int, understand: bool = False) -> tuple[float, float, int, int]:
    cpu = _cpu_seconds()
    start = time.perf_counter()
    total_bytes = total_words = 0
    if workers == 1:
        results = map(_parse_one, paths)
        for b, w in results:
            total_bytes += b
            total_words += w
    else:
        with Pool(workers, initializer=_init, initargs=(understand,)) as pool:
            for b, w in pool.imap_unordered(_parse_one, paths, chunksize=4):
                total_bytes += b
                total_words += w
    return time.perf_counter() - start, _cpu_seconds() - cpu, total_bytes, total_words


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=50.0, help="megabytes of input to parse")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--understand", action="store_true", help="also run the understanding stage on each work")
    parser.add_argument("--short", action="store_true",
                        help="the library benchmark's generated short works (see --works, --words), not the corpus")
    parser.add_argument("--works", type=int, default=2000, help="with --short: how many distinct works")
    parser.add_argument("--words", type=int, default=300, help="with --short: story words per work")
    parser.add_argument("--profile", action="store_true",
                        help="after the figures, profile one process over the distinct files and print the costliest functions")
    args = parser.parse_args()
    _init(args.understand)
    if args.short:
        files = short_works(args.works, args.words)
        sizes = {item: len(item[1]) for item in files}
    else:
        files = [str(p) for p in corpus_files()]
        if not files:
            sys.exit("bench/parse.py: no corpus found in ../shared/corpus")
        sizes = {p: Path(p).stat().st_size for p in files}
    paths, total = [], 0
    while total < args.mb * 1024 * 1024:
        for p in files:
            paths.append(p)
            total += sizes[p]
    # warm the imports once so both runs measure parsing, not start-up
    _parse_one(paths[0])
    print(f"input: {len(files)} distinct {'generated short works' if args.short else 'files'} repeated to {len(paths)} files, {total / 1e6:.1f} MB"
          + (", parse + understanding" if args.understand else ", parse only"))
    for workers in (1, args.workers) if args.workers > 1 else (1,):
        secs, cpu, nbytes, words = run(paths, workers, args.understand)
        # CPU time shows the cost when other work shares the cores and wall time does not
        print(f"workers={workers}: {words:,} words in {secs:.2f} s = {words / secs:,.0f} words/s, "
              f"{nbytes / secs / 1e6:.1f} MB/s; {cpu:.2f} CPU s = {words / cpu:,.0f} words per CPU second")
    print(f"peak RSS: parent {_peak_mb(resource.RUSAGE_SELF):.0f} MB, "
          f"largest worker {_peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    if args.profile:
        profile(files)


def profile(paths: list, rounds: int = 3) -> None:
    """Where the time goes, by function: cProfile over `rounds` passes of the
    distinct files in this process (its overhead inflates small, frequent
    calls; compare stages with it, and speeds with the figures above)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(rounds):
        for path in paths:
            _parse_one(path)
    profiler.disable()
    print(f"\nprofile: {rounds} passes over {len(paths)} files, one process; by time inside each function, then including callees")
    stats = pstats.Stats(profiler)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats("ficarchive", 25)


if __name__ == "__main__":
    main()
