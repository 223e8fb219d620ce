"""Library benchmark: import speed, size on disk and query latency.

    python bench/library.py                    # 10k works
    python bench/library.py --works 100000
    python bench/library.py --works 1000000 --words 300

A deterministic generator recombines the sentences of the project's own fixture
stories (tests/fixtures/library, tests/fixtures/styles) into new works with
fresh titles, authors and tags (canonical fandom, character and relationship
tags from the shipped knowledge files, in header shorthand half the time), and
writes them as zips of plain-text files. The library is then built with
`Library.import_paths` (the full pipeline: parse, understand, store) and
measured:

* import words/s (story words parsed per second of wall time) and works/s,
  and the CPU time per work of the parent (the single writer) and of all the
  workers together: which side bounds the import;
* the importing (parent) process's resident memory before the import and its
  peak during it (sampled as works arrive; the generator's own memory is in
  the first figure, not the second's growth);
* library size over raw size (the story files' bytes), after a WAL checkpoint,
  and the largest tables and indexes (SQLite's dbstat, when it is built in);
* with `--split N`, where an import's time goes, measured in one process
  (CPU seconds per word, so other jobs on the machine matter less) on N of
  the generated works: parse and understand (the workers' main job), pack
  (the rest of the workers' job: JSON, compression against the library's
  dictionary, the original's compression, near-duplicate keys), IPC (pickling
  the packed result and unpickling it in the writer) and write (the single
  writer: near-duplicate lookup, rows, tags, full-text index, commits), the
  last three over the works after the first 1,000 (which train the library's
  dictionary, once per library);
* p50/p95 latency of 20 mixed queries (a word, three filters, facets), each
  run 5 times after one warm-up run, on the finished library, and the
  slowest queries, on a connection whose kept columns are built (the time
  that took is printed first: the first search after a change builds and
  saves them in the cache folder, `FICARCHIVE_CACHE`, by default the
  bench's own `--dir`/cache). `--queries-only` measures an existing
  library again;
* each query once more as a command in a new process (`ficarchive search
  --facets --json`, which maps the saved columns), p50 and max of the wall
  time, next to the time of `ficarchive --help` (Python's start and the
  CLI's imports).

Figures depend on the machine and on what else runs on it; the 2-core
workplace is shared, so expect noise.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import statistics
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = [ROOT / "tests" / "fixtures" / "library", ROOT / "tests" / "fixtures" / "styles"]
PER_ZIP = 10_000
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")

FIRST = ["Ada", "Bram", "Cass", "Dov", "Edda", "Fenn", "Gil", "Hale", "Ines", "Jory", "Kit", "Lark", "Mira",
         "Nell", "Oren", "Pim", "Quill", "Rue", "Sable", "Tam", "Ula", "Vey", "Wren", "Xan", "Yara", "Zeb"]
WORDS = ["river", "lantern", "winter", "glass", "ember", "harbour", "thistle", "quiet", "salt", "orchard",
         "paper", "iron", "hollow", "meridian", "cinder", "tide", "ledger", "moth", "signal", "north", "velvet",
         "bramble", "echo", "stone", "after", "never", "small", "long", "last", "first", "bright", "broken"]
FREEFORM = ["Hurt/Comfort", "Fluff", "Angst", "Slow Burn", "Post-Canon", "Alternate Universe", "Case Fic",
            "Friendship", "Found Family", "Humor", "Drama", "Road Trip", "Holidays", "Rain", "Secrets"]
RATINGS = ["G", "PG", "PG-13", "R", "NC-17", "Teen And Up Audiences", "Mature", "Explicit"]


def sentence_pool() -> list[str]:
    """Every sentence of the fixture stories' text, as the parser reads it."""
    from ficarchive.parse import parse_path
    pool: list[str] = []
    for folder in FIXTURES:
        for work in parse_path(folder):
            if hasattr(work, "chapters"):
                for para in work.text.split("\n"):
                    pool += [s.strip() for s in _SENTENCE.split(para) if len(s.split()) >= 4]
    return sorted(set(pool))


def tag_pool():
    from ficarchive.fandom.knowledge import default_knowledge
    k = default_knowledge()
    fandoms = []
    for name, f in sorted(k.fandoms.items()):
        chars = [c.tag for c in f.characters]
        rels = [r.tag for r in getattr(f, "relationships", [])]
        short = [s for r in getattr(f, "relationships", []) for s in r.shorthand[:1]]
        if len(chars) >= 2:
            fandoms.append((name, f.abbreviations[:1] or [name], chars, rels, short))
    return fandoms


def story(rng: random.Random, n: int, pool: list[str], fandoms, words: int) -> str:
    name, abbr, chars, rels, short = fandoms[rng.randrange(len(fandoms))]
    title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 4))).title()
    author = f"{rng.choice(FIRST).lower()}_{rng.choice(WORDS)}{n % 997}"
    cast = rng.sample(chars, min(len(chars), rng.randint(1, 3)))
    header = [f"Title: {title}", f"Author: {author}",
              f"Fandom: {rng.choice(abbr) if rng.random() < 0.5 else name}",
              f"Rating: {rng.choice(RATINGS)}", f"Characters: {', '.join(cast)}"]
    if rels and rng.random() < 0.7:
        header.append(f"Pairing: {rng.choice(short) if short and rng.random() < 0.5 else rng.choice(rels)}")
    header.append(f"Tags: {', '.join(rng.sample(FREEFORM, rng.randint(1, 3)))}")
    header.append(f"Summary: {rng.choice(pool)}")
    fresh = f"{rng.choice(FIRST)} {rng.choice(FIRST)}son"  # a name of this work's own
    # Its own opening, as every real story has (openings are near-duplicate keys).
    opening = f"{fresh} came back to the {' '.join(rng.choice(WORDS) for _ in range(rng.randint(1, 4)))} {n}."
    body: list[str] = [opening]
    count = len(opening.split())
    while count < words:
        para = [rng.choice(pool) for _ in range(rng.randint(2, 5))]
        if rng.random() < 0.3:
            para.insert(rng.randrange(len(para) + 1), f"{fresh} said nothing about the {rng.choice(WORDS)} {n}.")
        text = " ".join(para)
        body.append(text)
        count += len(text.split())
    return "\n".join(header) + "\n\n" + "\n\n".join(body) + "\n\nThe End\n"


def generate(out: Path, works: int, words: int, seed: int = 1) -> tuple[list[Path], int]:
    """Zips of stories under `out` (reused when already there); returns them and the raw bytes."""
    out.mkdir(parents=True, exist_ok=True)
    pool, fandoms = sentence_pool(), tag_pool()
    zips, raw = [], 0
    for start in range(0, works, PER_ZIP):
        path = out / f"works_{start:08d}.zip"
        done = path.with_suffix(".raw")
        if not done.exists():
            rng = random.Random(f"{seed}:{start}:{words}")
            size = 0
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
                for n in range(start, min(works, start + PER_ZIP)):
                    data = story(rng, n, pool, fandoms, words).encode("utf-8")
                    size += len(data)
                    zf.writestr(zipfile.ZipInfo(f"story_{n:08d}.txt", date_time=(2020, 1, 1, 0, 0, 0)), data)
            done.write_text(str(size))
        zips.append(path)
        raw += int(done.read_text())
    return zips, raw


def write_stories(folder: Path, count: int, words: int = 120, seed: int = 7) -> list[Path]:
    """`count` small story files in a folder (for tests)."""
    folder.mkdir(parents=True, exist_ok=True)
    pool, fandoms = sentence_pool(), tag_pool()
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        p = folder / f"story_{n:05d}.txt"
        p.write_text(story(rng, n, pool, fandoms, words), encoding="utf-8")
        paths.append(p)
    return paths


QUERIES = [
    "slayer fandom:btvs rating:teen words:>100",
    "rain -character:spike complete:yes words:200..2000",
    "night fandom:\"Buffy the Vampire Slayer\" tag:angst -rating:explicit",
    "door relationship:spuffy words:<5000 language:en",
    "\"said nothing\" fandom:sg1 complete:yes chapters:1",
    "lantern* tag:fluff rating:general words:>50",
    "river -tag:angst fandom:sherlock words:>10",
    "blood category:m/m rating:explicit complete:yes",
    "coffee character:red -fandom:doctor words:..3000",
    "morning fandom:\"Star Trek: Voyager\" rating:mature chapters:<3",
    "dark tag:\"slow burn\" -complete:no words:100..",
    "light fandom:merlin -rating:general words:>150",
    "window relationship:destiel complete:yes words:<1000",
    "quiet -fandom:btvs tag:\"found family\" words:>80",
    "house fandom:\"Teen Wolf\" rating:teen -tag:humor",
    "stars character:\"John Watson\" complete:yes words:>100",
    "fire tag:drama fandom:naruto -rating:explicit",
    "old* author:ada words:>100 complete:yes",
    "hand fandom:\"Harry Potter - J. K. Rowling\" tag:holidays words:<2000",
    "said -tag:rain rating:mature words:200..",
]


def _children_cpu() -> float:
    """CPU seconds of this process's ended children (the import's workers, once it returns)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return rss_mb()  # no /proc: the peak so far


def size_breakdown(conn, raw: int, top: int = 8) -> str:
    try:
        rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    except Exception:  # dbstat is a compile-time option
        return "size by table: dbstat not available"
    return "size by table: " + ", ".join(f"{name} {size / raw:.3f}x" for name, size in rows[:top])


def split(zips: list[Path], count: int, folder: Path) -> None:
    """CPU time per stage of an import (see the module docstring), in this process."""
    import pickle
    from ficarchive.library import Library
    from ficarchive.library.analyze import pack, understand_work
    from ficarchive.library.codec import TRAIN_AT, SharedDictionary
    from ficarchive.library.importer import Writer
    from ficarchive.library.workers import Batcher
    from ficarchive.structure import parse_bytes

    with zipfile.ZipFile(zips[0]) as zf:
        items = [(f"{zips[0]}!{name}", zf.read(name)) for name in zf.namelist()[:count]]
    for path, data in items[:20]:  # warm-up: the knowledge base, language model, compiled patterns
        understand_work(parse_bytes(path, data))
    cpu = time.process_time
    spent = dict.fromkeys(["parse", "understand", "pack", "ipc", "write"], 0.0)
    works = []
    for path, data in items:
        t0 = cpu()
        work = parse_bytes(path, data)
        t1 = cpu()
        works.append((understand_work(work), data))
        spent["parse"] += t1 - t0
        spent["understand"] += cpu() - t1
    db = folder / "split.db"
    for p in folder.glob("split.db*"):
        p.unlink()
    lib = Library(db)
    writer = Writer(lib.conn, lib._fandom_of)
    batcher = Batcher(lib.conn, writer, 1000)
    half = TRAIN_AT  # these train the library's dictionary at their commit; the rest are measured
    if len(works) <= half:
        sys.exit(f"--split needs more than {TRAIN_AT} works")
    for work, data in works[:half]:
        batcher.write(writer.place, pack(work, data, None, keys=True))
    batcher.commit()
    shared = SharedDictionary(lib.conn)
    packed, words = [], 0
    for work, data in works[half:]:
        t0 = cpu()
        a = pack(work, data, None, keys=True, dictionary=shared.ref())
        t1 = cpu()
        a = pickle.loads(pickle.dumps(a, protocol=pickle.HIGHEST_PROTOCOL))  # what a process pool does
        spent["pack"] += t1 - t0
        spent["ipc"] += cpu() - t1
        packed.append(a)
        words += a.word_count
    t0 = cpu()
    for a in packed:
        batcher.write(writer.place, a)
    batcher.commit()
    spent["write"] = cpu() - t0
    shared.close()
    lib.close()
    all_words = sum(w.word_count for w, _ in works)
    per_word = {k: v * 1e6 / (all_words if k in ("parse", "understand") else words) for k, v in spent.items()}
    print(f"split over {len(works)} works ({all_words:,} words), CPU µs per word: "
          + ", ".join(f"{k} {v:.2f}" for k, v in per_word.items()))
    workers = per_word["parse"] + per_word["understand"] + per_word["pack"] + per_word["ipc"] / 2
    parent = per_word["write"] + per_word["ipc"] / 2
    print(f"  workers {workers:.2f} µs/word, writer {parent:.2f} µs/word: on 2 cores at most "
          f"{1e6 / max(workers / 2, parent):,.0f} words/s (workers and writer share them: "
          f"{2e6 / (workers + parent):,.0f} words/s)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=10_000, help="10000, 100000 or 1000000 (any number works)")
    ap.add_argument("--words", type=int, default=300, help="story words per work")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ficarchive-bench")
    ap.add_argument("--keep", action="store_true", help="keep the library (else rebuilt each run)")
    ap.add_argument("--queries-only", action="store_true", help="measure the library already built (no import)")
    ap.add_argument("--split", type=int, metavar="N", help="only: where an import's CPU time goes, on N works")
    args = ap.parse_args()
    # The saved columns (library/columns_file.py) go with the bench's files unless told otherwise.
    os.environ.setdefault("FICARCHIVE_CACHE", str(args.dir / "cache"))
    sys.path.insert(0, str(ROOT / "src"))
    from ficarchive.library import Library

    inputs = args.dir / f"input_{args.works}_{args.words}"
    t0 = time.perf_counter()
    zips, raw = generate(inputs, args.works, args.words)
    print(f"input: {args.works:,} works x ~{args.words} words in {len(zips)} zips, {raw / 1e6:.1f} MB raw "
          f"({time.perf_counter() - t0:.1f} s to generate or reuse)")

    if args.split:
        split(zips, args.split, args.dir)
        return
    db = args.dir / f"library_{args.works}_{args.words}.db"
    if args.queries_only:
        lib = Library(db, create=False)
    else:
        if not args.keep:
            for p in db.parent.glob(db.name + "*"):
                p.unlink()
        lib = Library(db)
        before = current_rss_mb()
        peak = [before]

        def sample(report) -> None:
            if report.works % 100 == 0:
                peak[0] = max(peak[0], current_rss_mb())

        t0 = time.perf_counter()
        parent_cpu, workers_cpu = time.process_time(), _children_cpu()
        report = lib.import_paths(zips, jobs=args.jobs, batch_size=1000, progress=sample)
        seconds = time.perf_counter() - t0
        parent_cpu, workers_cpu = time.process_time() - parent_cpu, _children_cpu() - workers_cpu
        peak[0] = max(peak[0], current_rss_mb())
        print(report.summary())
        print(f"import: {report.words / seconds:,.0f} words/s, {report.works / seconds:,.0f} works/s, "
              f"{seconds:.1f} s with {args.jobs} workers; parent RSS {before:.0f} MB before, peak {peak[0]:.0f} MB "
              f"during the import (process peak {rss_mb():.0f} MB)")
        if report.works:  # which side bounds the import: the single writer or the workers
            print(f"  CPU per work: parent (writer) {parent_cpu / report.works * 1e3:.2f} ms, "
                  f"workers {workers_cpu / report.works * 1e3:.2f} ms in all")

    lib.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
    (held,) = lib.conn.execute("SELECT count(*) FROM sources").fetchone()  # one per file imported
    if held < args.works:  # a build stopped part-way (--keep resumes it): its share of the raw text
        print(f"the library holds {held:,} of the {args.works:,} files; raw size taken in proportion")
        raw = raw * held / args.works
    print(f"size: library {size / 1e6:.1f} MB / raw {raw / 1e6:.1f} MB = {size / raw:.2f}x")
    print(size_breakdown(lib.conn, raw))

    # Every work's columns (library/columns.py): built and saved by the first search after a change
    # (the saved file is removed first, so that this is what is timed), then mapped by every later
    # process; timed apart from the queries.
    from ficarchive.library.columns_file import kept_file

    saved = kept_file(lib.conn, db)
    if saved is not None:
        saved.unlink(missing_ok=True)
    spent = []
    for _ in range(2):
        t = time.perf_counter()
        lib.search("", facets=True)
        spent.append(time.perf_counter() - t)
    if saved is not None and saved.exists():
        print(f"kept columns: built and saved ({saved.stat().st_size / 1e6:.0f} MB) in {spent[0]:.1f} s "
              "by the connection's first search")
    else:
        print(f"kept columns: built in {spent[1]:.1f} s on the connection's second search (no cache folder)")
    latencies = []
    per_query = []
    for q in QUERIES:
        lib.search(q, facets=True)  # warm-up
        mine = []
        for _ in range(5):
            t = time.perf_counter()
            result = lib.search(q, facets=True)
            mine.append((time.perf_counter() - t) * 1000)
        latencies += mine
        per_query.append((statistics.median(mine), result.total, q))
    latencies.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(len(latencies) * 0.95) - 1]
    print(f"queries: p50 {p50:.1f} ms, p95 {p95:.1f} ms, max {latencies[-1]:.1f} ms over {len(latencies)} runs "
          f"of {len(QUERIES)} queries (free text + 3 filters + facets); last total {result.total}")
    for ms, total, q in sorted(per_query, reverse=True)[:3]:
        print(f"  slowest: {ms:.1f} ms, {total} matches: {q}")
    lib.close()
    one_shots(db)


def one_shots(db: Path) -> None:
    """Each query once as a command (`ficarchive search --json`), a new process each, as a person
    at a terminal runs it: the process's start, its imports and what it loads count."""
    import subprocess

    def run(*argv: str) -> float:
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ficarchive.cli", *argv], check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
        return time.perf_counter() - t

    start = statistics.median(run("--help") for _ in range(3))
    took = sorted(run("search", "--library", str(db), "--facets", "--json", q) for q in QUERIES)
    print(f"one-shot commands: `ficarchive search --facets --json` p50 {statistics.median(took):.2f} s, "
          f"max {took[-1]:.2f} s over the {len(QUERIES)} queries (`ficarchive --help`: {start:.2f} s)")


if __name__ == "__main__":
    main()
