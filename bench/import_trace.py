"""Where an import's wall time goes: each worker's batches (busy, and idle
between them waiting for input) and the importing process's phases (waiting
for results, writing, committing, tidying the index at the end), in wall and
CPU seconds.

    python bench/import_trace.py                 # 10,000 generated works, as bench/library.py makes them
    python bench/import_trace.py --works 20000 --inflight 2

The pool's and the batcher's methods are wrapped in this process before the
workers fork, so the workers time their own batches; nothing in the library
changes. Measure on a quiet machine: with other jobs on the cores, waiting for
a core shows up as busy or idle time.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from library import ROOT, generate  # noqa: E402  (bench/library.py's generator)

sys.path.insert(0, str(ROOT / "src"))
import ficarchive.library.importer as importer  # noqa: E402
import ficarchive.library.workers as workers  # noqa: E402
from ficarchive.library import Library  # noqa: E402

spent: Counter = Counter()


def _timed(name: str, fn):
    def timed(*args, **kwargs):
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return fn(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - wall
            spent[name + " (CPU)"] += time.thread_time() - cpu
    return timed


def _instrument(trace: Path, inflight: int | None) -> None:
    run_batch = workers._run_batch

    def traced_batch(fn, calls):  # runs in a worker: one line per batch
        wall, cpu = time.perf_counter(), time.process_time()
        out = run_batch(fn, calls)
        with open(trace / f"worker-{os.getpid()}", "a") as f:
            f.write(f"{wall} {time.perf_counter()} {time.process_time() - cpu}\n")
        return out

    # Pickled by name: the workers, forked after this, find the traced one under the same name.
    traced_batch.__module__, traced_batch.__qualname__ = workers.__name__, "_run_batch"
    workers._run_batch = traced_batch

    def take(self):
        future, tags = self.pending.popleft()
        wall = time.perf_counter()
        results = future.result()
        spent["waiting for results"] += time.perf_counter() - wall
        yield from zip(tags, results)

    workers.Pool._take = take
    if inflight is not None:
        init = workers.Pool.__init__
        workers.Pool.__init__ = lambda self, jobs, *a, **k: init(self, jobs, *a, **{**k, "inflight": inflight})
    workers.Batcher.write = _timed("writing (commits included)", workers.Batcher.write)
    workers.Batcher.commit = _timed("committing", workers.Batcher.commit)
    importer.tidy_index = _timed("tidying the index at the end", importer.tidy_index)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--works", type=int, default=10_000)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--inflight", type=int, help="batches a worker kept in flight (the pool's default if not given)")
    ap.add_argument("--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "ficarchive-bench")
    args = ap.parse_args()
    zips, _ = generate(args.dir / f"input_{args.works}_{args.words}", args.works, args.words)
    with tempfile.TemporaryDirectory() as scratch:
        trace = Path(scratch)
        _instrument(trace, args.inflight)
        lib = Library(trace / "library.db")
        wall, cpu, main_cpu = time.perf_counter(), time.process_time(), time.thread_time()
        report = lib.import_paths(zips, jobs=args.jobs, batch_size=1000)
        wall = time.perf_counter() - wall
        lib.close()
        print(f"{report.summary()}: {wall:.2f} s, {report.words / wall:,.0f} words/s")
        print(f"importing process: {time.process_time() - cpu:.2f} CPU s "
              f"(its main thread {time.thread_time() - main_cpu:.2f})")
        for name, seconds in spent.items():
            print(f"  {name}: {seconds:.2f} s")
        for log in sorted(trace.glob("worker-*")):
            batches = [tuple(map(float, line.split())) for line in log.read_text().splitlines()]
            busy = sum(end - start for start, end, _ in batches)
            gaps = [b[0] - a[1] for a, b in zip(batches, batches[1:])]
            print(f"  {log.name}: {len(batches)} batches, busy {busy:.2f} s ({sum(c for *_, c in batches):.2f} CPU s), "
                  f"idle between them {sum(gaps):.2f} s (longest {max(gaps, default=0):.3f} s)")


if __name__ == "__main__":
    main()
