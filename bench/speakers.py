"""Speaker attribution on LitBank's annotated quotations.

Runs the same code as `ficarchive dialogue PATH --characters CHARS.json --raw
--json` over every work in ../shared/litbank-quotes/ (or the folder given),
scores it as that folder's README says, and prints per-work and overall
speaker accuracy, detection recall, accuracy over matched quotations, and the
attribution's speed in words per second.

    python bench/speakers.py [FOLDER] [--errors]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ficarchive.dialogue.attribute import attribute, run_sieve
from ficarchive.dialogue.characters import load_characters
from ficarchive.dialogue.layout import detect_layout
from ficarchive.dialogue.quotes import find_quotes
from ficarchive.dialogue.pipeline import read_raw, speakers
from ficarchive.dialogue.scoring import Score, match_spans, score_work

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "litbank-quotes"


def run(folder: Path, show_errors: bool = False) -> Score:
    total = Score()
    words = 0
    seconds = 0.0
    texts = sorted(folder.glob("*.txt"))
    if not texts:
        sys.exit(f"speakers: no <work>.txt files in {folder}")
    print(f"{'work':<44} {'quotes':>6} {'found':>6} {'acc':>6} {'acc(m)':>6}")
    for path in texts:
        work = path.name[:-4]
        chars_path = folder / f"{work}.characters.json"
        gold_path = folder / f"{work}.quotes.jsonl"
        characters = json.loads(chars_path.read_text(encoding="utf-8"))
        gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
        text = read_raw(path)
        cast = load_characters(chars_path)
        t0 = time.perf_counter()
        found = speakers(text, cast)
        seconds += time.perf_counter() - t0
        words += len(text.split())
        pred = [{"start": a.start, "end": a.end, "speaker": a.speaker} for a in found]
        score = score_work(gold, pred, characters)
        total.add(score)
        print(f"{work[:44]:<44} {score.quotes:>6} {score.matched:>6} {score.accuracy:>6.3f} {score.matched_accuracy:>6.3f}")
        if show_errors:
            _print_errors(text, gold, found, characters)
    print(f"{'overall (micro)':<44} {total.quotes:>6} {total.matched:>6} {total.accuracy:>6.3f} {total.matched_accuracy:>6.3f}")
    print(f"speaker accuracy {total.accuracy:.4f}  detection recall {total.recall:.4f}  "
          f"accuracy over matched {total.matched_accuracy:.4f}")
    print(f"attribution speed: {words} words in {seconds:.3f} s = {words / max(seconds, 1e-9):,.0f} words/s "
          f"(one process; the machine is shared, so figures are noisy)")
    _long_text_speed(folder, texts)
    return total


def _long_text_speed(folder: Path, texts: list[Path]) -> None:
    """Every work joined into one long, dialogue-heavy text read against every
    cast at once: the sieve alone (the attribution before the ranker) and the
    sieve with the ranker, best of three runs each, in the same process."""
    text = "\n".join(read_raw(p) for p in texts)
    cast = {}
    for p in texts:
        for member in load_characters(folder / f"{p.name[:-4]}.characters.json"):
            cast.setdefault(member.id, member)
    cast = list(cast.values())
    layout = detect_layout(text)
    quotes = find_quotes(text, layout)
    words = len(text.split())

    def best(run) -> float:
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            run()
            times.append(time.perf_counter() - t0)
        return min(times)

    sieve = best(lambda: run_sieve(text, quotes, cast, None, layout).sieve_answers())
    ranked = best(lambda: attribute(text, quotes, cast, None, layout))
    print(f"one long text ({words} words, {len(quotes)} quotations, {len(cast)} characters), attribution only: "
          f"sieve alone {words / sieve:,.0f} words/s, sieve + ranker {words / ranked:,.0f} words/s")


def _print_errors(text, gold, found, characters) -> None:
    names = {c["id"]: c.get("name") or c["id"] for c in characters}
    matches = match_spans([(g["start"], g["end"]) for g in gold], [(a.start, a.end) for a in found])
    for i, g in enumerate(gold):
        j = matches.get(i)
        a = found[j] if j is not None else None
        if a is not None and a.speaker == g["speaker"]:
            continue
        quote = " ".join(text[g["start"]:g["end"]].split())[:70]
        context = " ".join(text[max(0, g["start"] - 120):g["start"]].split())[-90:]
        after = " ".join(text[g["end"]:g["end"] + 60].split())
        got = names.get(a.speaker, a.speaker) if a else "(not found)"
        print(f"    gold {names.get(g['speaker'])!s:<16} got {got!s:<16} {a.evidence if a else ''}")
        print(f"        …{context} ⟦{quote}⟧ {after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", action="store_true", help="show every wrong or missed quotation")
    args = parser.parse_args()
    if not args.folder.is_dir():
        sys.exit(f"speakers: {args.folder} is not a folder (see ../shared/litbank-quotes/README.md)")
    run(args.folder, args.errors)


if __name__ == "__main__":
    main()
