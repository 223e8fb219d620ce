# One character of a str, for the typed modules (cimported where compiled;
# `text_chars.py` is the same for plain Python).
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ


cdef inline Py_UCS4 char_at(str text, Py_ssize_t p) noexcept:
    # text[p], read straight from the string's buffer: indexing a str in
    # typed code checked its bounds and read its kind anew at every
    # character. The caller keeps `p` within the text.
    return PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), p)


cdef inline bint word_char(Py_UCS4 ch) noexcept:
    # What the regex engine's `\w` matches in a str pattern (ASCII read
    # without the Unicode tables).
    if ch < u"\x80":
        return (u"a" <= ch <= u"z") or (u"A" <= ch <= u"Z") or (u"0" <= ch <= u"9") or ch == u"_"
    return ch.isalnum()
