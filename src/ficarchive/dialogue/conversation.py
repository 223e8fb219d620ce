"""Turn-taking: who speaks the untagged turns of a conversation.

A conversation is a chain of turns (one speaker's unbroken speech each) with
little narration between them. Between two people the turns alternate, so a
known speaker two turns away, on either side, names an untagged turn; a name
spoken to in the turn before names the one who answers. Guesses are made
only from known turns and then serve as known, so alternation carries along
a run of untagged turns from either end.

Typed code (Cython's pure-Python mode, compiled by `setup.py` like
`beam.py`; plain Python where no build was made): people are small
integers, the turns flat arrays, and the sweeps over the turns, repeated
until nothing changes, run in C.
"""
from __future__ import annotations

from .typed_arrays import flags, ints

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

# Which rule named a turn (`Turns.fill`'s answers; `reason` says it in words).
SPOKEN_TO = cython.declare(cython.int, 0)
AFTER_PREVIOUS = cython.declare(cython.int, 1)
BEFORE_NEXT = cython.declare(cython.int, 2)
OTHER_PARTY = cython.declare(cython.int, 3)


@cython.cclass
class Turns:
    """A text's turns: each one's speaker (a person's number, -1 while
    unknown), whether it belongs to the conversation of the turn before, the
    names spoken to in it (`addressees[offsets[t]:offsets[t + 1]]`) and the
    gender its own tag tells (0 for none); and each person's gender (0 for
    unknown, which fits any tag)."""
    count: cython.Py_ssize_t
    known: cython.int[::1]
    linked: cython.int[::1]
    offsets: cython.int[::1]
    addressees: cython.int[::1]
    turn_gender: cython.int[::1]
    member_gender: cython.int[::1]

    def __init__(self, speakers: list, linked: list, offsets: list, addressees: list, turn_gender: list,
                 member_gender: list):
        self.count = len(speakers)
        self.known = ints(speakers)
        self.linked = flags(linked)
        self.offsets = ints(offsets)
        self.addressees = ints(addressees)
        self.turn_gender = ints(turn_gender)
        self.member_gender = ints(member_gender)

    @cython.locals(sweep=cython.Py_ssize_t, t=cython.Py_ssize_t, changed=cython.bint, guess=cython.longlong)
    def fill(self) -> list:
        """(turn, person, rule, the person the rule went by or -1) for every
        turn that turn-taking names, in the order found."""
        found: list = []
        for sweep in range(self.count):
            changed = False
            for t in range(self.count):
                if self.known[t] >= 0:
                    continue
                guess = self._guess(t)
                if guess >= 0:
                    self.known[t] = guess >> 34
                    found.append((t, guess >> 34, (guess >> 32) & 3, (guess & 0xFFFFFFFF) - 1))
                    changed = True
            if not changed:
                break
        return found

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t, prev=cython.int, prev2=cython.int, nxt=cython.int, nxt2=cython.int,
                   has_next=cython.bint, linked=cython.bint, who=cython.int, one=cython.int)
    def _guess(self, t) -> cython.longlong:
        """The speaker of turn t by the first rule that names one, packed as
        person << 34 | rule << 32 | (the person it went by + 1); -1 for none."""
        linked = self.linked[t] != 0
        prev = self.known[t - 1] if t >= 1 and linked else -1
        prev2 = self.known[t - 2] if t >= 2 and linked and self.linked[t - 1] else -1
        has_next = t + 1 < self.count and self.linked[t + 1] != 0
        nxt = self.known[t + 1] if has_next else -1
        nxt2 = self.known[t + 2] if has_next and t + 2 < self.count and self.linked[t + 2] else -1
        if t >= 1 and linked and self.offsets[t] - self.offsets[t - 1] == 1:
            who = self.addressees[self.offsets[t - 1]]
            if self._ok(t, who, prev, nxt):
                return _packed(who, SPOKEN_TO, -1)
        if prev >= 0 and self._ok(t, prev2, prev, nxt):
            return _packed(prev2, AFTER_PREVIOUS, prev)
        if nxt >= 0 and self._ok(t, nxt2, prev, nxt):
            return _packed(nxt2, BEFORE_NEXT, nxt)
        if prev >= 0 or nxt >= 0:
            one = prev if prev >= 0 else nxt
            who = self._other_party(t, one)
            if self._ok(t, who, prev, nxt):
                return _packed(who, OTHER_PARTY, one)
        return -1

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t, who=cython.int, prev=cython.int, nxt=cython.int, k=cython.Py_ssize_t,
                   gender=cython.int, own=cython.int)
    def _ok(self, t, who, prev, nxt) -> cython.bint:
        """May `who` speak turn t: someone, not spoken to in it, not the
        speaker just before or after, and of the gender its tag tells?"""
        if who < 0 or who == prev or who == nxt:
            return False
        for k in range(self.offsets[t], self.offsets[t + 1]):
            if self.addressees[k] == who:
                return False
        gender = self.turn_gender[t]
        if gender == 0:
            return True
        own = self.member_gender[who]
        return own == gender or own == 0

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t, one=cython.int, lo=cython.Py_ssize_t, hi=cython.Py_ssize_t,
                   u=cython.Py_ssize_t, k=cython.Py_ssize_t, other=cython.int, who=cython.int)
    def _other_party(self, t, one) -> cython.int:
        """The conversation's one known participant (a speaker, or a name
        spoken to) besides `one`; -1 where there is none or more than one."""
        lo = t
        while lo > 0 and self.linked[lo]:
            lo -= 1
        hi = t
        while hi + 1 < self.count and self.linked[hi + 1]:
            hi += 1
        other = -1
        for u in range(lo, hi + 1):
            who = self.known[u]
            if who >= 0 and who != one:
                if other >= 0 and who != other:
                    return -1
                other = who
            for k in range(self.offsets[u], self.offsets[u + 1]):
                who = self.addressees[k]
                if who != one:
                    if other >= 0 and who != other:
                        return -1
                    other = who
        return other


@cython.cfunc
@cython.inline
@cython.locals(who=cython.longlong, rule=cython.longlong, by=cython.longlong)
def _packed(who, rule, by) -> cython.longlong:
    return (who << 34) | (rule << 32) | (by + 1)


def reason(rule: int, by: str | None) -> str:
    """Why turn-taking named a speaker, in words (`by`: the person the rule went by)."""
    if rule == SPOKEN_TO:
        return "spoken to by name in the turn before"
    if rule == OTHER_PARTY:
        return f"turn-taking: the other party to {by}"
    return f"turn-taking: alternates with {by}"
