"""Fit the speaker ranker's weights on the LitBank quotes development half.

    pip install -e '.[train]'
    python tools/train_speakers.py [FOLDER] [--write] [--sweep]

A conditional logit (softmax over each quotation's candidates, L2-penalised,
fitted with L-BFGS) on the features of `ficarchive/dialogue/candidates.py`
and `ranker.turn_features`, each also joined with the quotation's gap and
tag kind (`ranker.conjoined`). The penalty was chosen by the leave-one-work-
out figure (with the features of session 4: 2 -> 0.762, 3 -> 0.771, 4 ->
0.776, 6 -> 0.768, 9 -> 0.766). It prints the leave-one-work-out accuracy (each
work decoded by a model fitted on the other works, quotations found by the
system, scored as `bench/speakers.py` scores) — the honest estimate for
unseen text — and the in-sample accuracy beside it. `--decoded-history`
fits twice, the second time with the turn features read from the first
fit's own decoding of the training works (`Design.fit_on_decoded`); at
7544e51 it steadies the fit (leave-one-work-out by penalty 2, 3, 4, 6, 8:
700, 711, 722, 713, 707 -> 710, 719, 720, 715, 717; sum 3,553 -> 3,581) but
loses 2 at the shipped penalty, so the shipped weights are fitted on gold
history. `--silver litbank|corpus|both` also fits on silver quotations
(`tools/silver_quotes.py`: every other name tag that closes its sentence
or splits a speech taken out, the tag's speaker the label; the benchmark's
own works, each copy left out with its work, and the fan fiction of
../shared/corpus read as `understand` reads it), weighted by
`--silver-weight`. At 8a6cee7 it lost at every weight (leave-one-work-out
at 4 and the sum over the penalties, against 722 and 3,553; both phases:
114 silver quotations from the benchmark, 774 from the corpus): benchmark
0.1 -> 719, 3,550; 0.25 -> 708, 3,529; 0.5 -> 709, 3,527; 1 -> 697, 3,492;
corpus 0.1 -> 710, 3,532; 0.25 -> 704, 3,513; both 0.1 -> 710, 3,517.
Authors tag a name where the turn does not go as expected: after a
tag's full stop 0 of 21 silver quotations are the last speaker's (gold:
77 of 121), within an exchange 12 of 50 go back to the one two back
(gold: 123 of 191), and the shipped weights get 36% of the benchmark's
silver quotations right. Neither their own copy of each feature
(`--silver-own`: 713, 3,541), nor weighing them to the gold turns
(`--silver-balance`: 693 at weight 1), nor pronoun tags in place of the
names (`--silver-pronouns`, benchmark 0.1 -> 723, 3,555; 0.25 -> 720,
3,561; corpus 0.25 -> 696, 3,498), nor exchanges only or their openings only (trials, no flag: 711,
3,534; 708, 3,526) gained beyond a refit's noise, so the shipped weights
use none. With `--write` it
stores the weights fitted on every work in
`src/ficarchive/dialogue/data/speaker_ranker.json`. Deterministic: same
data, same weights.

Data: LitBank (David Bamman et al.; github.com/dbamman/litbank), CC BY 4.0,
as converted in ../shared/litbank-quotes (see its README for the papers).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

# The matrices are small (a few thousand rows): BLAS threads only contend,
# and on a busy 2-core machine they made the fits ten times slower.
for _threads in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_threads, "1")

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402

from ficarchive.dialogue.attribute import run_sieve  # noqa: E402
from ficarchive.dialogue.characters import load_characters  # noqa: E402
from ficarchive.dialogue.layout import detect_layout  # noqa: E402
from ficarchive.dialogue.pipeline import read_raw  # noqa: E402
from ficarchive.dialogue.quotes import find_quotes  # noqa: E402
from ficarchive.dialogue.ranker import conjoined, decode, turn_features  # noqa: E402
from ficarchive.dialogue.scoring import match_spans  # noqa: E402
from ficarchive.fandom.knowledge import default_knowledge  # noqa: E402
from ficarchive.parse import parse_path  # noqa: E402
from ficarchive.understand import chapter_mentions, read_cast  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from silver_quotes import SilverText  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "litbank-quotes"
MODEL = ROOT / "src" / "ficarchive" / "dialogue" / "data" / "speaker_ranker.json"
L2 = 4.0
SWEEP = (2.0, 3.0, 4.0, 6.0, 8.0)  # the penalties `--sweep` sums over
SILVER_OWN = "silver:"  # the name prefix of the silver rows' own copies of the features (`--silver-own`)
CORPUS = ROOT.parent / "shared" / "corpus"
SILVER, SILVER_WEIGHT, SILVER_PHASES = "none", 0.1, "both"  # `--silver`, `--silver-weight`, `--silver-phases`


class Work:
    def __init__(self, folder: Path, name: str):
        self.name = name
        text = read_raw(folder / f"{name}.txt")
        cast = load_characters(folder / f"{name}.characters.json")
        self.gold = [json.loads(line) for line in (folder / f"{name}.quotes.jsonl").read_text("utf-8").splitlines()
                     if line.strip()]
        layout = detect_layout(text)
        quotes = find_quotes(text, layout)
        sieve = run_sieve(text, quotes, cast, None, layout)
        self.text, self.sieve, self.cast = text, sieve, cast  # for tools/speaker_errors.py and the silver copies
        self.slots = sieve.slots()
        self.sieve_quotes = [(q.start, q.end) for q in sieve.quotes]
        matches = match_spans([(g["start"], g["end"]) for g in self.gold],
                              [(q.start, q.end) for q in sieve.quotes])
        self.label: dict[int, str | None] = {j: self.gold[i]["speaker"] for i, j in matches.items()}
        # Who spoke before, as training sees it: the gold speaker where a gold
        # quotation matches, else the sieve's answer.
        self.previous = [self.label.get(k, s.sieve) for k, s in enumerate(self.slots)]

    def groups(self, history: list[str | None] | None = None):
        """(feature dicts of the candidates, index of the gold one) per trainable slot,
        the turn features read from `history` (who spoke each slot; gold by default)."""
        return training_groups(self.slots, self.label, self.previous if history is None else history)

    def decoded(self, weights: dict[str, float]) -> list[str | None]:
        """Who the decoder says spoke each slot."""
        return [who for who, _, _ in decode(self.slots, weights, reasons=False)]

    def correct(self, weights: dict[str, float]) -> int:
        decoded = self.decoded(weights)
        return sum(1 for k, gold in self.label.items() if gold is not None and decoded[k] == gold)


def training_groups(slots, labels: dict[int, str | None], history: list[str | None]):
    """(feature dicts of the candidates, index of the labelled one, the turn
    it takes: its gap and whether its speaker spoke last, two back or
    neither) per slot with a label among its candidates and no explicit
    tag, the turn features read from `history` (who spoke each slot)."""
    for k, slot in enumerate(slots):
        gold = labels.get(k)
        if slot.fixed is not None or gold is None or gold not in slot.candidates:
            continue
        previous = history[max(0, k - 2):k]
        rows = [conjoined(static, turn_features(slot, c, previous), slot)
                for c, static in zip(slot.candidates, slot.features)]
        turn = "last" if previous[-1:] == [gold] else "two_back" if previous[:1] == [gold] and len(previous) == 2 \
            else "other"
        yield rows, slot.candidates.index(gold), slot.gap + " " + turn


class Design:
    """Every trainable slot's candidates as one matrix (a row per candidate,
    the columns `names`), built once: each leave-one-work-out fit takes the
    rows of the other works, in the same order as a matrix built for them
    alone, so it finds the same weights."""

    def __init__(self, works: list[Work], names: list[str], histories: list[list[str | None] | None] | None = None,
                 silver: list[SilverText] = (), silver_own: bool = False, balance: bool = False):
        self.works = works
        self.names = names
        self.silver, self.silver_own, self.balance = silver, silver_own, balance
        column = {n: j for j, n in enumerate(names)}
        rows, offsets, gold_rows, owners, weights, silver_groups, turns = [], [], [], [], [], [], []
        sources = [(k, 1.0, False, w.groups(None if histories is None else histories[k]))
                   for k, w in enumerate(works)]
        # Silver examples after the gold ones (so without them the matrix is
        # the same), each owned by the work it was made from (-1: no work
        # of the benchmark), so leaving that work out leaves them out too.
        sources += [(t.owner, t.weight, True, training_groups(t.slots, t.trained, t.previous)) for t in silver]
        for owner, weight, is_silver, groups in sources:
            for group, gold, turn in groups:
                turns.append(turn)
                offsets.append(len(rows))
                gold_rows.append(len(rows) + gold)
                owners.append(owner)
                weights.append(weight)
                silver_groups.append(is_silver)
                for row in group:
                    dense = [0.0] * len(names)
                    for n, value in row.items():
                        j = column.get(n)
                        if j is not None:
                            dense[j] = value
                    rows.append(dense)
        self.x = np.array(rows).reshape(len(rows), len(names))
        self.starts = np.array(offsets, dtype=int)
        self.gold = np.array(gold_rows, dtype=int)
        self.owner = np.array(owners, dtype=int)
        self.weight = np.array(weights)
        self.is_silver = np.array(silver_groups, dtype=bool)
        self.turns = np.array(turns)
        if silver_own:
            # Each feature also once more, on silver rows only: what the silver
            # examples show that the gold ones do not (they are quotations an
            # author chose to tag) goes to those copies, never shipped.
            silver_rows = np.repeat(self.is_silver, np.diff(np.append(self.starts, len(self.x))))
            self.x = np.hstack([self.x, self.x * silver_rows[:, None]])

    def fit(self, leave_out: int | None = None, l2: float = L2) -> dict[str, float]:
        """The weights fitted on every work but `leave_out` (an index into the works)."""
        keep = self.owner != leave_out
        sizes = np.diff(np.append(self.starts, len(self.x)))
        rows = np.repeat(keep, sizes)
        starts = np.concatenate(([0], np.cumsum(sizes[keep])[:-1])).astype(int)
        gold = starts + (self.gold - self.starts)[keep]
        weight = self.weight[keep]
        if self.balance and self.is_silver.any():
            weight = weight * self.balanced(keep)[keep]
        names = self.names + [SILVER_OWN + n for n in self.names] if self.silver_own else self.names
        weights = _fit(self.x[rows], starts, gold, names, l2, weight)
        return {n: w for n, w in weights.items() if not n.startswith(SILVER_OWN)}

    def balanced(self, keep: np.ndarray) -> np.ndarray:
        """A factor per group: 1 for gold ones; for silver ones, how much
        likelier their turn (last speaker, two back, neither) is among the kept
        gold quotations of the same gap than among the kept silver ones. An
        author tags a name where the turn is hard to follow, so the silver
        quotations are mostly ones where it does not go as expected."""
        factor = np.ones(len(self.turns))
        gaps = np.array([t.split()[0] for t in self.turns])
        for turn in np.unique(self.turns[self.is_silver & keep]):
            gap = gaps == turn.split()[0]
            gold, silver = keep & ~self.is_silver, keep & self.is_silver
            p_gold = np.sum(gold & (self.turns == turn)) / max(1, np.sum(gold & gap))
            p_silver = np.sum(silver & (self.turns == turn)) / np.sum(silver & gap)
            factor[silver & (self.turns == turn)] = p_gold / p_silver
        return factor

    def fit_on_decoded(self, leave_out: int | None = None, l2: float = L2) -> dict[str, float]:
        """The weights fitted as `fit` fits them, then fitted again with the
        turn features read from what those weights decode in each training
        work rather than from the gold speakers: the decoder reads its own
        choices, errors and all, so training on them shows the weights the
        history they will meet. (The left-out work is neither decoded nor read.)"""
        first = self.fit(leave_out, l2)
        histories = [None if k == leave_out else w.decoded(first) for k, w in enumerate(self.works)]
        return Design(self.works, self.names, histories, self.silver, self.silver_own, self.balance).fit(leave_out, l2)


def _fit(x: np.ndarray, starts: np.ndarray, gold: np.ndarray, names: list[str], l2: float = L2,
         weights: np.ndarray | None = None) -> dict[str, float]:
    """The conditional logit's weights: softmax over each group of rows
    (starting at `starts`, the gold row of each at `gold`, its log-likelihood
    counted `weights` times: 1 by default), L2-penalised."""
    sizes = np.diff(np.append(starts, len(x)))
    owner = np.repeat(np.arange(len(starts)), sizes)
    if weights is None or np.all(weights == 1.0):
        weights = None  # (the same sums, in the same order, as before weights)

    def loss(theta):
        s = x @ theta
        top = np.maximum.reduceat(s, starts)
        e = np.exp(s - top[owner])
        z = np.add.reduceat(e, starts)
        p = e / z[owner]
        if weights is None:
            value = 0.5 * l2 * theta @ theta - np.sum(s[gold] - top - np.log(z))
            grad = l2 * theta + x.T @ p - x[gold].sum(axis=0)
        else:
            value = 0.5 * l2 * theta @ theta - np.sum(weights * (s[gold] - top - np.log(z)))
            grad = l2 * theta + x.T @ (p * weights[owner]) - weights @ x[gold]
        return value, grad

    theta = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B").x
    return {n: round(float(t), 4) for n, t in zip(names, theta) if abs(t) >= 1e-4}


def fit(works: list[Work], names: list[str]) -> dict[str, float]:
    """The weights fitted on these works."""
    return Design(works, names).fit()


def load_works(folder: Path, tool: str) -> list[Work]:
    """Every work in the folder, read and run through the sieve (exits with a
    one-line reason if there is none)."""
    names = sorted(p.name[:-4] for p in folder.glob("*.txt"))
    if not names:
        sys.exit(f"{tool}: no <work>.txt files in {folder}")
    return [Work(folder, n) for n in names]


def litbank_silver(works: list[Work], weight: float, phases: tuple[int, ...], pronouns: bool) -> list[SilverText]:
    """Each work's silver copies, owned by the work (left out with it); the
    gold speakers say who spoke the quotations kept."""
    return [SilverText(w.text, w.cast, None, [(g["start"], g["end"], g["speaker"]) for g in w.gold], phase, k, weight,
                       pronouns)
            for k, w in enumerate(works) for phase in phases]


def corpus_silver(folder: Path, weight: float, phases: tuple[int, ...], pronouns: bool) -> list[SilverText]:
    """Silver copies of every chapter of the stories in `folder`'s `seeds` and
    `fetched`, each read as `understand` reads it (the knowledge base's cast
    and mentions); the sieve's answers stand for who spoke the quotations kept."""
    knowledge = default_knowledge()
    out = []
    for path in sorted(p for sub in ("seeds", "fetched") for p in (folder / sub).iterdir() if p.is_file()):
        for work in parse_path(path):
            if not hasattr(work, "chapters"):
                continue  # (a file that is no story: its FicError)
            _, cast, mentions = read_cast(work, knowledge)
            for chapter, _, local in chapter_mentions(work, mentions):
                out.extend(SilverText(chapter.text, cast, local, None, phase, -1, weight, pronouns)
                           for phase in phases)
    return out


def feature_names(works: list[Work]) -> list[str]:
    """Every feature name the trainable slots show, in a fixed order."""
    return sorted({f for w in works for rows, _, _ in w.groups() for row in rows for f in row})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--write", action="store_true", help="store the weights fitted on every work")
    parser.add_argument("--sweep", action="store_true",
                        help=f"also the leave-one-work-out count at each penalty of {SWEEP} and their sum "
                             "(a steadier yardstick for a small change than one penalty's figure)")
    parser.add_argument("--decoded-history", action="store_true",
                        help="fit a second time with the turn features read from the first fit's decoding "
                             "(`Design.fit_on_decoded`)")
    parser.add_argument("--silver", choices=("none", "litbank", "corpus", "both"), default=SILVER,
                        help="also fit on silver copies (name tags taken out: tools/silver_quotes.py) of the "
                             "benchmark's works, of the fan fiction in --corpus, or of both")
    parser.add_argument("--silver-weight", type=float, default=SILVER_WEIGHT,
                        help="what one silver quotation counts for against a gold one")
    parser.add_argument("--silver-phases", choices=("odd", "even", "both"), default=SILVER_PHASES,
                        help="which of the strippable tags each copy loses (every other one; both: two copies)")
    parser.add_argument("--silver-own", action="store_true",
                        help="give the silver rows their own copy of each feature beside the shared one "
                             "(fitted on the silver rows alone, never shipped)")
    parser.add_argument("--silver-balance", action="store_true",
                        help="weigh each silver quotation by how much likelier its turn (last speaker, two back, "
                             "neither) is among gold quotations of its gap than among silver ones (`Design.balanced`)")
    parser.add_argument("--silver-pronouns", action="store_true",
                        help="write the chosen name tags as pronoun tags (`she said`) rather than take them out")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args()
    works = load_works(args.folder, "train_speakers")
    features = feature_names(works)
    total = sum(len(w.gold) for w in works)

    phases = {"odd": (1,), "even": (0,), "both": (0, 1)}[args.silver_phases]
    silver = []
    if args.silver in ("litbank", "both"):
        silver += litbank_silver(works, args.silver_weight, phases, args.silver_pronouns)
    if args.silver in ("corpus", "both"):
        silver += corpus_silver(args.corpus, args.silver_weight, phases, args.silver_pronouns)
    if silver:
        print(f"silver: {sum(t.stripped for t in silver)} tags taken out in {len(silver)} texts, "
              f"{sum(len(t.trained) for t in silver)} quotations labelled, weight {args.silver_weight:g}")
    design = Design(works, features, silver=silver, silver_own=args.silver_own, balance=args.silver_balance)
    if silver:
        print(f"  trainable: {len(design.starts)} quotations, {int(np.sum(design.owner == -1))} of them "
              f"silver from the corpus")
    fit_weights = design.fit_on_decoded if args.decoded_history else design.fit
    if args.sweep:
        counts = [sum(work.correct(fit_weights(leave_out=k, l2=l2)) for k, work in enumerate(works)) for l2 in SWEEP]
        print("leave-one-work-out by penalty: " + ", ".join(f"{l2:g} -> {n}" for l2, n in zip(SWEEP, counts))
              + f"; sum {sum(counts)}")
    held_out = 0
    for k, work in enumerate(works):
        held_out += work.correct(fit_weights(leave_out=k))
    weights = fit_weights()
    in_sample = sum(w.correct(weights) for w in works)
    print(f"leave-one-work-out accuracy {held_out / total:.4f} ({held_out}/{total}); "
          f"in-sample {in_sample / total:.4f} ({in_sample}/{total})")
    for name, value in sorted(weights.items(), key=lambda kv: -abs(kv[1])):
        print(f"  {value:+8.3f}  {name}")
    if args.write:
        model = {
            "about": "Weights of the speaker ranker (ficarchive.dialogue.ranker), fitted by tools/train_speakers.py",
            "trained_on": "LitBank quotes development half (43 works, 870 quotations), converted from "
                          "LitBank (Bamman et al.; github.com/dbamman/litbank, commit 3e50db0), CC BY 4.0; "
                          "Sims and Bamman 2020 (quotations), Bamman, Lewke and Mansoor 2020 (coreference); "
                          "refitted in session 4 with the reply cues (a question before, a word of reply), "
                          "pronoun-tag referents by view and by last subject, and kin tags decided by the sieve; "
                          "in session 5 with speakers not yet named, described members found under other "
                          "words (`our last guide`) and descriptions that end in a name (`the burly Moze`, "
                          "`one of the women`), and decoded with name-tagged quotations pinning the turn "
                          "before them",
            "licence_of_training_data": "CC BY 4.0, https://creativecommons.org/licenses/by/4.0/",
            "l2": L2,
            "leave_one_work_out_accuracy": round(held_out / total, 4),
            "in_sample_accuracy": round(in_sample / total, 4),
            "weights": weights,
        }
        MODEL.write_text(json.dumps(model, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {MODEL.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
