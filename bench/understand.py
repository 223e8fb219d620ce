"""How well ficarchive understands a story from its text alone.

For every structured file in ../shared/corpus/fetched/ with an expected
record in fetched-expected/, the header, summary and notes are stripped (in
memory) so that only the story text remains; the understanding stage then
infers fandom, characters, relationships and rating, which are scored against
the expected record. Prints each figure and the stage's throughput.

    python bench/understand.py [--corpus ../shared/corpus] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

from ficarchive.fandom.knowledge import default_knowledge
from ficarchive.model import Work
from ficarchive.parse import parse_path
from ficarchive.pipeline import analyse_work

RATINGS = {"General Audiences", "Teen And Up Audiences", "Mature", "Explicit"}


def text_only(work: Work) -> Work:
    """The same story with nothing the header, summary or notes said."""
    stripped = Work(id=work.id, source=work.source, chapters=work.chapters, word_count=work.word_count,
                    language=work.language)
    for ch in stripped.chapters:
        ch.notes = []
    return stripped


def members(tag: str) -> frozenset[str]:
    sep = "/" if "/" in tag else "&"
    return frozenset(m.strip() for m in tag.split(sep))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=str(Path(__file__).resolve().parents[2] / "shared" / "corpus"))
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "fetched-expected").is_dir():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    knowledge = default_knowledge()
    tally = {"fandom": [0, 0], "characters_recall": [0, 0], "characters_precision": [0, 0],
             "main_relationship": [0, 0], "no_relationship_kept_empty": [0, 0], "rating": [0, 0]}
    words = 0
    seconds = 0.0
    for expected_path in sorted((corpus / "fetched-expected").glob("*.json")):
        source = corpus / "fetched" / expected_path.name[:-5]
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        works = [w for w in parse_path(source) if isinstance(w, Work)]
        if len(works) != 1:
            continue
        work = text_only(works[0])
        start = time.perf_counter()
        analyse_work(work, knowledge)
        if "understanding" in work.provenance:
            print(f"{source.name}: {work.provenance['understanding'].evidence[0]}", file=sys.stderr)
        seconds += time.perf_counter() - start
        words += work.word_count

        want_fandoms = {(knowledge.resolve_fandom(f) or [f])[0] for f in expected.get("fandoms") or []}
        ok_fandom = want_fandoms == set(work.fandoms)
        tally["fandom"][0] += ok_fandom
        tally["fandom"][1] += 1

        fandoms = list(want_fandoms)
        want_chars = set()
        for c in expected.get("characters") or []:
            found = knowledge.resolve_character(c, fandoms)
            if len(found) == 1:
                want_chars.add(found[0])
        got_chars = set(work.characters) | set(work.mentioned_characters)
        tally["characters_recall"][0] += len(want_chars & got_chars)
        tally["characters_recall"][1] += len(want_chars)
        known_got = {c for c in got_chars if c in knowledge.characters}
        tally["characters_precision"][0] += len(known_got & want_chars)
        tally["characters_precision"][1] += len(known_got) if want_chars else 0

        rels = expected.get("relationships") or []
        ok_rel = None
        if rels:
            want = knowledge.resolve_relationship(rels[0], fandoms)
            want_members = members(want[0]) if want else members(rels[0])
            ok_rel = any(members(r) == want_members for r in work.relationships)
            tally["main_relationship"][0] += ok_rel
            tally["main_relationship"][1] += 1
        elif expected.get("gold_source", {}).get("relationships") in ("structured", "hand") or "relationships" in expected:
            tally["no_relationship_kept_empty"][0] += not work.relationships
            tally["no_relationship_kept_empty"][1] += 1
        ok_rating = None
        if expected.get("rating") in RATINGS:
            ok_rating = work.rating == expected["rating"]
            tally["rating"][0] += ok_rating
            tally["rating"][1] += 1
        if args.verbose:
            print(f"{source.name[:44]:44} fandom {'ok' if ok_fandom else 'MISS'} {work.fandoms} | "
                  f"rel {ok_rel} {work.relationships[:2]} | rating {ok_rating} {work.rating} "
                  f"(want {expected.get('rating')})")

    print(f"works scored: {tally['fandom'][1]}")
    goals = {"fandom": 0.95, "main_relationship": 0.85, "rating": 0.70}
    for name, (hit, total) in tally.items():
        share = hit / total if total else 0.0
        goal = f"  (goal ≥ {goals[name]:.0%})" if name in goals else ""
        print(f"{name:22} {hit:4}/{total:<4} {share:7.1%}{goal}")
    print(f"understanding throughput: {words / seconds:,.0f} words/s on one core "
          f"({words:,} words in {seconds:.2f} s)")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
