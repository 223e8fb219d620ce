"""structure/char_scan.py, parsing's typed walks over characters, gives the
answers of the code it stands in for: compiled (when built) and as plain
Python (loaded from its source with Cython hidden)."""
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from conftest import as_python
from ficarchive.structure import char_scan
from ficarchive.structure.language import _ENGLISH_KEYS, _ENGLISH_LONGEST, english_counts

SOURCE = Path(char_scan.__file__).with_name("char_scan.py")


PLAIN = as_python(char_scan)
_PIECES = st.sampled_from(
    ["the", "she", "The", "THE", "there", "theres", "d", "é", "É", "ß", "’", "'", "“", "—", "_", "3", "٣", "²", "Ⅻ",
     " ", "\u00a0", "\u2009", "\n", "中", "。", "𝔘", "\U0001F600", "\u0301", "ǅ", "İ", "ı", "ſ", "K", "and", "was",
     "her", "x", ".", ",", "abcdefghijk", "said"])


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=80) | st.lists(_PIECES, max_size=60).map("".join))
def test_english_counts_are_the_letter_runs_counts(text):
    for module in (char_scan, PLAIN):
        assert module.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST) == english_counts(text)
        lower = text.lower()
        assert module.english_counts(lower, _ENGLISH_KEYS, _ENGLISH_LONGEST) == english_counts(lower)


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=80) | st.lists(_PIECES, max_size=60).map("".join))
def test_caseless_english_counts_are_those_of_the_lower_cased_text(text):
    for module in (char_scan, PLAIN):
        counts = module.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST, True)
        if any(c in text for c in char_scan.UNLIKE_LOWER):
            assert counts is None
        else:
            assert counts == english_counts(text.lower())


def test_only_the_unlike_characters_lower_case_unlike_themselves():
    """Every other code point lower-cases to one character, non-ASCII if it
    is, a letter if it is: what reading it as itself in a caseless count needs."""
    import re
    letter = re.compile(r"[^\W\d_]")
    unlike = []
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        low = ch.lower()
        if len(low) != 1 or bool(letter.match(low)) != bool(letter.match(ch)) or low.isascii() != ch.isascii() \
                or (ch.isascii() and low != (ch.lower() if "A" <= ch <= "Z" else ch)):
            unlike.append(ch)
    assert tuple(unlike) == char_scan.UNLIKE_LOWER
    text = "".join(f"a{chr(cp)}The " for cp in range(0x3000) if not 0xD800 <= cp < 0xE000 and chr(cp) not in unlike)
    assert char_scan.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST, True) == english_counts(text.lower())


def test_english_counts_read_every_character_as_the_pattern_does():
    """Each code point between letters, once: a letter joins the run, anything else ends it."""
    text = "".join(f"a{chr(cp)}the " for cp in range(0x2000) if not 0xD800 <= cp < 0xE000)
    assert char_scan.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST) == english_counts(text)


def test_english_counts_edges():
    keys, longest = _ENGLISH_KEYS, _ENGLISH_LONGEST
    assert char_scan.english_counts("", keys, longest) == (0, 0)
    assert char_scan.english_counts("the", keys, longest) == (1, 1)
    assert char_scan.english_counts("the9the_the", keys, longest) == (3, 3)
    assert char_scan.english_counts("théthe", keys, longest) == (1, 0)  # one run, not a word
    assert char_scan.english_counts("thereabouts there", keys, longest) == (2, 1)


@pytest.mark.skipif(not char_scan.COMPILED, reason="the key table is the compiled code's")
def test_more_keys_than_the_table_holds_is_an_error():
    with pytest.raises(ValueError):
        char_scan.english_counts("a", tuple(range(char_scan.MAX_KEYS + 1)), 1)


def test_the_module_loads_as_plain_python_without_cython(tmp_path):
    (tmp_path / "cython.py").write_text("raise ImportError('not installed here')\n")
    code = ("import importlib.util, sys\n"
            "spec = importlib.util.spec_from_file_location('ficarchive.structure._plain', sys.argv[1])\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "spec.loader.exec_module(module)\n"
            "print(module.COMPILED, module.english_counts('The cat sat.', (module.packed('the'),), 3))\n")
    import os
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    run = subprocess.run([sys.executable, "-c", code, str(SOURCE)], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "False (3, 0)"


_SPACED = st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2009", "\u3000", "\x1c", "\x85", "\u200b", "a", "bc", "é", "中",
                           "\U0001F600", ".", "_"])


@settings(max_examples=600, deadline=None)
@given(st.text(max_size=60) | st.lists(_SPACED, max_size=40).map("".join), st.integers(min_value=0, max_value=25))
def test_count_tokens_counts_what_split_makes(text, most):
    for module in (char_scan, PLAIN):
        assert module.count_tokens(text) == len(text.split())
        expected = len(text.split()) if most == 0 else min(len(text.split()), most)
        assert module.count_tokens(text, most) == expected


def test_holds_cjk_is_the_pattern_on_every_code_point():
    from ficarchive.structure.build import _CJK

    held = [cp for cp in range(sys.maxunicode + 1) if _CJK.match(chr(cp))]
    for module in (char_scan, PLAIN):
        assert [cp for cp in range(sys.maxunicode + 1) if module.holds_cjk(chr(cp))] == held
        assert not module.holds_cjk("") and module.holds_cjk("It’s 東京 at night") and not module.holds_cjk("It’s late。")


def test_one_byte_space_is_isspace_below_256():
    for module in (char_scan, PLAIN):
        assert [code for code in range(256) if module.one_byte_space(code)] == \
            [code for code in range(256) if chr(code).isspace()]


@settings(max_examples=600, deadline=None)
@given(st.text(st.characters(max_codepoint=255), max_size=60) |
       st.lists(st.sampled_from([chr(code) for code in range(256)] + ["word", " ", "\u00a0"]), max_size=40).map("".join),
       st.integers(min_value=0, max_value=25))
def test_one_byte_text_counts_what_split_makes(text, most):
    """Text of characters below 256 is read as bytes when compiled."""
    for module in (char_scan, PLAIN):
        assert module.count_tokens(text) == len(text.split())
        assert module.count_tokens(text, most) == (len(text.split()) if most == 0 else min(len(text.split()), most))


_HINTS = ("fic", "story", "st", "set", "post", "a/n", "review", "reviews", "xy")
_HINT_PIECES = st.sampled_from(list(_HINTS) + ["s", "t", "f", "i", "c", "o", "x", "y", "a", "/", " ", "sto", "revie", "\x00",
                                               "\x7f", "ff"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_HINT_PIECES, max_size=12).map("".join) | st.text(st.characters(max_codepoint=127), max_size=40),
       st.lists(st.sampled_from(_HINTS), min_size=1, max_size=6, unique=True))
def test_holds_any_ascii_is_any_substring(text, hints):
    for module in (char_scan, PLAIN):
        ordered, table = module.hint_pairs(tuple(hints))
        assert module.holds_any_ascii(text, ordered, table) == any(h in text for h in hints), (text, hints)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60) | st.lists(_HINT_PIECES | st.sampled_from(["©", "é", "“"]), max_size=12).map("".join))
def test_a_hinted_pattern_holds_a_hint_as_the_substring_tests_say(text):
    from ficarchive.structure import body, front

    for hinted in (front._NOTE_WORDS, front._DISCLAIMER_WORDS, body._NOTICE.lower, body._STRONG_META.lower):
        assert hinted.holds_hint(text) == any(h in text for h in hinted.hints)


def test_one_byte_letters_are_the_letter_class_below_256():
    import re
    letter = re.compile(r"[^\W\d_]")
    for module in (char_scan, PLAIN):
        assert [code for code in range(256) if module.ONE_BYTE_LETTERS[code]] == \
            [code for code in range(256) if letter.match(chr(code))]


def test_one_byte_english_counts_read_every_character_as_the_pattern_does():
    """Text below 256 is read through the byte table when compiled: each such
    character between letters, once, plainly and caselessly."""
    for text in ("".join(f"a{chr(cp)}the " for cp in range(256)), "".join(f"The{chr(cp)}A" for cp in range(256))):
        assert char_scan.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST) == english_counts(text)
        assert char_scan.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST, True) == english_counts(text.lower())


@settings(max_examples=600, deadline=None)
@given(st.text(st.characters(max_codepoint=255), max_size=60) |
       st.lists(st.sampled_from([chr(code) for code in range(256)] + ["the", "The", "THERE", " ", "said"]),
                max_size=40).map("".join))
def test_one_byte_english_counts_are_the_letter_runs_counts(text):
    for module in (char_scan, PLAIN):
        assert module.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST) == english_counts(text)
        assert module.english_counts(text, _ENGLISH_KEYS, _ENGLISH_LONGEST, True) == english_counts(text.lower())
