"""The speaker ranker's search, in typed code: each candidate's static score
(its features times the weights of the slot's context) and the beam search
over the whole sequence of quotations (`ranker.decode` describes the model).

Written in Cython's pure-Python mode: `setup.py` compiles this same file to
C, where the scores, the hypotheses and the back pointers are C doubles and
integers in flat arrays; where no compiler was at hand it runs as plain
Python, slower, with the same answers (`tests/test_dialogue_compiled.py`
runs both on the same slots). Speakers are small integers while searching
(-1 for nobody) and names again in the answer.

The arithmetic is the model's, in the same order (sums left to right, `exp`
and `log` from the C library in both modes), so both give the same bits;
`setup.py` keeps the C compiler from fusing a multiply and an add.
"""
from __future__ import annotations

import math

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython
if cython.compiled:
    from cython.cimports.libc.math import exp, log
    from cython.cimports.ficarchive.dialogue.features import Rows, as_doubles
else:
    from math import exp, log

    from .features import Rows

    def as_doubles(table):
        """The weights as plain Python reads them: the array itself (compiled,
        `features.as_doubles` gives a pointer to its buffer; a C function, so
        not importable from the compiled `features` by a plain `beam`)."""
        return table
from .features import ID
from .typed_arrays import zeros

COMPILED: bool = cython.compiled  # this file built to C, or run as Python
PRUNE = -3.0  # a choice less likely than this (log-probability) is not followed
_GOES_ON_PROBABILITY = 0.85  # `he continued`: the verb decides


def _doubles(n):
    return zeros("d", max(n, 1))


def _ints(n):
    return zeros("i", max(n, 1))


_TAG_GENDER_CLASHES: int = ID["tag_gender_clashes"]
_ADDRESSED_HERE: int = ID["addressed_here"]


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(j=cython.Py_ssize_t, t=cython.Py_ssize_t, feature=cython.int, size=cython.Py_ssize_t,
               total=cython.double,
               w=cython.double, weights=cython.p_double)
def _static_scores(rows: Rows, table, weigh, gap: str, kind: str, out: cython.double[::1]):
    """Each candidate's features times their weights in the slot's context
    (`table`, an `array('d')` by feature id, NaN where `weigh.weight` has
    not filled it yet: it fills `table` in place), summed in the features'
    own order, into `out`."""
    weights = as_doubles(table)
    size = len(table)
    for j in range(rows.count):
        total = 0.0
        for t in range(rows.offsets[j], rows.offsets[j + 1]):
            feature = rows.ids[t]
            if feature >= size:
                raise IndexError("a feature id the weights do not cover")
            w = weights[feature]
            if w != w:  # not met yet in this context
                w = weigh.weight(table, feature, gap, kind)
            total += w * rows.values[t]
        out[j] = total


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
@cython.locals(beam=cython.Py_ssize_t, same_as_anchor=cython.double,
               k=cython.Py_ssize_t, n=cython.Py_ssize_t, nh=cython.Py_ssize_t, i=cython.Py_ssize_t,
               j=cython.Py_ssize_t, m=cython.Py_ssize_t, e=cython.Py_ssize_t, g=cython.Py_ssize_t,
               ng=cython.Py_ssize_t, ne=cython.Py_ssize_t, nb=cython.Py_ssize_t, nk=cython.Py_ssize_t,
               j1=cython.Py_ssize_t, j2=cython.Py_ssize_t, pos=cython.Py_ssize_t, mode=cython.int,
               records=cython.Py_ssize_t, ref=cython.Py_ssize_t, best_at=cython.Py_ssize_t,
               who_id=cython.int, p1=cython.int, p2=cython.int,
               lp=cython.double, top=cython.double, mass=cython.double, log_z0=cython.double,
               log_z=cython.double, total=cython.double, w_last=cython.double, w_two=cython.double,
               score=cython.double, floor=cython.double, logp=cython.double, probability=cython.double,
               fixed_probability=cython.double, neg_inf=cython.double, s=cython.double, prune=cython.double,
               pinned=cython.bint, goes_on=cython.bint, is_base=cython.bint,
               h_lp=cython.double[::1], h_p1=cython.int[::1], h_p2=cython.int[::1], h_ref=cython.int[::1],
               n_lp=cython.double[::1], n_p1=cython.int[::1], n_p2=cython.int[::1], n_ref=cython.int[::1],
               r_parent=cython.int[::1], r_who=cython.int[::1], r_prob=cython.double[::1],
               statics=cython.double[::1], exps=cython.double[::1], ids=cython.int[::1],
               base_j=cython.int[::1], base_logp=cython.double[::1], base_prob=cython.double[::1],
               may_go_on=cython.int[::1],
               e_score=cython.double[::1], e_p1=cython.int[::1], e_j=cython.int[::1],
               e_parent=cython.int[::1], e_prob=cython.double[::1], e_at=cython.int[::1],
               group_p1=cython.int[::1], chosen=cython.int[::1], candidates=list, speaker_of=dict,
               rows=Rows, clash=cython.int, here=cython.int, ints_all=cython.int[::1],
               doubles_all=cython.double[::1], per_slot=cython.Py_ssize_t, spread=cython.Py_ssize_t,
               at=cython.Py_ssize_t, widest=cython.Py_ssize_t)
def search(slots: list, weigh, beam, same_as_anchor, turn_taken) -> list:
    """(slot index, speaker, probability) of the best whole sequence, one per
    slot: the search `ranker.decode` describes. `weigh` gives each slot's
    context weights and turn weights (`ranker._SlotWeights`)."""
    neg_inf = -math.inf
    prune = PRUNE  # a C double here, not a module global looked up in the loops
    if beam < 1:
        beam = 1
    widest = 1
    for slot in slots:
        if len(slot.candidates) > widest:
            widest = len(slot.candidates)
    # Every working array is a piece of one buffer of ints or one of doubles:
    # a typed view of each of 26 arrays of its own cost more than the search
    # of a short chapter. (`memoryview`: in plain Python a slice of it shares
    # the buffer, where an array's slice is a copy.)
    per_slot = len(slots) * beam if slots else 1
    spread = beam * widest
    ints_all = memoryview(_ints(8 * beam + 2 * per_slot + 3 * widest + 4 * spread))
    doubles_all = memoryview(_doubles(2 * beam + per_slot + 4 * widest + 2 * spread))
    # Hypotheses now and next: log-probability, last speaker, the one
    # before, and the record of their last choice.
    h_p1, h_p2, h_ref = ints_all[0:beam], ints_all[beam:2 * beam], ints_all[2 * beam:3 * beam]
    n_p1, n_p2, n_ref = ints_all[3 * beam:4 * beam], ints_all[4 * beam:5 * beam], ints_all[5 * beam:6 * beam]
    group_p1, chosen = ints_all[6 * beam:7 * beam], ints_all[7 * beam:8 * beam]
    h_lp, n_lp = doubles_all[0:beam], doubles_all[beam:2 * beam]
    # One record per hypothesis and slot: the record before it, the speaker
    # chosen and that choice's probability (the back pointers).
    at = 8 * beam
    r_parent, r_who = ints_all[at:at + per_slot], ints_all[at + per_slot:at + 2 * per_slot]
    at += 2 * per_slot
    ids, base_j, may_go_on = ints_all[at:at + widest], ints_all[at + widest:at + 2 * widest], \
        ints_all[at + 2 * widest:at + 3 * widest]
    at += 3 * widest
    # Extensions, merged by state (the last speaker before, the choice): at
    # most `beam` distinct last speakers times the candidates.
    e_p1, e_j = ints_all[at:at + spread], ints_all[at + spread:at + 2 * spread]
    e_parent, e_at = ints_all[at + 2 * spread:at + 3 * spread], ints_all[at + 3 * spread:at + 4 * spread]
    at = 2 * beam
    r_prob = doubles_all[at:at + per_slot]
    at += per_slot
    statics, exps = doubles_all[at:at + widest], doubles_all[at + widest:at + 2 * widest]
    base_logp, base_prob = doubles_all[at + 2 * widest:at + 3 * widest], doubles_all[at + 3 * widest:at + 4 * widest]
    at += 4 * widest
    e_score, e_prob = doubles_all[at:at + spread], doubles_all[at + spread:at + 2 * spread]
    clash, here = _TAG_GENDER_CLASHES, _ADDRESSED_HERE
    speaker_of = {}  # name -> id
    names = []
    nh = 1
    h_lp[0] = 0.0
    h_p1[0] = -1
    h_p2[0] = -1
    h_ref[0] = -1
    records = 0
    for k in range(len(slots)):
        slot = slots[k]
        candidates = slot.candidates
        if slot.fixed is not None or not candidates:
            who = slot.fixed
            who_id = -1
            if who is not None:
                who_id = speaker_of.get(who, -1)
                if who_id < 0:
                    who_id = len(names)
                    speaker_of[who] = who_id
                    names.append(who)
            pinned = who is not None and slot.gap in turn_taken
            if not pinned:
                fixed_probability = 1.0 if who else 0.0
                for i in range(nh):
                    r_parent[records] = h_ref[i]
                    r_who[records] = who_id
                    r_prob[records] = fixed_probability
                    h_ref[i] = records
                    records += 1
                    h_p2[i] = h_p1[i]
                    h_p1[i] = who_id
                continue
            # A tagged speaker pins the exchange before it (see `ranker.decode`):
            # hypotheses merged by their last speaker, the best of each kept.
            ng = 0
            for i in range(nh):
                lp = h_lp[i]
                if h_p1[i] == who_id:
                    lp -= same_as_anchor
                g = 0
                while g < ng and n_p2[g] != h_p1[i]:
                    g += 1
                if g == ng:
                    ng += 1
                    n_lp[g] = lp
                    n_p2[g] = h_p1[i]
                    n_ref[g] = h_ref[i]
                elif lp > n_lp[g]:
                    n_lp[g] = lp
                    n_ref[g] = h_ref[i]
            _order(n_lp, ng, chosen)
            for i in range(ng):
                g = chosen[i]
                h_lp[i] = n_lp[g]
                h_p2[i] = n_p2[g]
                h_p1[i] = who_id
                r_parent[records] = n_ref[g]
                r_who[records] = who_id
                r_prob[records] = 1.0
                h_ref[i] = records
                records += 1
            nh = ng
            continue
        n = len(candidates)
        for j in range(n):
            name = candidates[j]
            who_id = speaker_of.get(name, -1)
            if who_id < 0:
                who_id = len(names)
                speaker_of[name] = who_id
                names.append(name)
            ids[j] = who_id
        rows = slot.rows  # (first: made of dicts, it may name features the context has not met)
        table, gap, kind = weigh.context(slot)
        w_last, w_two = weigh.turns(slot)
        _static_scores(rows, table, weigh, gap, kind, statics)
        top = statics[0]
        for j in range(1, n):
            if statics[j] > top:
                top = statics[j]
        mass = 0.0
        for j in range(n):
            exps[j] = exp(statics[j] - top)
            mass += exps[j]
        # Candidates too unlikely to follow whatever came before are left out
        # (the last speaker and the one before are always weighed); the rest
        # from the likeliest down, ties in candidate order.
        log_z0 = top + log(mass)
        nb = 0
        for j in range(n):
            logp = statics[j] - log_z0
            if logp > prune:
                pos = nb
                while pos > 0 and base_logp[pos - 1] < logp:
                    base_j[pos] = base_j[pos - 1]
                    base_logp[pos] = base_logp[pos - 1]
                    base_prob[pos] = base_prob[pos - 1]
                    pos -= 1
                base_j[pos] = j
                base_logp[pos] = logp
                base_prob[pos] = exp(statics[j] - log_z0)
                nb += 1
        goes_on = slot.goes_on
        if goes_on:
            for j in range(n):
                may_go_on[j] = not (rows.has(j, clash) or rows.has(j, here))
        for m in range(beam * n):
            e_at[m] = -1
        ne = 0
        ng = 0
        # Whatever scores below the best extension so far by more than the
        # prune margin would be dropped below anyway: skip it early.
        floor = neg_inf
        for i in range(nh):
            lp = h_lp[i]
            p1 = h_p1[i]
            p2 = h_p2[i]
            j1 = -1
            j2 = -1
            if p1 >= 0:
                for j in range(n):
                    if ids[j] == p1:
                        j1 = j
                        break
                if p2 != p1:
                    for j in range(n):
                        if ids[j] == p2:
                            j2 = j
                            break
            g = 0
            while g < ng and group_p1[g] != p1:
                g += 1
            if g == ng:
                group_p1[g] = p1
                ng += 1
            if goes_on and j1 >= 0 and may_go_on[j1]:
                mode = 0  # the verb decides: the last speaker goes on
                nk = 1
            elif j1 < 0 and j2 < 0:
                mode = 1  # nothing before bears on this slot's candidates
                nk = nb
            else:
                mode = 2
                nk = n
                total = mass
                if j1 >= 0:
                    total += exps[j1] * (exp(w_last) - 1.0)
                if j2 >= 0:
                    total += exps[j2] * (exp(w_two) - 1.0)
                log_z = top + log(total)
            for m in range(nk):
                if mode == 0:
                    j = j1
                    probability = _GOES_ON_PROBABILITY
                    logp = 0.0
                elif mode == 1:
                    j = base_j[m]
                    probability = base_prob[m]
                    logp = base_logp[m]
                else:
                    j = m
                    if j == j1:
                        s = statics[j] + w_last
                    elif j == j2:
                        s = statics[j] + w_two
                    else:
                        s = statics[j]
                    logp = s - log_z
                    if not logp > prune:
                        continue
                    probability = exp(logp)
                score = lp + logp
                if score <= floor:
                    if mode == 1:
                        break  # sorted: the rest score lower still
                    continue
                if score + prune > floor:
                    floor = score + prune
                e = e_at[g * n + j]
                if e < 0:
                    e = ne
                    ne += 1
                    e_at[g * n + j] = e
                    e_score[e] = score
                    e_p1[e] = p1
                    e_j[e] = j
                    e_parent[e] = h_ref[i]
                    e_prob[e] = probability
                elif score > e_score[e]:
                    e_score[e] = score
                    e_parent[e] = h_ref[i]
                    e_prob[e] = probability
        # The best `beam` of those above the floor, best first, ties in the
        # order they were first reached.
        nh = 0
        for e in range(ne):
            score = e_score[e]
            if not score > floor:
                continue
            if nh == beam and not score > e_score[chosen[nh - 1]]:
                continue
            pos = nh if nh < beam else beam - 1
            while pos > 0 and e_score[chosen[pos - 1]] < score:
                chosen[pos] = chosen[pos - 1]
                pos -= 1
            chosen[pos] = e
            if nh < beam:
                nh += 1
        for i in range(nh):
            e = chosen[i]
            h_lp[i] = e_score[e]
            h_p2[i] = e_p1[e]
            h_p1[i] = ids[e_j[e]]
            r_parent[records] = e_parent[e]
            r_who[records] = ids[e_j[e]]
            r_prob[records] = e_prob[e]
            h_ref[i] = records
            records += 1
    if nh == 0:
        raise ValueError("no hypothesis left")
    best_at = 0
    for i in range(1, nh):
        if h_lp[i] > h_lp[best_at]:
            best_at = i
    out = []
    ref = h_ref[best_at]
    k = len(slots)
    while ref >= 0:
        k -= 1
        who_id = r_who[ref]
        out.append((k, names[who_id] if who_id >= 0 else None, r_prob[ref]))
        ref = r_parent[ref]
    out.reverse()
    return out


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, i=cython.Py_ssize_t, pos=cython.Py_ssize_t,
               scores=cython.double[::1], order=cython.int[::1])
def _order(scores, count, order):
    """`order[:count]`: positions 0..count-1 by score, best first, ties in
    position order (what a stable sort gives)."""
    for i in range(count):
        pos = i
        while pos > 0 and scores[order[pos - 1]] < scores[i]:
            order[pos] = order[pos - 1]
            pos -= 1
        order[pos] = i
