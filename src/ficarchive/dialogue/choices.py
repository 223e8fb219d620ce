"""What one slot's own candidate scores offer the decoder, worked out once
before the beam search rather than for every hypothesis: the softmax's
pieces (the top score, each exponential beside it, their sum, the
log-normaliser) and the options left when nothing before bears on the
slot, best first.

(Plain Python: for the eight or so candidates of a slot, numpy's call
overhead costs more than it saves, even over a whole text at once.)
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter

PRUNE = -3.0  # a choice less likely than this (log-probability) is not followed


@dataclass(slots=True)
class Choice:
    statics: list[float]  # each candidate's score from its own features
    top: float
    exps: list[float]  # exp(score - top)
    mass: float  # their sum
    log_z: float  # the log-normaliser
    base: list[tuple[str, float]]  # (candidate, log-probability) above `PRUNE`, best first


def choice_of(candidates: list[str], statics: list[float]) -> Choice:
    top = max(statics)
    exps = [math.exp(s - top) for s in statics]
    mass = sum(exps)
    log_z = top + math.log(mass)
    base = sorted(((candidates[j], s - log_z) for j, s in enumerate(statics) if s - log_z > PRUNE),
                  key=itemgetter(1), reverse=True)
    return Choice(statics, top, exps, mass, log_z, base)
