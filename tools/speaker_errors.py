"""Where the speaker ranker goes wrong on the LitBank quotes development half.

    pip install -e '.[train]'
    python tools/speaker_errors.py [FOLDER] [--in-sample] [--bucket NAME] [--quiet]

Decodes every work with weights fitted on the other works (leave-one-work-
out, as `tools/train_speakers.py` scores it; `--in-sample` uses the shipped
weights instead, faster) and puts each wrong or missed gold quotation in one
bucket, the first of these that fits:

  missed             no quotation the system found matches it
  fixed_wrong        an explicit tag (name, `I said`, kin) named someone else
  not_candidate      the gold speaker was not among the ranker's candidates
  unnamed_yet        the narration had not named the gold speaker before it
                     (`the child`, `His mother`: a description, or nothing)
  description_tag    its own tag is a description (`said the old man`)
  pronoun_tag        its own tag is a pronoun (`she said`)
  after_tag_stop     it follows the last quotation's tag and a full stop
                     (`"Is it locked?" asked Ann. "Yes."`), no paragraphs
  same_turn_missed   gold: the last quotation's speaker goes on; predicted other
  reply_missed       gold: not the last speaker; predicted the last speaker
  exchange           untagged, in an exchange, some third choice
  far                untagged, after narration

Then prints each bucket's count and, unless `--quiet`, each error: the gold
and predicted speakers, the sieve's cue, what stands before the quotation
(`gap`) and its own tag (`kind`), and the text around it.

The `unnamed_yet` bucket is split further into kinds (the first that fits):

  narrator           the gold speaker is the first-person narrator
  tag_names_them     its own tag is a description whose head noun is that of
                     the gold speaker's name (`said the captain`, `the captain`)
  tag_fits_gender    its own tag is a description whose noun shows the gold
                     speaker's gender (`his mother`, `the old lady`)
  tag_other_desc     another description tag (`a voice`, `the child`)
  pronoun_tag        its own tag is a pronoun (`she said`)
  described_before   untagged, and a description of the gold speaker's gender
                     opens a sentence in the 300 characters before it
  untagged           untagged, nothing of that kind before it

and each kind is counted by what the gold speaker's `name` is: a
description (`nominal`, `the captain`) or a name the text uses later
(`named_later`, `Aunt Polly`).

Last, the quotations with a gendered tag (`she said`, `cried his wife`),
by whether the sieve's gendered-tag step shuts their gold speaker out:
as the one spoken to (`spoken_to`), as the last speaker in a new turn
(`spoke_last`), or neither (`open`); each with how many the sieve and
the ranker get right.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from train_speakers import DEFAULT, Design, Work, feature_names, load_works  # noqa: E402

from ficarchive.dialogue.lexicon import NOUN_GENDER, words_pattern  # noqa: E402
from ficarchive.dialogue.ranker import decode, load_model  # noqa: E402
from ficarchive.dialogue.scoring import match_spans  # noqa: E402
from ficarchive.dialogue.tags import tag_gender  # noqa: E402

KINDS = ("narrator", "tag_names_them", "tag_fits_gender", "tag_other_desc", "pronoun_tag", "described_before",
         "untagged")
_WORD = re.compile(r"[A-Za-z]+")
_DESCRIBED = re.compile(r"(?:^|[.!?]\s+|\n)\W*(?:The|His|Her|My|Our|Their|An?)\s+(?:[a-z][\w-]*\s+){0,2}?("
                        + words_pattern(NOUN_GENDER) + r")\b")
_LOOK_BACK = 300
BUCKETS = ("missed", "fixed_wrong", "not_candidate", "unnamed_yet", "description_tag", "pronoun_tag",
           "after_tag_stop", "same_turn_missed", "reply_missed", "exchange", "far")


def bucket(work: Work, sieve_index: int | None, gold: dict, previous_gold: str | None,
           predicted: str | None, first_named: dict[str, int]) -> str:
    """The first bucket (see the module's doc) a wrong quotation fits."""
    if sieve_index is None:
        return "missed"
    slot = work.slots[sieve_index]
    if slot.fixed is not None:
        return "fixed_wrong"
    speaker = gold["speaker"]
    if speaker not in slot.candidates:
        return "not_candidate"
    if first_named.get(speaker, len(work.text)) >= gold["start"]:
        return "unnamed_yet"
    if slot.kind == "description_tag":
        return "description_tag"
    if slot.kind == "pronoun_tag":
        return "pronoun_tag"
    if slot.gap == "tag_stop":
        return "after_tag_stop"
    if slot.linked:
        if speaker == previous_gold and predicted != speaker:
            return "same_turn_missed"
        if predicted == previous_gold and speaker != previous_gold:
            return "reply_missed"
        return "exchange"
    return "far"


def unnamed_kind(work: Work, sieve_index: int, gold: dict) -> str:
    """Which kind (see the module's doc) of `unnamed_yet` error this is."""
    sieve = work.sieve
    member = sieve.cast[gold["speaker"]]
    if member.narrator or sieve.narrator == member.id:
        return "narrator"
    tag = sieve.quotes[sieve_index].tag
    if tag is not None and tag.kind == "description":
        head = _head(tag.subject)
        if head and head == _head(member.name or ""):
            return "tag_names_them"
        if head in NOUN_GENDER and NOUN_GENDER[head] == member.gender:
            return "tag_fits_gender"
        return "tag_other_desc"
    if tag is not None and tag.kind == "pronoun":
        return "pronoun_tag"
    before = work.text[max(0, gold["start"] - _LOOK_BACK):gold["start"]]
    if any(NOUN_GENDER[m.group(1)] == member.gender for m in _DESCRIBED.finditer(before)):
        return "described_before"
    return "untagged"


def _head(words: str) -> str | None:
    found = _WORD.findall(words)
    return found[-1].lower() if found else None


def name_kind(work: Work, speaker: str) -> str:
    """`nominal` where the gold speaker's name is a description, else `named_later`."""
    name = work.sieve.cast[speaker].name or ""
    return "nominal" if not name or name[:1].islower() or name.split()[0] in ("The", "A", "An") else "named_later"


def analyse(works: list[Work], weights_for, show: bool, only: str | None) -> tuple[Counter, Counter]:
    counts: Counter = Counter()
    kinds: Counter = Counter()
    for k, work in enumerate(works):
        weights = weights_for(k)
        decoded = decode(work.slots, weights)
        sieve = work.sieve
        names = {m.id: m.name or m.id for m in sieve.cast.values()}
        first_named: dict[str, int] = {}
        for m, inside in zip(sieve.mentions.mentions, sieve.mention_in_quote):
            if not inside:
                first_named.setdefault(m.id, m.start)
        matches = match_spans([(g["start"], g["end"]) for g in work.gold], work.sieve_quotes)
        previous_gold = None
        for i, g in enumerate(work.gold):
            j = matches.get(i)
            predicted = decoded[j][0] if j is not None else None
            if predicted != g["speaker"]:
                name = bucket(work, j, g, previous_gold, predicted, first_named)
                counts[name] += 1
                if name == "unnamed_yet":
                    kind = unnamed_kind(work, j, g)
                    kinds[kind, name_kind(work, g["speaker"])] += 1
                    name = f"{name}/{kind}"
                if show and (only is None or name.startswith(only)):
                    _show(work, j, g, predicted, name, names)
            previous_gold = g["speaker"]
    return counts, kinds


def gendered_exclusions(works: list[Work], weights_for) -> Counter:
    """(kind, quotations, sieve right, ranker right) counts of the gendered
    tags, by what the sieve's step shuts out (see the module's doc)."""
    found: Counter = Counter()
    for k, work in enumerate(works):
        sieve = work.sieve
        decoded = decode(work.slots, weights_for(k))
        for j, q in enumerate(sieve.quotes):
            gold = work.label.get(j)
            if gold is None or q.tag is None or tag_gender(q.tag) not in ("male", "female"):
                continue
            last = sieve._turn_speaker(q.turn - 1) if q.turn and sieve._linked(q.turn) else None
            kind = "spoken_to" if gold in q.addressees else "spoke_last" if gold == last else "open"
            found[kind, "quotations"] += 1
            found[kind, "sieve"] += q.speaker == gold
            found[kind, "ranker"] += decoded[j][0] == gold
    return found


def _show(work: Work, j: int | None, g: dict, predicted: str | None, name: str, names: dict[str, str]) -> None:
    text = work.text
    slot = work.slots[j] if j is not None else None
    cue = work.sieve.quotes[j].cue if j is not None else ""
    context = " ".join(text[max(0, g["start"] - 220):g["start"]].split())[-160:]
    quote = " ".join(text[g["start"]:g["end"]].split())[:90]
    after = " ".join(text[g["end"]:g["end"] + 80].split())
    where = f"gap={slot.gap} kind={slot.kind} sieve={cue or '-'}" if slot else "-"
    print(f"[{name}] {work.name[:30]} @{g['start']}: gold {names.get(g['speaker'], g['speaker'])!r} "
          f"got {names.get(predicted, predicted)!r} ({where})")
    print(f"    …{context} ⟦{quote}⟧ {after}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--in-sample", action="store_true", help="the shipped weights, not leave-one-work-out")
    parser.add_argument("--bucket", help="show only this bucket's errors (`unnamed_yet/pronoun_tag`: one kind)")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    args = parser.parse_args()
    works = load_works(args.folder, "speaker_errors")
    if args.in_sample:
        shipped = load_model()["weights"]

        def weights_for(k):
            return shipped
    else:
        design = Design(works, feature_names(works))

        def weights_for(k):
            return design.fit(leave_out=k)
    counts, kinds = analyse(works, weights_for, not args.quiet, args.bucket)
    total = sum(len(w.gold) for w in works)
    wrong = sum(counts.values())
    print(f"{'in-sample' if args.in_sample else 'leave-one-work-out'}: {total - wrong}/{total} right, "
          f"{wrong} wrong")
    for name in BUCKETS:
        print(f"  {name:<18} {counts.get(name, 0):>4}")
    print("unnamed_yet by kind (gold name: nominal, named later):")
    for kind in KINDS:
        nominal, later = kinds.get((kind, "nominal"), 0), kinds.get((kind, "named_later"), 0)
        print(f"  {kind:<18} {nominal + later:>4}  ({nominal}, {later})")
    print("gendered tags by what the sieve shuts out (quotations, sieve right, ranker right):")
    excluded = gendered_exclusions(works, weights_for)
    for kind in ("spoken_to", "spoke_last", "open"):
        print(f"  {kind:<18} {excluded[kind, 'quotations']:>4} {excluded[kind, 'sieve']:>4} "
              f"{excluded[kind, 'ranker']:>4}")


if __name__ == "__main__":
    main()
