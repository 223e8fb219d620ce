"""ingest/decode.py: the binary test read on the bytes of plain UTF-8 text
answers as it does on the text."""
import codecs

from hypothesis import given, settings, strategies as st

from ficarchive.ingest.decode import NotText, _looks_binary, decode

_PIECES = st.sampled_from(["a", "word ", "\n", "\r\n", "\x00", "\x1a", "\x01", "\x07", "\x7f", "\t", "\x0c", "é", "’",
                           "\ufffd", "中", "\U0001F600", "\x85", "\u2028"])


@settings(max_examples=800, deadline=None)
@given(st.lists(_PIECES, max_size=400).map("".join))
def test_the_bytes_answer_as_the_text(text):
    assert _looks_binary(text, text.encode("utf-8")) == _looks_binary(text)


def test_decode_keeps_its_answers_on_marked_and_binary_input():
    assert decode(codecs.BOM_UTF8 + "Hello \ufffd there".encode())[0] == "Hello \ufffd there"
    for data in (b"ab\x00cd" * 10, b"\x01\x02\x03" * 20 + b"text"):
        try:
            decode(data)
        except NotText:
            continue
        raise AssertionError(data)
