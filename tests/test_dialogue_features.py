"""Speaker candidates' features as integer ids in flat rows
(`dialogue/features.py`): built by typed code, compiled at install or run as
plain Python, with the same features, in the same order, to the last bit."""
from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import CastMember, candidates, features, find_quotes
from ficarchive.dialogue.attribute import run_sieve
from ficarchive.dialogue.candidates import Slot
from ficarchive.dialogue.features import NAMES, Rows, feature_id, rows_from_dicts


PURE = as_python(features)

CAST = [
    CastMember("ann", "Ann Bennet", ("Mrs. Bennet",), "female"),
    CastMember("bob", "Bob Bennet", ("Mr. Bennet",), "male"),
    CastMember("cat", "Cat", (), "female"),
    CastMember("dan", "Dan", (), None),
    CastMember("guard", "the guard", (), "male"),
]
NARRATOR = CastMember("me", "Eve", (), "female", narrator=True)
PIECES = [
    '"Hello," said Ann.', '"Stop it, Bob!"', "He turned away.", "She laughed.", "I looked at Cat.",
    '"Where?" Dan asked.', '"No," she said. "Never."', '"Yes," he replied.', "Bob sat down by the fire.",
    '"Cat, come here."', '"Is it locked?" asked his wife.', "The guard frowned.", '"Move," said the guard.',
    '"Fine."', "Ann and Cat left the room.", '"Why," I said, "not?"', '"What now?" cried her mother.',
    '"Go on," he continued.', "Then she smiled at Dan.", '"They came," they said.',
]


def test_feature_rows_keep_the_order_and_values_of_their_dicts():
    dicts = [{"before_near": 0.25, "narrator": 1.0, "salience": 0.5}, {}, {"tag_refers": 1.0, "before_near": 2.0}]
    rows = rows_from_dicts(dicts)
    assert rows.count == 3 and [list(r.items()) for r in rows.as_dicts()] == [list(d.items()) for d in dicts]
    assert rows.has(0, NAMES.index("narrator")) and not rows.has(1, NAMES.index("narrator"))
    table = [0.0] * len(NAMES)
    table[NAMES.index("before_near")] = 3.0
    from array import array
    assert rows.weighed(2, array("d", table)) == {"tag_refers": 0.0, "before_near": 6.0}


def test_a_name_first_met_gets_the_next_id_and_keeps_it():
    count = len(NAMES)
    new = feature_id("a_feature_no_code_gives|far")
    assert new == count and NAMES[new] == "a_feature_no_code_gives|far"
    assert feature_id("a_feature_no_code_gives|far") == new and feature_id("before_near") == 0


def test_a_slot_made_of_dicts_gives_rows_and_rows_give_dicts():
    made = Slot(0, ["ann", "bob"], [{"narrator": 1.0}, {"after_near": 0.5}], False, False)
    assert isinstance(made.rows, Rows) and made.rows.count == 2
    built = Slot(1, ["ann"], None, False, False, rows=rows_from_dicts([{"tag_refers": 1.0}]))
    assert built.features == [{"tag_refers": 1.0}]


@st.composite
def _text(draw):
    pieces = draw(st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
    joints = draw(st.lists(st.sampled_from([" ", "\n\n", "\n"]), min_size=len(pieces), max_size=len(pieces)))
    return "".join(p + j for p, j in zip(pieces, joints)), draw(st.booleans())


def _slots(text: str, cast, builder):
    sieve = run_sieve(text, find_quotes(text), cast)
    saved = candidates.FeatureBuilder
    candidates.FeatureBuilder = builder
    try:
        return candidates.build_slots(sieve)
    finally:
        candidates.FeatureBuilder = saved


@settings(max_examples=150, deadline=None)
@given(_text())
def test_compiled_and_plain_features_agree(case):
    text, narrated = case
    cast = CAST + [NARRATOR] if narrated else CAST
    imported = _slots(text, cast, features.FeatureBuilder)
    plain = _slots(text, cast, PURE.FeatureBuilder)
    assert [s.candidates for s in imported] == [s.candidates for s in plain]
    for a, b in zip(imported, plain):
        assert [list(f.items()) for f in a.features] == [list(f.items()) for f in b.features]  # same bits, same order


def test_the_features_say_what_the_text_says():
    text = 'Bob sat by the fire. Cat came in.\n\n"Is it late?" she asked.\n\n"Cat, it is," he said.'
    slots = _slots(text, CAST, features.FeatureBuilder)
    first = dict(zip(slots[0].candidates, slots[0].features))
    assert "tag_gender_agrees" in first["cat"] and "tag_gender_clashes" in first["bob"]
    assert "tag_gender_unknown" in first["dan"]
    assert first["cat"]["before_near"] > first["bob"]["before_near"] > 0  # nearer, more
    second = dict(zip(slots[1].candidates, slots[1].features))
    assert "cat" not in second  # spoken to: no candidate (`build_slots`), though the builder marks her
    recording, seen = _recording(features.FeatureBuilder)
    _slots(text, CAST, recording)
    built = dict(zip(recording.names[1], seen[1]))
    assert "addressed_here" in built["cat"] and "addressed_before" not in built["cat"]
    assert "tag_gender_agrees" in second["bob"]
    print(f"features: {'compiled' if features.COMPILED else 'plain Python'} ({features.__file__})", file=sys.stderr)


def _recording(builder_class):
    """`builder_class` whose `quote` also keeps each slot's rows as dicts when made."""
    seen = []

    class Recording:
        def __init__(self, *args):
            self.builder = builder_class(*args)

        def index_text(self, *args):
            return self.builder.index_text(*args)

        names: list = []  # each slot's candidates as the builder gave them

        def quote(self, *args):
            names, rows = self.builder.quote(*args)
            seen.append(rows.as_dicts())
            Recording.names.append(names)
            return names, rows
    return Recording, seen


def test_rows_in_shared_blocks_keep_their_features_after_later_slots():
    # Many quotations among few members: the blocks the rows are written into
    # fill up and new ones are taken; every slot's rows still read as when made.
    text = " ".join(PIECES * 12)
    for builder in (features.FeatureBuilder, PURE.FeatureBuilder):
        recording, seen = _recording(builder)
        slots = [s for s in _slots(text, CAST + [NARRATOR], recording) if s.fixed is None]
        assert len(slots) == len(seen) > 50
        # (Less whoever a quotation speaks to: no candidate, `build_slots`.)
        kept = [[row for name, row in zip(names, rows) if name in s.candidates]
                for s, names, rows in zip(slots, recording.names, seen)]
        assert [s.rows.as_dicts() for s in slots] == kept
        assert all(s.rows.offsets[0] == 0 and len(s.rows.ids) == s.rows.offsets[s.rows.count] for s in slots)


def test_weighed_reads_the_weights_array_in_place_and_refuses_a_short_one():
    from array import array
    import pytest
    for module in (features, PURE):
        rows = module.rows_from_dicts([{"narrator": 2.0, "before_near": 0.5}])
        table = array("d", [0.0] * len(NAMES))
        table[NAMES.index("narrator")] = 1.5
        table[NAMES.index("before_near")] = -4.0
        assert list(rows.weighed(0, table).items()) == [("narrator", 3.0), ("before_near", -2.0)]
        with pytest.raises(IndexError):
            rows.weighed(0, array("d", [1.0]))


def test_a_subset_of_rows_keeps_the_chosen_candidates_features_in_order():
    dicts = [{"narrator": 2.0, "before_near": 0.5}, {}, {"tag_refers": 1.0}, {"before_near": -1.0, "narrator": 0.25}]
    for module in (features, PURE):
        rows = module.rows_from_dicts(dicts)
        for kept in ([0, 2, 3], [3, 0], [1], []):
            chosen = rows.subset(kept)
            assert chosen.count == len(kept)
            assert chosen.as_dicts() == [dicts[j] for j in kept]
            assert [list(d) for d in chosen.as_dicts()] == [list(dicts[j]) for j in kept]  # (the order they sum in)


def test_a_feature_added_to_one_row_lands_as_setting_it_in_that_rows_dict():
    import pytest
    dicts = [{"narrator": 2.0, "before_near": 0.5}, {}, {"tag_refers": 1.0}]
    for module in (features, PURE):
        rows = module.rows_from_dicts(dicts)
        for j in range(len(dicts)):
            expected = [dict(d) for d in dicts]
            expected[j]["lead_in_subject"] = 1.0
            added = rows.with_feature(j, "lead_in_subject", 1.0)
            assert added.count == rows.count
            assert [list(d.items()) for d in added.as_dicts()] == [list(d.items()) for d in expected]
        with pytest.raises(ValueError):
            rows.with_feature(0, "narrator", 1.0)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(NAMES[:12]), st.sampled_from([-1.0, -0.0, 0.0, 0.25, 0.5, 1.0, 2.5])
                       | st.floats(-5, 5, allow_nan=False), max_size=12), st.integers(1, 5))
def test_strongest_keeps_what_sorting_the_pairs_keeps(reasons, count):
    sorted_top = [name for value, name in sorted(zip(reasons.values(), reasons.keys()), reverse=True)[:count]
                  if value > 0]
    assert features.strongest(reasons, count) == sorted_top
    assert PURE.strongest(reasons, count) == sorted_top


def test_gender_codes_are_gender_code_of_each_member():
    from conftest import as_python
    from ficarchive.dialogue import features
    names = ["ann", "bob", "it", "crowd"]
    genders = {"ann": "female", "bob": "male", "crowd": "group"}
    expected = [features.gender_code(genders.get(name)) for name in names]
    for module in (features, as_python(features)):
        assert module.gender_codes(names, genders).tolist() == expected
        assert module.gender_codes([], genders).tolist() == []
