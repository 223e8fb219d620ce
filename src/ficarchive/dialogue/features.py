"""Each speaker candidate's features as integer ids, in typed code.

A feature is named once (`NAMES`, `feature_id`); a slot's candidates carry
their features as flat arrays (`Rows`: the candidates' (id, value) pairs
one after another), which the compiled static scores (`beam.py`) read
directly against a weight array per context. Dicts of named features are
made only where a person or the trainer reads them (`Rows.row`).

`FeatureBuilder` computes them, per text: every member's mentions in
narration and pronoun chain as flat position arrays, every quotation's
candidates from what `candidates._QuoteContext` found once for it. The
features, their order and their values are those `candidates.py`
describes, computed with the same arithmetic (`exp` and `log1p` from the C
library in both modes), so the static scores keep their bits.

Cython's pure-Python mode, compiled by `setup.py` like `beam.py`; the
attributes of the typed classes are declared in `features.pxd` so that
`beam.py` reads `Rows` as C. Where no build was made, plain Python.
"""
from __future__ import annotations

from array import array

from . import typed_arrays

try:
    import cython
except ImportError:  # plain Python without Cython installed
    from . import _cython_shim as cython
if cython.compiled:
    from cython.cimports.cpython import array as c_array
    from cython.cimports.libc.math import exp, log1p
    from cython.cimports.ficarchive.dialogue.typed_arrays import _buffer_of, _zeros as zeros  # (in C, not through the interpreter)
else:
    from math import exp, log1p
    from .typed_arrays import checked_array as _buffer_of, zeros

COMPILED: bool = cython.compiled  # this file built to C, or run as Python

_SENTENCE_REACH = 600  # as `candidates._SENTENCE_REACH`
_NEAR = cython.declare(cython.longlong, 3000)  # characters before a quotation in which a named member is a candidate
_AHEAD = cython.declare(cython.longlong, 400)  # ... and after it
FAR = 2 ** 62  # a position beyond any text: `math.inf` of the plain code

# Every feature `candidates.py` gives, in a fixed order; names met later
# (the trainer's or a test's) are added at the end as they come.
NAMES: list = [
    "before_near", "before_sentence", "before_subject", "before_since_last_quote", "after_near",
    "after_subject", "unnamed_yet", "chain_near", "chain_recent", "last_named_of_gender", "addressed_here",
    "named_in_quote", "addressed_before", "addressed_after", "next_tagged", "next2_tagged",
    "tag_gender_agrees", "tag_gender_unknown", "tag_gender_clashes", "tag_third_person_narrator", "tag_refers",
    "tag_most_in_view", "tag_last_subject", "tag_first_person_narrator", "tag_first_person_other",
    "tag_group_ungendered", "description_kin_family",
    "pronoun_before_first_person", "pronoun_before_agrees", "pronoun_before_refers", "pronoun_before_clashes",
    "pronoun_after_first_person", "pronoun_after_agrees", "pronoun_after_refers", "pronoun_after_clashes",
    "narrator", "narrator_first_person_before", "described_not_named", "nameless", "tagged_share",
    "salience", "most_in_view",
    "sieve_name_tag", "sieve_narrator_tag", "sieve_kin_tag", "sieve_description_tag", "sieve_gendered_tag",
    "sieve_same_turn", "sieve_turn_taking", "sieve_acting", "sieve_in_view",
]
ID: dict = {name: k for k, name in enumerate(NAMES)}


def feature_id(name: str) -> int:
    """The id of a feature name, given one when first met."""
    found = ID.get(name)
    if found is None:
        found = ID[name] = len(NAMES)
        NAMES.append(name)
    return found


# Ids as C constants of the compiled code (the order of `NAMES`).
BEFORE_NEAR = cython.declare(cython.int, 0)
BEFORE_SENTENCE = cython.declare(cython.int, 1)
BEFORE_SUBJECT = cython.declare(cython.int, 2)
BEFORE_SINCE_LAST_QUOTE = cython.declare(cython.int, 3)
AFTER_NEAR = cython.declare(cython.int, 4)
AFTER_SUBJECT = cython.declare(cython.int, 5)
UNNAMED_YET = cython.declare(cython.int, 6)
CHAIN_NEAR = cython.declare(cython.int, 7)
CHAIN_RECENT = cython.declare(cython.int, 8)
LAST_NAMED_OF_GENDER = cython.declare(cython.int, 9)
ADDRESSED_HERE = cython.declare(cython.int, 10)
NAMED_IN_QUOTE = cython.declare(cython.int, 11)
ADDRESSED_BEFORE = cython.declare(cython.int, 12)
ADDRESSED_AFTER = cython.declare(cython.int, 13)
NEXT_TAGGED = cython.declare(cython.int, 14)
NEXT2_TAGGED = cython.declare(cython.int, 15)
TAG_GENDER_AGREES = cython.declare(cython.int, 16)
TAG_GENDER_UNKNOWN = cython.declare(cython.int, 17)
TAG_GENDER_CLASHES = cython.declare(cython.int, 18)
TAG_THIRD_PERSON_NARRATOR = cython.declare(cython.int, 19)
TAG_REFERS = cython.declare(cython.int, 20)
TAG_MOST_IN_VIEW = cython.declare(cython.int, 21)
TAG_LAST_SUBJECT = cython.declare(cython.int, 22)
TAG_FIRST_PERSON_NARRATOR = cython.declare(cython.int, 23)
TAG_FIRST_PERSON_OTHER = cython.declare(cython.int, 24)
TAG_GROUP_UNGENDERED = cython.declare(cython.int, 25)
DESCRIPTION_KIN_FAMILY = cython.declare(cython.int, 26)
PRONOUN_BEFORE = cython.declare(cython.int, 27)  # _first_person, _agrees, _refers, _clashes follow
PRONOUN_AFTER = cython.declare(cython.int, 31)
NARRATOR = cython.declare(cython.int, 35)
NARRATOR_FIRST_PERSON_BEFORE = cython.declare(cython.int, 36)
SALIENCE = cython.declare(cython.int, 40)
MOST_IN_VIEW = cython.declare(cython.int, 41)

# Genders as small integers: 0 for none; a tag's `narrator` and `group` too.
GENDERS: dict = {None: 0, "male": 1, "female": 2, "narrator": 3, "group": 4}
MALE = cython.declare(cython.int, 1)
FEMALE = cython.declare(cython.int, 2)
SAID_NARRATOR = cython.declare(cython.int, 3)
GROUP = cython.declare(cython.int, 4)

# Bits of `FeatureBuilder.marks`: what a quotation says of a member.
_HERE = cython.declare(cython.int, 1)
_NAMED = cython.declare(cython.int, 2)
_BEFORE = cython.declare(cython.int, 4)
_AFTER = cython.declare(cython.int, 8)
_NEXT = cython.declare(cython.int, 16)
_NEXT2 = cython.declare(cython.int, 32)

_MOST_PER_CANDIDATE = 48  # more than any candidate can have (42 ids above at most once each)


def gender_code(gender) -> int:
    found = GENDERS.get(gender)
    if found is None:
        found = GENDERS[gender] = len(GENDERS)
    return found


@cython.locals(count=cython.Py_ssize_t, k=cython.Py_ssize_t, out=cython.p_int)
def gender_codes(names: list, genders: dict):
    """`array("i", [gender_code(genders.get(name)) for name in names])`,
    filled in C (a call to `gender_code` per member cost some 1,000
    instructions)."""
    count = len(names)
    made = zeros("i", count if count else 1)
    if cython.compiled:
        out = cython.cast(c_array.array, made).data.as_ints
    else:
        out = made
    for k in range(count):
        found = GENDERS.get(genders.get(names[k]))
        out[k] = gender_code(genders.get(names[k])) if found is None else found
    return made if count else made[:0]


def _ints(values):
    if typed_arrays.COMPILED and type(values) is list:
        return typed_arrays.ints(values)
    return array("i", values) if len(values) else array("i", [0])


@cython.cfunc
def _zero_ints(n: cython.Py_ssize_t):
    return zeros("i", n if n > 1 else 1)


@cython.cfunc
def _zero_doubles(n: cython.Py_ssize_t):
    return zeros("d", n if n > 1 else 1)


def _longs(values):
    if typed_arrays.COMPILED and type(values) is list:
        return typed_arrays.longs(values)
    return array("q", values) if len(values) else array("q", [0])


def _doubles(values):
    return array("d", values) if len(values) else array("d", [0.0])


@cython.cfunc
@cython.inline
@cython.exceptval(check=False)
def _padded(n: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """How long the builder's view of `n` items is: an empty one holds one
    zero (as `_ints` and `_longs` make it)."""
    return n if n else 1


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(total=cython.Py_ssize_t, n=cython.Py_ssize_t, k=cython.Py_ssize_t, at=cython.Py_ssize_t,
               out=cython.int[::1])
def _ints_in_one(lists: tuple) -> cython.int[::1]:
    """Each of `lists` (lists, or arrays) as ints, end to end in one buffer,
    each `_padded` long, for the builder to slice into the views it keeps:
    one typed view taken, where one for each cost about 3,000 instructions
    (some 25 a chapter). Filled in place, so no call goes through the
    interpreter."""
    total = 0
    for values in lists:
        total += _padded(len(values))
    out = zeros("i", total)
    at = 0
    for values in lists:
        n = len(values)
        for k in range(n):
            out[at + k] = values[k]
        at += _padded(n)
    return out


@cython.cfunc
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(total=cython.Py_ssize_t, n=cython.Py_ssize_t, k=cython.Py_ssize_t, at=cython.Py_ssize_t,
               out=cython.longlong[::1])
def _longs_in_one(lists: tuple) -> cython.longlong[::1]:
    """`_ints_in_one` as longs."""
    total = 0
    for values in lists:
        total += _padded(len(values))
    out = zeros("q", total)
    at = 0
    for values in lists:
        n = len(values)
        for k in range(n):
            out[at + k] = values[k]
        at += _padded(n)
    return out


@cython.cfunc
def as_doubles(table) -> cython.p_double:
    """The doubles of `table`, an `array('d')`, read in place
    (`typed_arrays._buffer_of`: a typed view costs more than the few
    features read through it)."""
    if cython.compiled:
        return cython.cast(cython.p_double, _buffer_of(table, 'd'))
    return _buffer_of(table, 'd')


@cython.cclass
class Rows:
    """A slot's candidates' features: candidate j's (id, value) pairs are
    `ids[offsets[j]:offsets[j + 1]]` and the same of `values`, in the
    order the features were found (the order the scores sum them)."""

    def __init__(self, count, offsets, ids, values):
        self.count = count
        self.offsets = offsets
        self.ids = ids
        self.values = values

    @cython.locals(t=cython.Py_ssize_t, j=cython.Py_ssize_t)
    def row(self, j) -> dict:
        """Candidate j's features by name."""
        return {NAMES[self.ids[t]]: self.values[t] for t in range(self.offsets[j], self.offsets[j + 1])}

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t, j=cython.Py_ssize_t, weights=cython.p_double, size=cython.Py_ssize_t,
                   feature=cython.int, names=list, out=dict)
    def weighed(self, j, table) -> dict:
        """Candidate j's features by name, each times its weight in `table`
        (an `array('d')` by feature id): what each added to the candidate's score."""
        weights = as_doubles(table)
        size = len(table)
        names = NAMES
        out = {}
        for t in range(self.offsets[j], self.offsets[j + 1]):
            feature = self.ids[t]
            if feature >= size:
                raise IndexError("a feature id the weights do not cover")
            out[names[feature]] = self.values[t] * weights[feature]
        return out

    def as_dicts(self) -> list:
        return [self.row(j) for j in range(self.count)]

    @cython.locals(t=cython.Py_ssize_t, j=cython.Py_ssize_t)
    def subset(self, kept: list) -> "Rows":
        """The rows of the candidates `kept` (their indexes, in order)."""
        offsets, ids, values = [0], [], []
        for j in kept:
            for t in range(self.offsets[j], self.offsets[j + 1]):
                ids.append(self.ids[t])
                values.append(self.values[t])
            offsets.append(len(ids))
        return Rows(len(kept), _ints(offsets), _ints(ids), _doubles(values))

    @cython.locals(t=cython.Py_ssize_t, k=cython.Py_ssize_t, end=cython.Py_ssize_t, total=cython.Py_ssize_t)
    def with_feature(self, j, name: str, value: float) -> "Rows":
        """The rows with feature `name` (which candidate j has not yet) added
        after candidate j's others, as setting it in j's dict would add it."""
        feature = feature_id(name)
        if self.has(j, feature):
            raise ValueError(f"candidate {j} has {name} already")
        end = self.offsets[j + 1]
        total = self.offsets[self.count]
        ids = [self.ids[t] for t in range(total)]
        values = [self.values[t] for t in range(total)]
        ids.insert(end, feature)
        values.insert(end, value)
        offsets = [self.offsets[k] + (1 if k > j else 0) for k in range(self.count + 1)]
        return Rows(self.count, _ints(offsets), _ints(ids), _doubles(values))

    @cython.ccall
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t)
    def has(self, j: cython.Py_ssize_t, feature: cython.int) -> cython.bint:
        for t in range(self.offsets[j], self.offsets[j + 1]):
            if self.ids[t] == feature:
                return True
        return False


@cython.boundscheck(False)
@cython.wraparound(False)
@cython.locals(count=cython.Py_ssize_t, found=cython.Py_ssize_t, k=cython.Py_ssize_t, t=cython.Py_ssize_t,
               v=cython.double, names=list)
def strongest(reasons: dict, count) -> list:
    """The names of the `count` (at most 8) largest values above 0 in
    `reasons` ({name: value}), largest first, equal values by name from the
    last: what `sorted(zip(values, names), reverse=True)[:count]` keeps of
    them, without the pairs or the sort."""
    if count > 8:
        raise ValueError("at most 8")
    values = cython.declare(cython.double[8])
    if not cython.compiled:
        values = [0.0] * 8
    names = []  # the kept names, in order; their values in `values`
    found = 0
    for name, value in reasons.items():
        v = value
        if not v > 0:
            continue
        k = found  # its place: after every kept value above it, or equal with a later name
        while k > 0 and (v > values[k - 1] or (v == values[k - 1] and name > names[k - 1])):
            k -= 1
        if k >= count:
            continue
        if found == count:
            names.pop()
            found -= 1
        names.insert(k, name)
        for t in range(found, k, -1):
            values[t] = values[t - 1]
        values[k] = v
        found += 1
    return names


def rows_from_dicts(features: list) -> Rows:
    """`Rows` of feature dicts (`{name: value}` per candidate, in order)."""
    offsets, ids, values = [0], [], []
    for f in features:
        for name, value in f.items():
            ids.append(feature_id(name))
            values.append(value)
        offsets.append(len(ids))
    return Rows(len(features), _ints(offsets), _ints(ids), _doubles(values))


@cython.cfunc
@cython.inline
@cython.boundscheck(False)
@cython.wraparound(False)
@cython.cdivision(True)
@cython.locals(mid=cython.Py_ssize_t)
def _bisect_left(a: cython.longlong[::1], x: cython.longlong, lo: cython.Py_ssize_t,
                 hi: cython.Py_ssize_t) -> cython.Py_ssize_t:
    while lo < hi:
        mid = (lo + hi) // 2
        if a[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


@cython.cfunc
@cython.inline
def _bisect_right(a: cython.longlong[::1], x: cython.longlong, lo: cython.Py_ssize_t,
                  hi: cython.Py_ssize_t) -> cython.Py_ssize_t:
    """After every value <= x: for integers (text offsets here), the place of x + 1 from the left."""
    return _bisect_left(a, x + 1, lo, hi)


@cython.cclass
class FeatureBuilder:
    """One text's members (as small integers: `ids`) and what they bring to
    every quotation; `rows` gives a slot's features."""

    def __init__(self, names: list, genders, narrator: int, first_named, starts, ends,
                 subject, mention_offsets, chains, chain_offsets, prepare):
        """Per member (in `names` order): its gender code, first mention
        (`FAR` if none), narration mentions' starts, ends and whether each
        is a sentence's subject, and pronoun-chain positions, the last two
        flat with offsets per member (lists, or arrays of the types they are
        kept in, copied whole). `prepare(name)` gives what a member
        brings wherever it is, asked once, when it is first a candidate:
        (known by a title and a shared family name, [(feature, value)])."""
        n = len(names)
        self.names = names
        self.ids = {name: k for k, name in enumerate(names)}
        self.narrator_id = narrator
        # (Each list a piece of one buffer of ints and one of longs: see `_ints_in_one`.)
        ints: cython.int[::1] = _ints_in_one((genders, subject, mention_offsets, chain_offsets))
        at: cython.Py_ssize_t = 0
        self.gender = ints[at:at + _padded(len(genders))]
        at += _padded(len(genders))
        self.subject = ints[at:at + _padded(len(subject))]
        at += _padded(len(subject))
        self.mention_offsets = ints[at:at + _padded(len(mention_offsets))]
        at += _padded(len(mention_offsets))
        self.chain_offsets = ints[at:at + _padded(len(chain_offsets))]
        longs: cython.longlong[::1] = _longs_in_one((first_named, starts, ends, chains))
        at = 0
        self.first_named = longs[at:at + _padded(len(first_named))]
        at += _padded(len(first_named))
        self.starts = longs[at:at + _padded(len(starts))]
        at += _padded(len(starts))
        self.ends = longs[at:at + _padded(len(ends))]
        at += _padded(len(ends))
        self.chains = longs[at:at + _padded(len(chains))]
        self.prepare = prepare
        # The per-member arrays are pieces of one buffer of ints and one of
        # doubles (a typed view of each array of its own cost more than a
        # short chapter's features). (`memoryview`: in plain Python a slice
        # of it shares the buffer, where an array's slice is a copy.)
        m: cython.Py_ssize_t = max(n, 1)
        int_zeros: cython.int[::1] = memoryview(_zero_ints(9 * m))
        double_zeros: cython.double[::1] = memoryview(_zero_doubles(4 * m))
        self.ready = int_zeros[0:m]
        self.family_title = int_zeros[m:2 * m]
        self.constant_count = int_zeros[2 * m:3 * m]
        self.marks = int_zeros[3 * m:4 * m]
        self.seen = int_zeros[4 * m:5 * m]
        self.members = int_zeros[5 * m:6 * m]
        self.constant_ids = int_zeros[6 * m:9 * m]
        self.constant_values = double_zeros[0:3 * m]
        self.scores = double_zeros[3 * m:4 * m]
        # Every slot's rows are written straight into shared blocks, and each
        # slot's `Rows` views its own stretch of them (no copy, no array per
        # slot); a block that fills up is left to the rows viewing it and a
        # bigger one is taken (`_room`).
        self.out_ids = _zero_ints(_MOST_PER_CANDIDATE * n)
        self.out_values = _zero_doubles(_MOST_PER_CANDIDATE * n)
        self.out_used = 0
        self.out_offsets = _zero_ints(4 * (n + 1))
        self.offsets_used = 0

    def member_id(self, name) -> int:
        """A member's integer, or -1 for nobody (None or not in this text)."""
        if name is None:
            return -1
        return self.ids.get(name, -1)

    @cython.cfunc
    @cython.inline
    @cython.exceptval(check=False)
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.initializedcheck(False)
    def _flag(self, at: cython.Py_ssize_t, feature: cython.int) -> cython.Py_ssize_t:
        """Feature `feature`, valued 1, at place `at` of the slot's scratch
        rows (`out_ids`, `out_values`); the next place."""
        self.out_ids[at] = feature
        self.out_values[at] = 1.0
        return at + 1

    @cython.cfunc
    @cython.locals(size=cython.Py_ssize_t)
    def _room(self, features: cython.Py_ssize_t, offsets: cython.Py_ssize_t):
        """At least `features` free places in the feature block and
        `offsets` in the offsets block: where there are fewer, a new block,
        twice the last one's size or what is asked."""
        if self.out_used + features > len(self.out_ids):
            size = max(2 * len(self.out_ids), features)
            self.out_ids = _zero_ints(size)
            self.out_values = _zero_doubles(size)
            self.out_used = 0
        if self.offsets_used + offsets > len(self.out_offsets):
            self.out_offsets = _zero_ints(max(2 * len(self.out_offsets), offsets))
            self.offsets_used = 0

    @cython.cfunc
    @cython.locals(c=cython.int, k=cython.Py_ssize_t)
    def _prepare(self, c: cython.int):
        family_title, constant = self.prepare(self.names[c])
        self.family_title[c] = 1 if family_title else 0
        if len(constant) > 3:
            raise ValueError("more than three constant features")
        self.constant_count[c] = len(constant)
        for k in range(len(constant)):
            self.constant_ids[3 * c + k] = feature_id(constant[k][0])
            self.constant_values[3 * c + k] = constant[k][1]
        self.ready[c] = 1

    def index_text(self, sentence_starts: list, mention_starts: list, mention_members: list, male_positions,
                   male_members, female_positions, female_members, first_person,
                   quote_starts: list, quote_ends: list, speakers: list, fixed: list, linked: list,
                   addressees: list, addressee_offsets: list, text, cast_count, every_member, subject_pronoun):
        """What every quotation reads of the text: sentence starts near
        quotations; every mention's start and member; narration names of
        each gender (position, member) in order; first-person pronouns in
        narration; each quotation's span, sieve speaker (-1 none), whether an
        explicit tag fixes it and it is linked to the one before, and who it
        speaks to (flat, with offsets). `every_member`: the whole cast
        (`cast_count` first members) is a candidate everywhere.
        `subject_pronoun(text, start)`: the gender code (`narrator` for `I`,
        0 for none) of the subject pronoun a sentence at `start` opens with
        (`Then he`: `slot_index.subject_pronoun`). (Lists, or arrays as
        `__init__` takes them.)"""
        self.sentence_count = len(sentence_starts)
        self.mention_count = len(mention_starts)
        self.male_count = len(male_positions)
        self.female_count = len(female_positions)
        self.first_person_count = len(first_person)
        self.quote_count = len(quote_starts)
        # (Each list a piece of one buffer of longs and one of ints: see `_ints_in_one`.)
        longs: cython.longlong[::1] = _longs_in_one((sentence_starts, mention_starts, male_positions, female_positions,
                                                     first_person, quote_starts, quote_ends))
        at: cython.Py_ssize_t = 0
        self.sentence_starts = longs[at:at + _padded(len(sentence_starts))]
        at += _padded(len(sentence_starts))
        self.mention_starts = longs[at:at + _padded(len(mention_starts))]
        at += _padded(len(mention_starts))
        self.male_positions = longs[at:at + _padded(len(male_positions))]
        at += _padded(len(male_positions))
        self.female_positions = longs[at:at + _padded(len(female_positions))]
        at += _padded(len(female_positions))
        self.first_person = longs[at:at + _padded(len(first_person))]
        at += _padded(len(first_person))
        self.quote_starts = longs[at:at + _padded(len(quote_starts))]
        at += _padded(len(quote_starts))
        self.quote_ends = longs[at:at + _padded(len(quote_ends))]
        ints: cython.int[::1] = _ints_in_one((mention_members, male_members, female_members, speakers, fixed, linked,
                                              addressees, addressee_offsets))
        at = 0
        self.mention_members = ints[at:at + _padded(len(mention_members))]
        at += _padded(len(mention_members))
        self.male_members = ints[at:at + _padded(len(male_members))]
        at += _padded(len(male_members))
        self.female_members = ints[at:at + _padded(len(female_members))]
        at += _padded(len(female_members))
        self.speakers = ints[at:at + _padded(len(speakers))]
        at += _padded(len(speakers))
        self.fixed = ints[at:at + _padded(len(fixed))]
        at += _padded(len(fixed))
        self.linked = ints[at:at + _padded(len(linked))]
        at += _padded(len(linked))
        self.addressees = ints[at:at + _padded(len(addressees))]
        at += _padded(len(addressees))
        self.addressee_offsets = ints[at:at + _padded(len(addressee_offsets))]
        self.text = text
        self.text_length = len(text)
        self.subject_pronoun = subject_pronoun
        self.cast_count = cast_count
        self.every_member = every_member

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(t=cython.Py_ssize_t)
    def _mark_addressees(self, i: cython.Py_ssize_t, bit: cython.int):
        for t in range(self.addressee_offsets[i], self.addressee_offsets[i + 1]):
            if bit:
                self.marks[self.addressees[t]] |= bit
            else:
                self.marks[self.addressees[t]] = 0

    @cython.cfunc
    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.locals(n=cython.Py_ssize_t, c=cython.int, t=cython.Py_ssize_t, lo=cython.Py_ssize_t,
                   hi=cython.Py_ssize_t, j=cython.Py_ssize_t)
    def _candidates(self, i: cython.Py_ssize_t, near: cython.longlong, ahead: cython.longlong) -> cython.Py_ssize_t:
        """Quotation i's candidates into `members`, in the order first met:
        members named from `near` characters before it to `ahead` after,
        the speakers of the quotations around it, the narrator, and in a
        small cast (or where nobody else is) every member. Their count."""
        n = 0
        lo = _bisect_left(self.mention_starts, self.quote_starts[i] - near, 0, self.mention_count)
        hi = _bisect_left(self.mention_starts, self.quote_ends[i] + ahead, 0, self.mention_count)
        for t in range(lo, hi):
            c = self.mention_members[t]
            if not self.seen[c]:
                self.seen[c] = 1
                self.members[n] = c
                n += 1
        for j in range(max(0, i - 4), min(self.quote_count, i + 3)):
            c = self.speakers[j]
            if c >= 0 and not self.seen[c]:
                self.seen[c] = 1
                self.members[n] = c
                n += 1
        c = self.narrator_id
        if c >= 0 and not self.seen[c]:
            self.seen[c] = 1
            self.members[n] = c
            n += 1
        if n == 0 or self.every_member:
            for c in range(self.cast_count):
                if not self.seen[c]:
                    self.seen[c] = 1
                    self.members[n] = c
                    n += 1
        for j in range(n):
            self.seen[self.members[j]] = 0
        return n

    @cython.cfunc
    @cython.locals(k=cython.Py_ssize_t)
    def _referent(self, positions: cython.longlong[::1], members: cython.int[::1], count: cython.Py_ssize_t,
                  pos: cython.longlong) -> cython.int:
        """The member of a gender named last before `pos` in narration (-1: none)."""
        if count == 0:
            return -1
        k = _bisect_left(positions, pos, 0, count) - 1
        return members[k] if k >= 0 else -1

    @cython.cfunc
    @cython.locals(k=cython.Py_ssize_t)
    def _inside_quote(self, pos: cython.longlong) -> cython.bint:
        k = _bisect_right(self.quote_starts, pos, 0, self.quote_count) - 1
        return k >= 0 and self.quote_starts[k] <= pos < self.quote_ends[k]

    @cython.cfunc
    @cython.locals(k=cython.Py_ssize_t, start=cython.longlong, said=cython.int)
    def _pronoun_subject(self, pos: cython.longlong, before: cython.bint) -> cython.int:
        """`He turned.` opening the sentence just before the quotation at
        `pos` (its start) or just after it (`pos` its end): the pronoun's
        gender code (`narrator` for `I`; 0 for none), and in `said_referent`
        the member of that gender named last before the sentence (-1)."""
        self.said_referent = -1
        if before:
            if pos == 0:
                return 0
            k = _bisect_right(self.sentence_starts, pos - 1, 0, self.sentence_count) - 1
            if k < 0 or self.sentence_starts[k] >= pos:
                return 0
            start = self.sentence_starts[k]
            if self._inside_quote(start):
                return 0
        else:
            k = _bisect_right(self.sentence_starts, pos, 0, self.sentence_count) - 1
            if self.sentence_starts[k] < pos:
                k += 1
                if k >= self.sentence_count:
                    return 0
            start = self.sentence_starts[k]
            if self._inside_quote(start) or start - pos > 6:
                return 0
        said = self.subject_pronoun(self.text, start)
        if said == MALE:
            self.said_referent = self._referent(self.male_positions, self.male_members, self.male_count, start)
        elif said == FEMALE:
            self.said_referent = self._referent(self.female_positions, self.female_members, self.female_count, start)
        return said

    @cython.boundscheck(False)
    @cython.wraparound(False)
    @cython.cdivision(True)
    @cython.locals(n=cython.Py_ssize_t, j=cython.Py_ssize_t, c=cython.int, g=cython.int, at=cython.Py_ssize_t,
                   lo=cython.Py_ssize_t, hi=cython.Py_ssize_t, k=cython.Py_ssize_t, t=cython.Py_ssize_t,
                   d=cython.longlong, s=cython.double, best=cython.double, narrator=cython.bint,
                   mark=cython.int, first=cython.Py_ssize_t, side=cython.int, said=cython.int, ref=cython.int,
                   sentence=cython.Py_ssize_t, end_sentence=cython.Py_ssize_t, named_lo=cython.Py_ssize_t,
                   named_hi=cython.Py_ssize_t,
                   offsets=cython.int[::1], out_ids=cython.int[::1], out_values=cython.double[::1],
                   q_start=cython.longlong, q_end=cython.longlong, sentence_before_start=cython.longlong,
                   sentence_after_end=cython.longlong, prev_end=cython.longlong, next_start=cython.longlong,
                   ref_male=cython.int, ref_female=cython.int, first_person_before=cython.bint,
                   sieve_speaker=cython.int, next_tagged=cython.int, next2_tagged=cython.int, i=cython.Py_ssize_t,
                   untagged=cython.bint, tag_gender=cython.int,
                   tag_referent=cython.int, tag_in_view=cython.int, tag_subject=cython.int,
                   kin_description=cython.bint, description_gender=cython.int, before_said=cython.int,
                   before_referent=cython.int, after_said=cython.int, after_referent=cython.int,
                   sieve_feature=cython.int, candidates=list, base=cython.Py_ssize_t,
                   rows=Rows)
    def quote(self, i, salience: dict, untagged, tag_gender, tag_referent, tag_in_view, tag_subject,
              kin_description, description_gender, sieve_feature) -> tuple:
        """Quotation i's candidates (names) and their features (`Rows`),
        from the in-view scores at its start (`salience`) and what its tag
        tells (`candidates._quote_cues`)."""
        n = self._candidates(i, _NEAR, _AHEAD)
        q_start = self.quote_starts[i]
        q_end = self.quote_ends[i]
        # Where the sentence before the quotation's starts, and where the one
        # after the sentence it ends in ends: a name between is "in the
        # sentence before" or "after" (sentence starts are known near quotations).
        sentence = _bisect_right(self.sentence_starts, q_start, 0, self.sentence_count) - 1
        end_sentence = _bisect_right(self.sentence_starts, q_end - 1, 0, self.sentence_count) - 1
        sentence_before_start = self.sentence_starts[max(0, sentence - 1)]
        if end_sentence + 2 < self.sentence_count:
            sentence_after_end = self.sentence_starts[end_sentence + 2]
        else:
            sentence_after_end = FAR
        prev_end = self.quote_ends[i - 1] if i else 0
        next_start = self.quote_starts[i + 1] if i + 1 < self.quote_count else self.text_length
        ref_male = self._referent(self.male_positions, self.male_members, self.male_count, q_start)
        ref_female = self._referent(self.female_positions, self.female_members, self.female_count, q_start)
        first_person_before = (_bisect_left(self.first_person, q_start, 0, self.first_person_count)
                               > _bisect_left(self.first_person, q_start - 300, 0, self.first_person_count))
        sieve_speaker = self.speakers[i]
        # A pronoun subject in the sentences right before and (untagged) after the quotation.
        before_said = self._pronoun_subject(q_start, True)
        before_referent = self.said_referent
        after_said, after_referent = 0, -1
        if untagged:
            after_said = self._pronoun_subject(q_end, False)
            after_referent = self.said_referent
        # Spoken to here, before and after; named in the speech; explicitly
        # tagged as the next speakers (alternation backwards).
        self._mark_addressees(i, _HERE)
        named_lo = _bisect_left(self.mention_starts, q_start, 0, self.mention_count)
        named_hi = _bisect_left(self.mention_starts, q_end, 0, self.mention_count)
        for t in range(named_lo, named_hi):
            self.marks[self.mention_members[t]] |= _NAMED
        if i:
            self._mark_addressees(i - 1, _BEFORE)
        if i + 1 < self.quote_count:
            self._mark_addressees(i + 1, _AFTER)
        next_tagged = next2_tagged = -1
        if i + 1 < self.quote_count and self.fixed[i + 1] and self.linked[i + 1]:
            next_tagged = self.speakers[i + 1]
            if next_tagged >= 0:
                self.marks[next_tagged] |= _NEXT
        if i + 2 < self.quote_count and self.fixed[i + 2] and self.linked[i + 2]:
            next2_tagged = self.speakers[i + 2]
            if next2_tagged >= 0:
                self.marks[next2_tagged] |= _NEXT2
        candidates = []
        for j in range(n):
            candidates.append(self.names[self.members[j]])
        # The in-view share, relative to the best candidate's (`salience.add_relative`).
        best = 0.0
        for j in range(n):
            name = candidates[j]
            c = self.members[j]
            if not self.ready[c]:
                self._prepare(c)
            s = salience.get(name, 0.0)
            self.scores[j] = s
            if j == 0 or s > best:
                best = s
        self._room(_MOST_PER_CANDIDATE * n, n + 1)
        out_ids, out_values = self.out_ids, self.out_values
        base = self.out_used
        offsets = self.out_offsets[self.offsets_used:self.offsets_used + n + 1]
        offsets[0] = 0
        at = base
        for j in range(n):
            c = self.members[j]
            g = self.gender[c]
            narrator = c == self.narrator_id
            mark = self.marks[c]
            # The nearest mention before the quotation, in narration.
            first = self.mention_offsets[c]
            hi = self.mention_offsets[c + 1]
            k = _bisect_left(self.ends, q_start + 1, first, hi) - 1
            if k >= first:
                d = q_start - self.ends[k]
                out_ids[at] = BEFORE_NEAR
                out_values[at] = exp(-d / 400.0)
                at += 1
                if d < _SENTENCE_REACH and self.starts[k] >= sentence_before_start:
                    at = self._flag(at, BEFORE_SENTENCE)
                    if self.subject[k]:
                        at = self._flag(at, BEFORE_SUBJECT)
                if self.starts[k] >= prev_end:
                    at = self._flag(at, BEFORE_SINCE_LAST_QUOTE)
            # The nearest mention after it, before the next quotation.
            if untagged:
                k = _bisect_left(self.starts, q_end, first, hi)
                if k < hi and self.starts[k] < next_start:
                    d = self.starts[k] - q_end
                    out_ids[at] = AFTER_NEAR
                    out_values[at] = exp(-d / 200.0)
                    at += 1
                    if d < _SENTENCE_REACH and self.starts[k] < sentence_after_end and self.subject[k]:
                        at = self._flag(at, AFTER_SUBJECT)
            if self.first_named[c] >= q_start and not narrator:
                at = self._flag(at, UNNAMED_YET)
            # In view through the pronoun chain.
            lo = self.chain_offsets[c]
            hi = self.chain_offsets[c + 1]
            if hi > lo:
                k = _bisect_left(self.chains, q_start, lo, hi) - 1
                if k >= lo:
                    out_ids[at] = CHAIN_NEAR
                    out_values[at] = exp(-(q_start - self.chains[k]) / 300.0)
                    at += 1
                    out_ids[at] = CHAIN_RECENT
                    out_values[at] = log1p(k + 1 - _bisect_left(self.chains, q_start - 1000, lo, hi))
                    at += 1
            if (g == MALE and ref_male == c) or (g == FEMALE and ref_female == c):
                at = self._flag(at, LAST_NAMED_OF_GENDER)
            # Spoken to or named in the speech, spoken to around it, tagged next.
            if mark & _HERE:
                at = self._flag(at, ADDRESSED_HERE)
            elif mark & _NAMED:
                at = self._flag(at, NAMED_IN_QUOTE)
            if mark & _BEFORE:
                at = self._flag(at, ADDRESSED_BEFORE)
            if mark & _AFTER:
                at = self._flag(at, ADDRESSED_AFTER)
            if mark & _NEXT:
                at = self._flag(at, NEXT_TAGGED)
            if mark & _NEXT2:
                at = self._flag(at, NEXT2_TAGGED)
            # What the quotation's own tag tells.
            if tag_gender == MALE or tag_gender == FEMALE:
                out_values[at] = 1.0
                if g == tag_gender:
                    out_ids[at] = TAG_GENDER_AGREES
                elif g == 0:
                    out_ids[at] = TAG_GENDER_UNKNOWN
                else:
                    out_ids[at] = TAG_GENDER_CLASHES
                at += 1
                if narrator:
                    at = self._flag(at, TAG_THIRD_PERSON_NARRATOR)
                if tag_referent == c:
                    at = self._flag(at, TAG_REFERS)
                if tag_in_view == c:
                    at = self._flag(at, TAG_MOST_IN_VIEW)
                if tag_subject == c:
                    at = self._flag(at, TAG_LAST_SUBJECT)
            elif tag_gender == SAID_NARRATOR:
                at = self._flag(at, TAG_FIRST_PERSON_NARRATOR if narrator else TAG_FIRST_PERSON_OTHER)
            elif tag_gender == GROUP and g == 0:
                at = self._flag(at, TAG_GROUP_UNGENDERED)
            if kin_description and self.family_title[c] and (description_gender == 0 or description_gender == g):
                at = self._flag(at, DESCRIPTION_KIN_FAMILY)  # `said her mother` for Mrs. Bennet
            # A pronoun opening the sentence before or after.
            for side in range(2):
                said = before_said if side == 0 else after_said
                ref = before_referent if side == 0 else after_referent
                t = PRONOUN_BEFORE if side == 0 else PRONOUN_AFTER
                if said == SAID_NARRATOR:
                    if narrator:
                        at = self._flag(at, t)  # _first_person
                elif said > 0 and not narrator:
                    if g == said:
                        at = self._flag(at, t + 1)  # _agrees
                        if ref == c:
                            at = self._flag(at, t + 2)  # _refers
                    elif g != 0:
                        at = self._flag(at, t + 3)  # _clashes
            if narrator:
                at = self._flag(at, NARRATOR)
                if first_person_before:
                    at = self._flag(at, NARRATOR_FIRST_PERSON_BEFORE)
            for k in range(self.constant_count[c]):
                out_ids[at] = self.constant_ids[3 * c + k]
                out_values[at] = self.constant_values[3 * c + k]
                at += 1
            if sieve_feature >= 0 and sieve_speaker == c:
                at = self._flag(at, sieve_feature)
            if best > 0:
                s = self.scores[j]
                if s > 0:
                    out_ids[at] = SALIENCE
                    out_values[at] = s / best
                    at += 1
                    if s == best:
                        at = self._flag(at, MOST_IN_VIEW)
            offsets[j + 1] = at - base
        # Leave `marks` clean for the next quotation (those spoken to need not be candidates).
        for j in range(n):
            self.marks[self.members[j]] = 0
        self._mark_addressees(i, 0)
        for t in range(named_lo, named_hi):
            self.marks[self.mention_members[t]] = 0
        if i:
            self._mark_addressees(i - 1, 0)
        if i + 1 < self.quote_count:
            self._mark_addressees(i + 1, 0)
        if next_tagged >= 0:
            self.marks[next_tagged] = 0
        if next2_tagged >= 0:
            self.marks[next2_tagged] = 0
        rows = Rows.__new__(Rows)
        rows.count = n
        rows.offsets = offsets
        rows.ids = out_ids[base:at]
        rows.values = out_values[base:at]
        self.out_used = at
        self.offsets_used += n + 1
        return candidates, rows
