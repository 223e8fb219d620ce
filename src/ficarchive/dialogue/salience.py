"""How much in view each character is at a place in the text, in typed code
(Cython's pure-Python mode, compiled by `setup.py` like `beam.py`; plain
Python where no build was made): the sum over the mentions before the place,
within reach, of each mention's weight fading with distance
(`attribute._Sieve._salience_scores` says which mentions and weights).

The sums run over the same mentions in the same order as the Python loop
they replace (nearest first), so they give the same bits."""
from __future__ import annotations

from .typed_arrays import doubles, flags, ints, longs, zeros

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython
if cython.compiled:
    from cython.cimports.libc.math import exp
else:
    from math import exp

COMPILED: bool = cython.compiled  # this file built to C, or run as Python


@cython.cclass
class SalienceIndex:
    """Every mention's end, character, weight and whether it is in speech, as
    flat arrays; characters as small integers while summing."""
    ends: cython.longlong[::1]
    member: cython.int[::1]
    weights: cython.double[::1]
    in_quote: cython.int[::1]
    totals: cython.double[::1]
    touched: cython.int[::1]
    seen: cython.int[::1]
    names: list
    decay: cython.double

    def __init__(self, ends: list, ids: list, weights: list, in_quote: list, decay):
        index = {}
        for who in ids:
            index.setdefault(who, len(index))
        self.names = list(index)
        self.ends = longs(ends)
        self.member = ints([index[who] for who in ids])
        self.weights = doubles(weights)
        self.in_quote = flags(in_quote)
        size = max(len(self.names), 1)
        self.totals = zeros("d", size)
        self.touched = zeros("i", size)
        self.seen = zeros("i", size)
        self.decay = decay

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(last=cython.Py_ssize_t, first=cython.Py_ssize_t, pos=cython.longlong,
                   narration_only=cython.bint, k=cython.Py_ssize_t, m=cython.int, t=cython.Py_ssize_t,
                   count=cython.Py_ssize_t)
    def scores(self, last, first, pos, narration_only) -> dict:
        """{character: score} over mentions `last` down to `first` (those
        before `pos` within reach, nearest first), in the order first met."""
        count = 0
        for k in range(last, first - 1, -1):
            if narration_only and self.in_quote[k]:
                continue
            m = self.member[k]
            if not self.seen[m]:
                self.seen[m] = 1
                self.touched[count] = m
                count += 1
            self.totals[m] = self.totals[m] + self.weights[k] * exp((self.ends[k] - pos) / self.decay)
        out = {}
        for t in range(count):
            m = self.touched[t]
            out[self.names[m]] = self.totals[m]
            self.totals[m] = 0.0
            self.seen[m] = 0
        return out


@cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, s=cython.double, best=cython.double,
               candidates=list, features=list, scores=dict)
def add_relative(scores, candidates, features) -> None:
    """Each candidate's in-view score relative to the best candidate's, as
    its `salience` feature (and `most_in_view` for the best), where any is in
    view at all."""
    n = len(candidates)
    best = 0.0
    for j in range(n):
        s = scores.get(candidates[j], 0.0)
        if j == 0 or s > best:
            best = s
    if best <= 0:
        return
    for j in range(n):
        s = scores.get(candidates[j], 0.0)
        if s > 0:
            f = features[j]
            f["salience"] = s / best
            if s == best:
                f["most_in_view"] = 1.0
