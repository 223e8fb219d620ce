"""Everything speaker attribution decides, written out so two versions of the
code can be compared byte for byte (a speed change must not change answers).

    PYTHONPATH=src python bench/dialogue_snapshot.py OUT.jsonl
    cmp OLD.jsonl NEW.jsonl

One JSON line per item, in a fixed order:
- `work`: the Work JSON `ficarchive parse --json` prints for each of
  `bench/parse.py`'s corpus files (quotations with chapter, start, end,
  speaker, confidence, and every other inferred field with its evidence);
- `litbank`: each LitBank work's quotations as `bench/speakers.py` gets them
  (start, end, speaker, confidence, evidence);
- `decode`: the decoder's raw answers behind both (speaker, the unrounded
  probability and what each of the winner's features added, as `repr` so a
  difference in the last bit shows).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from parse import corpus_files  # noqa: E402  (the inputs bench/parse.py reads)

import importlib  # noqa: E402
from ficarchive.dialogue.characters import load_characters  # noqa: E402
from ficarchive.dialogue.pipeline import read_raw, speakers  # noqa: E402
from ficarchive.pipeline import read_path  # noqa: E402

# The module, not the function `ficarchive.dialogue` exports under the same name.
attribute_module = importlib.import_module("ficarchive.dialogue.attribute")
LITBANK = Path(__file__).resolve().parent.parent.parent / "shared" / "litbank-quotes"


def _recording_decoder(lines: list[str], source: list[str]):
    decode = attribute_module.decode

    def recorded(slots, weights, *args, reasons=True, **kwargs):
        # The winner's reasons are recorded even where the caller (understanding) asks for none.
        answers = decode(slots, weights, *args, **kwargs)
        lines.append(json.dumps({"decode": source[0], "answers": [
            [who, repr(p), sorted((name, repr(value)) for name, value in why.items())]
            for who, p, why in answers]}, ensure_ascii=False))
        return answers if reasons else [(who, p, {}) for who, p, _ in answers]
    return recorded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--litbank", type=Path, default=LITBANK)
    args = parser.parse_args()
    lines: list[str] = []
    source = [""]
    attribute_module.decode = _recording_decoder(lines, source)
    for path in corpus_files():
        source[0] = str(path.name)
        for item in read_path(path, analyse=True):
            record = item.to_dict() if hasattr(item, "to_dict") else {"error": str(item)}
            lines.append(json.dumps({"work": path.name, "json": record}, ensure_ascii=False, sort_keys=True))
    for path in sorted(args.litbank.glob("*.txt")):
        name = path.name[:-4]
        source[0] = name
        cast = load_characters(args.litbank / f"{name}.characters.json")
        found = speakers(read_raw(path), cast)
        lines.append(json.dumps({"litbank": name, "quotes": [
            [a.start, a.end, a.speaker, repr(a.confidence), a.evidence] for a in found]}, ensure_ascii=False))
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} lines written to {args.out}")


if __name__ == "__main__":
    main()
