"""Silver training texts for the speaker ranker (`tools/silver_quotes.py`):
name tags taken out or written as pronouns, offsets carried over, and the
trainer's use of them (`tools/train_speakers.py --silver`)."""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from ficarchive.dialogue.cast import CastMember

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
from silver_quotes import Edits, SilverText  # noqa: E402

CAST = [CastMember("Jo", "Jo", (), "female"), CastMember("Elizabeth", "Elizabeth", (), "female"),
        CastMember("Mr. Bennet", "Mr. Bennet", (), "male")]
PLAIN = ('"Hi," Jo said. She sat.\n\n"Mamma," said Elizabeth, "that we go." Then "No," said Mr. Bennet, '
         'smiling. He left.\n\n"What?" asked Jo.\n\n"Fine," said Jo to Mr. Bennet.')
TOKENIZED = "“ Mamma , ” said Elizabeth , “ that we shall go . ”\n“ No , ” said Mr. Bennet , smiling .\nHe left ."


def test_every_other_name_tag_is_taken_out_leaving_whole_sentences():
    odd = SilverText(PLAIN, CAST, phase=1)
    assert odd.text == ('"Hi," Jo said. She sat.\n\n"Mamma, that we go." Then "No," said Mr. Bennet, smiling. '
                        'He left.\n\n"What?"\n\n"Fine," said Jo to Mr. Bennet.')
    even = SilverText(PLAIN, CAST, phase=0)
    assert even.text.startswith('"Hi." She sat.\n\n"Mamma," said Elizabeth, "that we go." Then "No." He left.')
    # (a tag whose sentence goes on past a title's full stop is kept whole)
    assert even.text.endswith('"Fine," said Jo to Mr. Bennet.')
    assert sorted(even.trained.values()) == ["Jo", "Mr. Bennet"]
    assert sorted(odd.trained.values()) == ["Elizabeth", "Jo"]
    for silver in (odd, even):
        assert all(silver.slots[k].fixed is None for k in silver.trained)


def test_tokenized_text_and_split_speech():
    silver = SilverText(TOKENIZED, CAST, phase=0)
    assert silver.text.startswith("“ Mamma , that we shall go . ”\n“ No , ” said Mr. Bennet")
    assert list(silver.trained.values()) == ["Elizabeth"]


def test_name_tags_written_as_pronouns():
    silver = SilverText(PLAIN, CAST, phase=0, pronouns=True)
    assert silver.text.startswith('"Hi," she said. She sat.\n\n"Mamma," said Elizabeth, "that we go." Then "No," he '
                                  'said, smiling.')
    assert {silver.slots[k].kind for k in silver.trained} == {"pronoun_tag"}


def test_gold_labels_drop_a_contradicted_tag_and_stand_for_the_history():
    # The gold speaker of `"Hi,"` is Elizabeth: its tag is wrong, so it is not stripped.
    history = [(0, 5, "Elizabeth"), (52, 63, "Elizabeth")]
    silver = SilverText(PLAIN, CAST, history=history, phase=0)
    assert sorted(silver.trained.values()) == ["Mr. Bennet"]
    assert silver.previous[0] == "Elizabeth"


def test_edits_map_offsets():
    edits = Edits("abcdefghij")
    edits.add([(2, 3, "X"), (5, 8, "")])
    edits.add([(9, 9, "YZ")])
    assert edits.result() == "abXdeiYZj"
    assert [edits.at(p) for p in range(11)] == [0, 1, 2, 3, 4, 5, 5, 5, 5, 6, 9]
    assert [p for p in range(10) if edits.inside(p)] == [2, 5, 6, 7]


def test_silver_rows_are_weighed_and_left_out_with_their_work():
    pytest.importorskip("scipy")
    import train_speakers

    first = SilverText(PLAIN, CAST, phase=0, owner=0, weight=0.5)
    second = SilverText(PLAIN, CAST, phase=1, owner=1, weight=0.5)
    names = sorted({f for t in (first, second)
                    for rows, _, _ in train_speakers.training_groups(t.slots, t.trained, t.previous)
                    for row in rows for f in row})
    design = train_speakers.Design([], names, silver=[first, second])
    assert len(design.starts) == 4 and np.all(design.weight == 0.5) and list(design.owner) == [0, 0, 1, 1]
    assert design.fit(leave_out=0) == train_speakers.Design([], names, silver=[second]).fit()
    assert design.fit() == design.fit()
    # A weight of one half is the same fit as the likelihood halved: the penalty doubled, the weights the same.
    whole = SilverText(PLAIN, CAST, phase=1, owner=1, weight=1.0)
    assert train_speakers.Design([], names, silver=[whole]).fit(l2=8.0) == pytest.approx(
        train_speakers.Design([], names, silver=[second]).fit(l2=4.0), abs=2e-3)
