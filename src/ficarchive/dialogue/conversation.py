"""Turn-taking: who speaks the untagged turns of a conversation.

A conversation is a chain of turns (one speaker's unbroken speech each) with
little narration between them. Between two people the turns alternate, so a
known speaker two turns away, on either side, names an untagged turn; a name
spoken to in the turn before names the one who answers. Guesses are made
only from known turns and then serve as known, so alternation carries along
a run of untagged turns from either end.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Turn:
    speaker: str | None = None
    linked: bool = False  # part of the same conversation as the turn before
    addressees: set[str] = field(default_factory=set)  # names spoken to in this turn


def fill_by_alternation(turns: list[Turn], fits=lambda t, who: True) -> list[tuple[int, str, str]]:
    """(turn index, speaker, why) for every turn that turn-taking names;
    `fits(t, who)` may rule a speaker out (a tag's gender, say)."""
    found: list[tuple[int, str, str]] = []
    known = [t.speaker for t in turns]
    for _ in range(len(turns)):
        changed = False
        for t, turn in enumerate(turns):
            if known[t] is not None:
                continue
            guess = _guess(turns, known, t, fits)
            if guess is not None:
                who, why = guess
                known[t] = who
                found.append((t, who, why))
                changed = True
        if not changed:
            break
    return found


def _guess(turns: list[Turn], known: list[str | None], t: int, fits):
    own = turns[t].addressees
    prev = known[t - 1] if t >= 1 and turns[t].linked else None
    prev2 = known[t - 2] if t >= 2 and turns[t].linked and turns[t - 1].linked else None
    has_next = t + 1 < len(turns) and turns[t + 1].linked
    nxt = known[t + 1] if has_next else None
    nxt2 = known[t + 2] if has_next and t + 2 < len(turns) and turns[t + 2].linked else None

    def ok(who):
        return who is not None and who not in own and who != prev and who != nxt and fits(t, who)

    if t >= 1 and turns[t].linked and len(turns[t - 1].addressees) == 1:
        who = next(iter(turns[t - 1].addressees))
        if ok(who):
            return who, "spoken to by name in the turn before"
    if prev is not None and ok(prev2):
        return prev2, f"turn-taking: alternates with {prev}"
    if nxt is not None and ok(nxt2):
        return nxt2, f"turn-taking: alternates with {nxt}"
    if prev is not None or nxt is not None:
        other = _other_party(turns, known, t, prev or nxt)
        if ok(other):
            return other, f"turn-taking: the other party to {prev or nxt}"
    return None


def _other_party(turns: list[Turn], known: list[str | None], t: int, one: str) -> str | None:
    """The conversation's other known participant besides `one`, if just one."""
    lo = t
    while lo > 0 and turns[lo].linked:
        lo -= 1
    hi = t
    while hi + 1 < len(turns) and turns[hi + 1].linked:
        hi += 1
    others = {k for k in known[lo:hi + 1] if k is not None and k != one}
    for turn in turns[lo:hi + 1]:
        others |= turn.addressees - {one}
    return next(iter(others)) if len(others) == 1 else None
