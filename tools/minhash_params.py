"""Write `src/ficarchive/library/data/minhash.json`: the MinHash permutations and LSH bands that
near-duplicate keys are made with, as datasketch defines them for signature.py's settings.

    python tools/minhash_params.py

The import reads them from that file instead of importing datasketch, which brings in scipy
(about a second of CPU in every worker process of every import). Keys stored by a library depend
on these numbers: `tests/test_library_signature.py` checks the file against datasketch, so a
change of settings or of datasketch's definitions fails there until the file is regenerated (and
then a library's stored keys need re-making).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from ficarchive.library import signature  # noqa: E402


def params() -> dict:
    import datasketch
    from datasketch import MinHash, MinHashLSH

    a, b = MinHash(num_perm=signature.NUM_PERM, seed=signature.SEED, scheme=signature.SCHEME).permutations
    lsh = MinHashLSH(threshold=signature.LSH_THRESHOLD, num_perm=signature.NUM_PERM)
    return {"made_by": f"tools/minhash_params.py with datasketch {datasketch.__version__}",
            "num_perm": signature.NUM_PERM, "seed": signature.SEED, "scheme": signature.SCHEME,
            "threshold": signature.LSH_THRESHOLD, "bands": lsh.b, "rows": lsh.r,
            "a": a.astype("uint32").tolist(), "b": b.astype("uint32").tolist()}


def main() -> None:
    out = signature.PARAMS_FILE
    out.write_text(json.dumps(params(), indent=1) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
