"""Turn-taking in typed code (`dialogue/conversation.py`), built to C or
run as plain Python, against a plain reading of its rules over turns as
objects: the name spoken to in the turn before answers, turns alternate
two apart on either side, the conversation's one other party speaks; never
someone spoken to in the turn, nor the speaker just before or after, nor
one whose gender the turn's tag rules out; guesses serve as known in later
sweeps."""
from __future__ import annotations


from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import conversation


PURE = as_python(conversation)


def _reference(speakers, linked, addressees, turn_gender, member_gender):
    """(turn, person, rule, by) as the rules read, turn by turn, sweep after sweep."""
    known = list(speakers)
    count = len(known)

    def fits(t, who):
        return turn_gender[t] == 0 or member_gender[who] in (turn_gender[t], 0)

    def other_party(t, one):
        lo = t
        while lo > 0 and linked[lo]:
            lo -= 1
        hi = t
        while hi + 1 < count and linked[hi + 1]:
            hi += 1
        others = {k for k in known[lo:hi + 1] if k >= 0 and k != one}
        for u in range(lo, hi + 1):
            others |= addressees[u] - {one}
        return next(iter(others)) if len(others) == 1 else -1

    def guess(t):
        prev = known[t - 1] if t >= 1 and linked[t] else -1
        prev2 = known[t - 2] if t >= 2 and linked[t] and linked[t - 1] else -1
        has_next = t + 1 < count and linked[t + 1]
        nxt = known[t + 1] if has_next else -1
        nxt2 = known[t + 2] if has_next and t + 2 < count and linked[t + 2] else -1

        def ok(who):
            return who >= 0 and who not in addressees[t] and who != prev and who != nxt and fits(t, who)

        if t >= 1 and linked[t] and len(addressees[t - 1]) == 1:
            who = next(iter(addressees[t - 1]))
            if ok(who):
                return who, 0, -1
        if prev >= 0 and ok(prev2):
            return prev2, 1, prev
        if nxt >= 0 and ok(nxt2):
            return nxt2, 2, nxt
        if prev >= 0 or nxt >= 0:
            one = prev if prev >= 0 else nxt
            other = other_party(t, one)
            if ok(other):
                return other, 3, one
        return None

    found = []
    for _ in range(count):
        changed = False
        for t in range(count):
            if known[t] >= 0:
                continue
            g = guess(t)
            if g is not None:
                known[t] = g[0]
                found.append((t, *g))
                changed = True
        if not changed:
            break
    return found


@st.composite
def _conversations(draw):
    people = draw(st.integers(1, 5))
    count = draw(st.integers(0, 14))
    person = st.integers(0, people - 1)
    speakers = draw(st.lists(st.one_of(st.just(-1), st.just(-1), person), min_size=count, max_size=count))
    linked = draw(st.lists(st.booleans(), min_size=count, max_size=count))
    addressees = draw(st.lists(st.sets(person, max_size=2), min_size=count, max_size=count))
    turn_gender = draw(st.lists(st.sampled_from([0, 0, 1, 2]), min_size=count, max_size=count))
    member_gender = draw(st.lists(st.sampled_from([0, 1, 2, 3]), min_size=people, max_size=people))
    return speakers, linked, addressees, turn_gender, member_gender


@settings(max_examples=1500, deadline=None)
@given(_conversations())
def test_compiled_and_plain_turn_taking_follow_the_rules(case):
    speakers, linked, addressees, turn_gender, member_gender = case
    expected = _reference(speakers, linked, addressees, turn_gender, member_gender)
    offsets, flat = [0], []
    for spoken_to in addressees:
        flat += sorted(spoken_to)
        offsets.append(len(flat))
    for module in (conversation, PURE):
        turns = module.Turns(speakers, linked, offsets, flat, turn_gender, member_gender)
        assert turns.fill() == expected, module.COMPILED


def test_an_exchange_alternates_and_the_reasons_read():
    # Ann (0) and Bob (1): Ann, ?, ?, Bob, ?  -> Bob as the other party to Ann,
    # then Ann alternating with him, twice.
    turns = conversation.Turns([0, -1, -1, 1, -1], [False, True, True, True, True], [0, 0, 0, 0, 0, 0],
                               [], [0] * 5, [0, 0])
    assert turns.fill() == [(1, 1, 3, 0), (2, 0, 1, 1), (4, 0, 1, 1)]
    assert conversation.reason(1, "ann") == "turn-taking: alternates with ann"
    assert conversation.reason(0, None) == "spoken to by name in the turn before"
