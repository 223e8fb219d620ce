"""Where understanding spends its time: CPU microseconds per story word for
each stage `ficarchive.understand.understand` calls, over the corpus and the
project's fixtures (the same files as `bench/parse.py`), parsed beforehand so
only understanding is timed.

    python bench/understand_stages.py [--repeat 3]
    python bench/understand_stages.py --short   # the library benchmark's ~300-word works

With `--short`, the works are those `bench/library.py` generates (see
`bench/parse.py --short`): there a work's fixed costs weigh three times more.
Parsing is timed too (CPU µs per word, best run), for the whole picture.

Each stage function is wrapped where `understand` looks it up, and timed with
the process's CPU clock (less disturbed than wall time on the shared machine).
Nested stages (`speakers` inside `dialogue`) are shown indented and count
towards their parent too. The best of `--repeat` runs is printed.
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse import corpus_files, short_works  # noqa: E402  (the inputs bench/parse.py reads)

import ficarchive.understand as understanding  # noqa: E402
from ficarchive.fandom.knowledge import default_knowledge  # noqa: E402
from ficarchive.structure import parse_bytes  # noqa: E402

# (name in ficarchive.understand, label, nested under)
STAGES = [
    ("_fandoms", "fandom choice", None),
    ("resolve_hits", "canon mentions", None),
    ("original_characters", "original characters beside a canon cast", None),
    ("find_original_cast", "cast of a text from no known fandom", None),
    ("find_mentions", "cast mentions", None),
    ("_dialogue", "dialogue (quotations and speakers)", None),
    ("speakers", "speakers, per chapter", "_dialogue"),
    ("read_characters", "characters on the page", None),
    ("find_cues", "content cues", None),
    ("_relationships", "relationships", None),
    ("_rating", "rating", None),
    ("_warnings", "warnings", None),
    ("point_of_view", "point of view", None),
    ("_stats", "character statistics", None),
]


def instrument(seconds: dict[str, float]) -> None:
    def timed(name, function):
        def wrapper(*args, **kwargs):
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                seconds[name] += time.process_time() - start
        return wrapper

    for name, _, _ in STAGES:
        setattr(understanding, name, timed(name, getattr(understanding, name)))
    finder = understanding._finder

    class TimedFinder:
        def __init__(self, inner):
            self.inner = inner

        def find(self, text):
            start = time.process_time()
            try:
                return self.inner.find(text)
            finally:
                seconds["names"] += time.process_time() - start

    understanding._finder = lambda knowledge: TimedFinder(finder(knowledge))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--short", action="store_true", help="generated short works instead of the corpus")
    ap.add_argument("--works", type=int, default=2000, help="with --short: how many")
    ap.add_argument("--words", type=int, default=300, help="with --short: story words per work")
    args = ap.parse_args()
    default_knowledge()  # loaded once, as a long import would
    inputs = short_works(args.works, args.words) if args.short else \
        [(str(path), path.read_bytes()) for path in corpus_files()]
    parse_seconds = None
    for _ in range(args.repeat):
        works = []
        start = time.process_time()
        for name, data in inputs:
            try:
                works.append(parse_bytes(name, data))
            except Exception:  # a bad-input fixture: parse reports it, nothing to understand
                continue
        spent = time.process_time() - start
        parse_seconds = spent if parse_seconds is None else min(parse_seconds, spent)
    words = sum(w.word_count for w in works)
    seconds: dict[str, float] = defaultdict(float)
    instrument(seconds)
    best_total, best = None, None
    for _ in range(args.repeat):
        seconds.clear()
        batch = copy.deepcopy(works)
        start = time.process_time()
        for work in batch:
            understanding.understand(work)
        total = time.process_time() - start
        if best_total is None or total < best_total:
            best_total, best = total, dict(seconds)
    print(f"{len(works)} works, {words:,} words: parsing {parse_seconds / words * 1e6:.2f} µs per word "
          f"({parse_seconds / len(works) * 1e3:.3f} ms per work)")
    print(f"understanding {best_total:.2f} CPU s = "
          f"{best_total / words * 1e6:.2f} µs per word ({words / best_total:,.0f} words per CPU second, "
          f"{best_total / len(works) * 1e3:.3f} ms per work)")
    rows = [("names", "name finding (knowledge forms)", None)] + STAGES
    for name, label, parent in rows:
        spent = best.get(name, 0.0)
        indent = "    " if parent else "  "
        print(f"{indent}{label:<44} {spent / words * 1e6:6.2f} µs/word  {100 * spent / best_total:5.1f}%")
    counted = sum(best.get(name, 0.0) for name, _, parent in rows if parent is None)
    print(f"  {'everything else':<44} {(best_total - counted) / words * 1e6:6.2f} µs/word")


if __name__ == "__main__":
    main()
