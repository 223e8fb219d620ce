"""A fixed workload to count instructions on (the 2 cores are shared, so CPU
seconds swing; instruction counts do not):

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        /root/.pyenv/versions/3.11.7/bin/python3.11 bench/instructions.py WHAT --passes N

(the real interpreter: `python` may be a pyenv shim, which valgrind would
count too). WHAT is
- `understand`: parse and understand every corpus file (`bench/parse.py`'s
  `corpus_files`), N times;
- `short`: the same for the first 150 generated 300-word works
  (`bench/parse.py`'s `short_works`; `--short` reads those for the other
  workloads too);
- `parse`: parse only (no understanding) every corpus file, or with
  `--short` the generated works, N times: `short` less `parse --short` is
  what understanding costs;
- `analyze`: what an import's worker does for each of the 150 generated
  works (`library.analyze.analyze`: parse, understand, then pack what the
  writer stores: JSON, compressed originals, near-duplicate keys), N times:
  `analyze` less `short` is what packing costs; with `--dictionary`, the
  analysis and body are also compressed with a library dictionary, as an
  import does once it holds `codec.TRAIN_AT` works: one trained in the setup
  as `codec.train_if_ready` trains it (`codec.train_dictionary`), from those
  150 works' own analysis and body JSON;
- `dialogue`: once, parse and understand the corpus files while keeping what
  each chapter's speaker attribution was given; then run speaker attribution
  alone on those inputs N times;
- `decode`: as `dialogue`, but only the ranker's decoder (`ranker.decode`), N
  times, on each chapter's slots built once;
- `sieve`: as `dialogue`, but only the quotations and the sieve (`run_sieve`);
- `slots`: as `sieve`, and the slots with their candidates' features
  (`build_slots`): the cost of the features is `slots` less `sieve`.

What one pass costs is the difference between `--passes 2` and
`--passes 1` (the setup, the imports and the first pass's warm-up cancel
out). `--passes 0` runs only the setup. What the setup holds (the knowledge,
the inputs) is frozen out of the garbage collector's reach first: otherwise
whether a full collection, which walks all of it, falls into the second
pass or not moves the difference by tens of millions of instructions.
"""
from __future__ import annotations

import argparse
import gc
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse import corpus_files, short_works  # noqa: E402  (the inputs bench/parse.py reads)

import ficarchive.understand as understanding  # noqa: E402
from ficarchive.dialogue.attribute import run_sieve  # noqa: E402
from ficarchive.dialogue.layout import detect_layout  # noqa: E402
from ficarchive.dialogue.pipeline import speakers  # noqa: E402
from ficarchive.dialogue.quotes import find_quotes  # noqa: E402
from ficarchive.dialogue.ranker import decode, load_model  # noqa: E402
from ficarchive.fandom.knowledge import default_knowledge  # noqa: E402
from ficarchive.structure import parse_bytes  # noqa: E402


def parse_and_understand(inputs: list[tuple[str, bytes]], understand: bool = True) -> int:
    words = 0
    for name, data in inputs:
        try:
            work = parse_bytes(name, data)
        except Exception:  # a bad-input fixture: parse reports it, nothing to understand
            continue
        if understand:
            understanding.understand(work)
        words += work.word_count
    return words


def dialogue_inputs(inputs: list[tuple[str, bytes]]) -> list[tuple]:
    """What `understand` hands speaker attribution for each chapter."""
    calls = []

    def kept(text, cast=None, mentions=None, evidence=True):
        calls.append((text, cast, mentions))
        return speakers(text, cast, mentions, evidence)

    understanding.speakers = kept
    try:
        parse_and_understand(inputs)
    finally:
        understanding.speakers = speakers
    return calls


def chapter_sieve(text, cast, mentions):
    """The sieve's reading of one chapter (as `pipeline.speakers`)."""
    layout = detect_layout(text)
    return run_sieve(text, find_quotes(text, layout), cast, mentions, layout)


def chapter_slots(text, cast, mentions) -> list:
    """The slots `attribute` hands the decoder for one chapter."""
    return chapter_sieve(text, cast, mentions).slots()


def trained_dictionary(inputs: list[tuple[str, bytes]], folder: str):
    """A library dictionary trained on these works (as `codec.train_if_ready` trains one), written
    to a file in `folder` as the import's workers are handed it."""
    from ficarchive.library import codec
    from ficarchive.library.analyze import analyze
    packed = [analyze(name, data, None) for name, data in inputs]
    trained = codec.train_dictionary((a.analysis_json, a.body_json) for a in packed)
    if trained is None:
        raise SystemExit("too little material to train a dictionary on")
    path = Path(folder) / "1.zdict"
    path.write_bytes(trained)
    return codec.DictionaryRef(1, str(path))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("understand", "short", "parse", "analyze", "dialogue", "decode", "sieve", "slots"))
    ap.add_argument("--passes", type=int, default=1)
    ap.add_argument("--short", action="store_true", help="the generated short works, whatever the workload")
    ap.add_argument("--dictionary", action="store_true",
                    help="analyze: compress with a dictionary trained on the works in the setup")
    args = ap.parse_args()
    default_knowledge()
    if args.what in ("short", "analyze") or args.short:
        inputs = short_works(150)
    else:
        inputs = [(str(path), path.read_bytes()) for path in corpus_files()]
    calls = dialogue_inputs(inputs) if args.what in ("decode", "dialogue", "sieve", "slots") else None
    folder = tempfile.TemporaryDirectory(prefix="instructions-dict-")
    dictionary = trained_dictionary(inputs, folder.name) if args.what == "analyze" and args.dictionary else None
    gc.collect()
    gc.freeze()
    if args.what == "decode":
        every_slots = [chapter_slots(*call) for call in calls]
        gc.freeze()
        weights = load_model()["weights"]
        for _ in range(args.passes):
            quotes = sum(len(decode(slots, weights)) for slots in every_slots)
        print(f"{len(every_slots)} chapters" + (f", {quotes} quotations per pass" if args.passes else ""))
    elif args.what in ("sieve", "slots"):
        for _ in range(args.passes):
            quotes = sum(len(chapter_slots(*call) if args.what == "slots" else chapter_sieve(*call).quotes)
                         for call in calls)
        print(f"{len(calls)} chapters" + (f", {quotes} quotations per pass" if args.passes else ""))
    elif args.what == "analyze":
        from ficarchive.library.analyze import analyze
        for _ in range(args.passes):
            words = sum(analyze(name, data, None, dictionary).word_count for name, data in inputs)
        print(f"{len(inputs)} works" + (f", {words} words per pass" if args.passes else ""))
    elif args.what == "dialogue":
        for _ in range(args.passes):
            quotes = sum(len(speakers(*call)) for call in calls)
        print(f"{len(calls)} chapters" + (f", {quotes} quotations per pass" if args.passes else ""))
    else:
        for _ in range(args.passes):
            words = parse_and_understand(inputs, understand=args.what != "parse")
        print(f"{len(inputs)} works" + (f", {words} words per pass" if args.passes else ""))


if __name__ == "__main__":
    main()
