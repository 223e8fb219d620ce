"""The arrays `dialogue/typed_arrays.py` fills in a typed loop, built to C or
run as plain Python, are those `array(code, values)` makes (one zero for an
empty list), and refuse what it refuses."""
from __future__ import annotations

from array import array

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import as_python
from ficarchive.dialogue import typed_arrays

PURE = as_python(typed_arrays)
INTS = st.integers(-2 ** 31, 2 ** 31 - 1)
LONGS = st.integers(-2 ** 63, 2 ** 63 - 1)


def _expected(code, values):
    return array(code, values) if values else array(code, [0])


@settings(max_examples=300, deadline=None)
@given(st.lists(INTS | st.booleans(), max_size=30), st.lists(LONGS, max_size=30),
       st.lists(st.floats(allow_nan=False) | INTS, max_size=30), st.lists(st.booleans() | INTS | st.none(), max_size=30))
def test_each_array_is_the_one_array_makes(ints, longs, doubles, flags):
    for module in (typed_arrays, PURE):
        for made, expected in ((module.ints(ints), _expected("i", ints)),
                               (module.longs(longs), _expected("q", longs)),
                               (module.doubles(doubles), _expected("d", doubles)),
                               (module.flags(flags), _expected("i", [1 if v else 0 for v in flags]))):
            assert type(made) is array and made.typecode == expected.typecode, module.COMPILED
            assert made.tobytes() == expected.tobytes(), module.COMPILED


@pytest.mark.parametrize("module", [typed_arrays, PURE], ids=["imported", "plain"])
def test_what_does_not_fit_is_refused(module):
    with pytest.raises(OverflowError):
        module.ints([2 ** 31])
    with pytest.raises(OverflowError):
        module.longs([2 ** 63])


@pytest.mark.parametrize("module", [typed_arrays, PURE], ids=["built", "plain"])
def test_zeros_are_an_array_of_that_type_and_size_each_its_own(module):
    for code in ("i", "q", "d"):
        for n in (0, 1, 5):
            made = module.zeros(code, n)
            assert type(made) is array and made.typecode == code and made.tolist() == [0] * n
        first, second = module.zeros(code, 2), module.zeros(code, 2)
        first[0] = 7
        assert second.tolist() == [0, 0] and module.zeros(code, 2).tolist() == [0, 0]  # (the template stays empty)
