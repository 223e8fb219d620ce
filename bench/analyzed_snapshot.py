"""Everything an import's worker hands the writer (`library.analyze.analyze`'s
`Analyzed`, every field) for the first 150 generated 300-word works, without
and then with a library dictionary (trained on those works as
`bench/instructions.py analyze --dictionary` trains it), pickled so two
versions of the packing can be compared byte for byte:

    PYTHONPATH=src python bench/analyzed_snapshot.py OUT.pickle
    cmp OLD.pickle NEW.pickle
"""
from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from instructions import trained_dictionary  # noqa: E402
from parse import short_works  # noqa: E402

from ficarchive.library.analyze import analyze  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--works", type=int, default=150)
    args = ap.parse_args()
    inputs = short_works(args.works)
    with tempfile.TemporaryDirectory(prefix="analyzed-snapshot-") as folder:
        dictionary = trained_dictionary(inputs, folder)
        every = [vars(analyze(name, data, None, ref)) for ref in (None, dictionary) for name, data in inputs]
    with open(args.out, "wb") as f:
        pickle.dump(every, f, protocol=5)
    print(f"{len(every)} analyses written to {args.out}")


if __name__ == "__main__":
    main()
