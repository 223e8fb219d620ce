"""Every Work JSON that parsing and understanding produce for the benchmark
inputs and the project's own fixtures, written out so two versions of the
code can be compared byte for byte (a speed change must not change answers).

    PYTHONPATH=src python bench/work_snapshot.py OUT.jsonl
    cmp OLD.jsonl NEW.jsonl

One JSON line per input, in a fixed order: `bench/parse.py`'s corpus files,
its first --short generated 300-word works, then every file under
`tests/fixtures/` and `src/ficarchive/samples/` (read as `ficarchive parse`
reads it, so a zip gives several works and a bad file its error line).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse import corpus_files, short_works  # noqa: E402  (the inputs bench/parse.py reads)

from ficarchive.errors import FicError  # noqa: E402
from ficarchive.pipeline import analyse_work, read_path  # noqa: E402
from ficarchive.structure import parse_bytes  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_FOLDERS = (ROOT / "tests" / "fixtures", ROOT / "src" / "ficarchive" / "samples")


def _line(source: str, item) -> str:
    record = item.to_dict() if not isinstance(item, FicError) else {"error": str(item).replace(str(ROOT), "")}
    return json.dumps({"source": source, "work": record}, ensure_ascii=False, sort_keys=True)


def snapshot_lines(short: int) -> list[str]:
    lines = []
    for path in corpus_files():
        for item in read_path(path, analyse=True):
            lines.append(_line(path.name, item))
    for name, data in short_works(short):
        lines.append(_line(name, analyse_work(parse_bytes(name, data))))
    for folder in FIXTURE_FOLDERS:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            for item in read_path(path, analyse=True):
                lines.append(_line(str(path.relative_to(ROOT)), item))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--short", type=int, default=400, help="how many generated short works")
    args = parser.parse_args()
    lines = snapshot_lines(args.short)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} works and errors written to {args.out}")


if __name__ == "__main__":
    main()
