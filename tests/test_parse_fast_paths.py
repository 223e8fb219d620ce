"""Parsing's fast paths agree with the plain forms they replace.

Short works spend most of their parse on fixed costs (the front of the file,
the language check), so a few of those tests were rewritten to skip work
that cannot change the answer. Each is checked here against the plain form
on generated text full of near misses.
"""

import re

import pytest
from hypothesis import given, settings, strategies as st

from ficarchive.structure import body, fields, front, mail, patterns as pat
from ficarchive.structure.front import _SERIES_LINE, _series_line
from ficarchive.structure.language import _ENGLISH_WORDS, english_counts, letter_runs
from ficarchive.structure.lines import Lines

_LANGUAGE_PIECES = st.sampled_from(
    ["the", "she", "The", "d", "é", "É", "ß", "’", "'", "“", "—", "_", "3", "٣", " ", "\u00a0", "\u2009", "\n",
     "中", "。", "𝔘", "\U0001F600", "\u0301", "ǅ", "İ", "ı", "ſ", "and", "was", "her", "x", ".", ","])


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=80) | st.lists(_LANGUAGE_PIECES, max_size=50).map("".join))
def test_english_counts_match_the_letter_runs(text):
    text = text.lower()
    words = letter_runs(text)
    assert english_counts(text) == (len(words), sum(w in _ENGLISH_WORDS for w in words))


# The series-line test as first written: the words, then the full pattern.
def plain_series_line(s):
    low = s.lower()
    if not any(w in low for w in ("series", "part", "book")) and not low.startswith(("story", "installment")):
        return None
    return _SERIES_LINE.match(s)


_SERIES_PIECES = st.sampled_from(
    ["Part", "part", "PART", "book", "Book", "BOO\u212a", "series", "Series", "saga", "arc", "story", "installment",
     "of", "the", "in", "#", "No.", "IV", "ii", "\u0130", "\u0131", "x", "12", "٣", "1234", ".", ":", ",", "-",
     " ", "  ", "\t", "\u00a0", "\u2003", "Apart", "notebook", "Night", "Sky", "and so on", "_", "é",
     '"', "!", "?", "\u201d", "magic", "\u2167"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_SERIES_PIECES, max_size=14).map("".join))
def test_series_line_matches_the_plain_test(line):
    line = line.strip()
    new, old = _series_line(line), plain_series_line(line)
    assert (new and new.groupdict()) == (old and old.groupdict())


# Classifying the front skips the heading, end-marker, part-range and
# scene-break tests for lines `could_be_marker` turns away: each test must
# accept no such line.
_MARKER_PIECES = st.sampled_from(
    list("\t \u00a0\u2003[](*_#=~-<>.+•·°§^|/\\:oO0xX\u212a\u017f\u0130\u0131")
    + ["Chapter", "chapter", "CH.", "Chap.", "Part", "parts", "Book", "Section", "\u017fection", "Episode", "Act",
       "Prologue", "epilogue", "Interlude", "Afterword", "Coda", "Preface", "Foreword", "The End", "the end", "Fin",
       "finis", "End", "owari", "kraj", "ende", "complete", "Completed", "TBC", "t.b.c.", "To be continued",
       "continued", "cont'd", "More to come", "Next:", "end of part one", "1", "12", "IV", "one", "of", "/", "5",
       "1.", " Title", "She said", "x", "ooo", "XxX", "o", "*", "* * *", "Parts 6-10 of 15", "PART ONE OF TWO",
       "part 3 / 4", " through ", "The Very End", "the very", "The river", "the", "very", "end", "Outside", "On",
       "0.5", "Xander", "ox", "o-", "X", "0"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_MARKER_PIECES, max_size=8).map("".join))
def test_every_marker_test_accepts_only_maybe_marker_lines(line):
    if pat.heading(line) or pat.end_marker(line) is not None or pat.is_separator(line) or pat.part_range(line.strip()):
        assert pat.could_be_marker(line), line


_WORDS_AS_LISTED = (r"(?:chap|ch\.|part|book|section|episode|act|prologue|epilogue|interlude|afterword|coda|"
                    r"preface|foreword|the{gap}(?:very{gap})?end|fin|end|owari|kraj|ende|complete|t\.?b\.?c|to{ws}|"
                    r"continued|cont|more{ws}|next:)")


@settings(max_examples=2000, deadline=None)
@given(st.lists(_MARKER_PIECES | st.just("\n"), max_size=12).map("".join))
def test_marker_keywords_grouped_match_where_the_words_as_listed_did(text):
    def spelt(keywords):
        return keywords.format(ws=r"[^\S\n]+\S", gap=r"[^\S\n]+")

    assert spelt(pat._KEYWORDS) in pat._MARKER_LINE_BODY
    listed = re.compile(pat._MARKER_LINE_BODY.replace(spelt(pat._KEYWORDS), spelt(_WORDS_AS_LISTED)), re.IGNORECASE)
    for line in text.split("\n"):
        assert pat.could_be_marker(line) == (listed.match(line) is not None), line
    lines = Lines(text)
    assert lines.maybe_marker == {i for i, line in enumerate(lines.raw) if listed.match(line)}


_NOTE_START_AS_LISTED = re.compile(
    r"^[\s*_\[(]*(?:a\s*/\s*n|a\.n\.?|author'?s?'?\s*notes?|authors?\s+notes?|note|notes|n\.b\.?|ps|p\.s\.?|disclaimer|"
    r"dedication|thanks?|beta|warning|warnings|spoilers?|feedback|summary|end\s+notes?|chapter\s+notes?|edit)\b\s*[:\-.)\]*_]",
    re.IGNORECASE,
)
_NOTE_PIECES = st.sampled_from(
    ["A/N", "a / n", "A.N.", "a.n", "Author's Notes", "authors' note", "Authors notes", "AUTHOR NOTE", "Note", "notes",
     "N.B.", "nb", "PS", "P.S.", "p.s", "Disclaimer", "Dedication", "Thanks", "thank", "Beta", "Warning", "Warnings",
     "Spoiler", "spoilers", "Feedback", "Summary", "End Notes", "end note", "Chapter Notes", "Edit", "Editor", "Noted",
     "\u0130", "\u212a", "\u017f", ":", "-", ".", ")", "]", "*", "_", " ", "  ", "\t", "[", "(", "x", "Buffy"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_NOTE_PIECES, max_size=6).map("".join))
def test_note_start_grouped_matches_where_the_words_as_listed_did(line):
    assert (pat.NOTE_START.match(line) is None) == (_NOTE_START_AS_LISTED.match(line) is None), line


def plain_blocks(lines, lo, hi, split_at):
    """Lines.blocks as first written: a line for which `split_at` holds stands alone."""
    out, i = [], lo
    while i < hi:
        if lines.stripped[i]:
            j = i + 1
            if not split_at(lines.raw[i]):
                while j < hi and lines.stripped[j] and not split_at(lines.raw[j]):
                    j += 1
            out.append((i, j))
            i = j
        else:
            i += 1
    return out


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["", " ", "Text", "more text", "* * *", "***", "  ~~~  ", "#", "Chapter 1", "\t"]),
                max_size=20), st.integers(0, 5), st.integers(0, 25))
def test_blocks_set_scene_breaks_apart_as_the_plain_walk_did(raw, lo, hi):
    lines = Lines("\n".join(raw))
    hi = min(hi, len(lines))
    rules = [i for i in lines.markers_between(lo, hi) if pat.is_separator(lines.raw[i])]
    assert lines.blocks(lo, hi, apart=rules) == plain_blocks(lines, lo, hi, pat.is_separator)


# Word patterns searched only in text holding one of their hints: every match
# the pattern can make must hold a hint, or a text would be turned away wrongly.
_HINTED = {
    "note words": front._NOTE_WORDS,
    "disclaimer words": front._DISCLAIMER_WORDS,
    "strong meta": body._STRONG_META.lower,
    "weak meta": body._WEAK_META.lower,
    "notice": body._NOTICE.lower,
}


@pytest.mark.parametrize("name", sorted(_HINTED))
@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_every_match_of_a_hinted_pattern_holds_a_hint(name, data):
    hinted = _HINTED[name]
    text = data.draw(st.from_regex(hinted.pattern))
    match = hinted.pattern.search(text)
    assert match is not None and any(h in match.group() for h in hinted.hints), (text, match)
    assert hinted.search(text) is not None


_MAIL_PIECES = st.sampled_from(["From: a@b.c", "From ", "from: x", "Newsgroups: alt.tv", "Subject: Part 1/3", "Path:",
                                "Article", "Article: ", "Article 12 of ", ":", " ", "\t", "\u00a0", "\n", "12", " of ",
                                "Text", "F", "S", "٣", "½", "x1"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_MAIL_PIECES, max_size=14).map("".join))
def test_key_header_candidates_hold_every_key_header_line(text):
    lines = Lines(text)
    candidates = mail._key_header_candidates(lines)
    assert candidates == sorted(set(candidates))
    assert {i for i, line in enumerate(lines.raw) if mail._KEY_HEADERS.match(line)} <= set(candidates)


_LIST_PIECES = st.sampled_from(["Buffy", "Willow", "and", "And", "Sandy", " ", "  ", "\t", "\u00a0", ",", ";", " & ", "&",
                                "*", "_", ".", "'", '"', "x", "é", "\n", "a@b.c", "<>", "( )", "[", "]", "~"])


def plain_split_list(value):
    parts = fields._LIST_SEPARATOR.split(value.strip())
    return [p.strip(" .*_\"'") for p in parts if p.strip(" .*_\"'")]


def plain_clean_name(value):
    value = pat._EMAILISH.sub("", value)
    value = re.sub(r"[<(\[]\s*[)>\]]", "", value)
    value = value.strip(" \t*_~-=,;:()<>[]\"'")
    return re.sub(r"\s+", " ", value)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LIST_PIECES, max_size=14).map("".join))
def test_split_list_and_clean_name_match_their_patterns(value):
    assert fields.split_list(value) == plain_split_list(value)
    assert pat.clean_name(value) == plain_clean_name(value)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60) | st.lists(st.sampled_from(
    ["a", "é", "\x00", "\x08", "\t", "\n", "\x0b", "\x0c", "\r", "\x0e", "\x1a", "\x1f", "\x7f", "\x80", "\x85",
     "\ufffd", "\ud800", "\U0001F600"]), max_size=60).map("".join))
def test_control_characters_are_counted_as_the_pattern_counted_them(text):
    from ficarchive.ingest import decode

    data = text.encode("utf-8", "surrogatepass")
    counted = len(data) - len(data.translate(None, decode._CONTROL_BYTES))
    assert counted == len(re.findall(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", text))


@settings(max_examples=800, deadline=None)
@given(st.text(max_size=40) | st.lists(st.sampled_from(
    ["a", "Bc", " ", "  ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\u00a0", "\u2003", "\u2028", "\u3000",
     "\u200b", "é", "."]), max_size=12).map("".join))
def test_collapse_keeps_text_already_collapsed_and_collapses_the_rest(text):
    from ficarchive.structure.draft import collapse

    assert collapse(text) == " ".join(text.split())


_TITLE_BY_PIECES = st.sampled_from(
    ["by", "By", " by ", "  ", " ", "\t", "\u00a0", "Sam", "The Long Road", "x" * 40, "y" * 70, "é", "\n", ".", "~",
     '"', "nearby", "Jo Ann"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TITLE_BY_PIECES, max_size=12).map("".join))
def test_title_by_turns_away_only_lines_its_pattern_does_not_match(line):
    stripped = line.strip()
    if pat._TITLE_BY.match(stripped) is not None:  # then the length bound let it through
        assert len(stripped) <= pat._TITLE_BY_LONGEST or not stripped.isprintable() or "  " in stripped
    boundary = "t" * 101 + " by " + "n" * 61
    assert pat._TITLE_BY.match(boundary) and len(boundary) == pat._TITLE_BY_LONGEST
    assert not pat._TITLE_BY.match("t" + boundary) and not pat._TITLE_BY.match(boundary + "n")


@settings(max_examples=1500, deadline=None)
@given(st.text(max_size=12) | st.lists(_SERIES_PIECES, max_size=6).map("".join))
def test_series_head_is_its_pattern(line):
    assert front._series_head(line) == (front._SERIES_HEAD.match(line) is not None)
    if front._SERIES_TAIL_REVERSED.match(line[::-1]):
        assert front._could_end_series(line)


# `fields.labelled` reads a plain `Label: value` line without its patterns:
# it must say what the patterns say, on every shape close to that one.
_LABEL_PIECES = st.sampled_from(
    ["Title", "title", "TITLE", "Author", "Rating", "Fandom", "Summary", "Part", "Tags", "Notes", "Story Title",
     "A/N", "Pairing", "Genre", "Warnings", "Ti\u0130tle", "Boo\u212a", "Nonsense", "The", "\u017feries", "Series",
     ":", ":", ": ", " : ", "=", " - ", "*", "_", "**", " ", "\t", "\n", "\u00a0", "[", "]", "#", "<", ">",
     "Sam", "PG-13", "Buffy, Willow", "x" * 30, "é", "all of it", "For all that the night was long and cold"])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LABEL_PIECES, max_size=6).map("".join), st.booleans())
def test_plain_labels_read_as_the_patterns_read_them(line, allow_unknown):
    fast = fields.labelled(line, allow_unknown)
    plain_read = fields._plain_labelled
    try:
        fields._plain_labelled = lambda line, table: None  # the patterns alone
        slow = fields.labelled(line, allow_unknown)
    finally:
        fields._plain_labelled = plain_read
    assert fast == slow, line


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(0, 4), max_size=12))
def test_tally_counts_as_a_counter(values):
    from collections import Counter

    counts, counter = body._tally(values), Counter(values)
    assert list(counts.items()) == list(counter.items())
    if values:  # the commonest, ties to the first seen, as most_common
        assert max(counts, key=counts.__getitem__) == counter.most_common(1)[0][0]


@settings(max_examples=1000, deadline=None)
@given(st.text(max_size=30) | st.lists(st.sampled_from(["a", "B", " ", "  ", "\t", "\n", "\u00a0", "\u200b", "\x01", "é"]),
                                       max_size=12).map("".join))
def test_a_collapsed_value_collapses_to_itself(value):
    """What `apply_labelled` takes for granted, handing its collapsed value to `add_flat_header_field`."""
    from ficarchive.structure.draft import collapse

    assert collapse(collapse(value)) == collapse(value)


@settings(max_examples=3000, deadline=None)
@given(st.lists(_LABEL_PIECES | st.sampled_from(["\u2013", "\u2014", " \u2013 ", "-", "Title \u2014 Sam", "By"]),
                max_size=6).map("".join), st.booleans())
def test_a_line_turned_away_before_the_patterns_has_no_label(line, allow_unknown):
    """`labelled` turns away a line without a colon, `=` or dash at once:
    its patterns and its plain read find nothing there either."""
    if not fields.could_be_labelled(line):
        table = fields._known()[1]
        assert fields._plain_labelled(line, table) in (None, False)
        screen = fields.could_be_labelled
        try:
            fields.could_be_labelled = lambda line: True  # the patterns alone
            assert fields.labelled(line, allow_unknown) is None, line
        finally:
            fields.could_be_labelled = screen


def plain_split_people(value):
    parts = fields._PEOPLE_SEPARATOR.split(value.strip())
    return [p.strip(" .*_\"'") for p in parts if p.strip(" .*_\"'")]


def plain_split_relationships(value):
    parts = fields._RELATIONSHIP_SEPARATOR.split(value.strip())
    return [p.strip(" .*_\"'") for p in parts
            if p.strip(" .*_\"'") and p.strip(" .*_\"'").lower() not in ("none", "n/a", "no", "gen", "none really", "not really")]


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LIST_PIECES | st.sampled_from(["/", "+", " + ", "band", "None", "gen", "S/W & X"]), max_size=14).map("".join))
def test_people_and_relationships_split_as_their_patterns_split_them(value):
    assert fields.split_people(value) == plain_split_people(value)
    assert fields.split_relationships(value) == plain_split_relationships(value)


@pytest.mark.parametrize("value", [None, "", [], 0, False, "x", ["a"], 1, True, 0.0])
def test_draft_set_skips_the_values_it_skipped(value):
    from ficarchive.structure.draft import Draft

    draft = Draft("text")
    draft.set("field", value, "header")
    assert ("field" in draft.values) == (value not in (None, "", []))


def plain_extend(current, values):
    """What `Draft.extend` keeps, as it read it value by value."""
    out = list(current or [])
    seen = {v.lower() if isinstance(v, str) else v for v in out}
    for v in filter(None, values):
        key = v.lower() if isinstance(v, str) else v
        if key not in seen:
            out.append(v)
            seen.add(key)
    return out


@settings(max_examples=1000, deadline=None)
@given(st.none() | st.lists(st.sampled_from(["Buffy", "buffy", "BUFFY", "Willow", 3, "ẞ", "ß"]), max_size=4),
       st.lists(st.sampled_from(["Buffy", "buffy", "Willow", "", None, 3, 0, "ß", "SS"]), max_size=5))
def test_draft_extend_keeps_the_first_of_each_value(current, values):
    from ficarchive.structure.draft import Draft

    draft = Draft("text")
    if current is not None:
        draft.values["tags"] = list(current)
    draft.extend("tags", values, "header")
    expected = plain_extend(current, values)
    assert draft.values.get("tags", None if current is None else current) == (expected if expected or current is not None else None)


@settings(max_examples=2000, deadline=None)
@given(st.lists(_LIST_PIECES, max_size=14).map("".join))
def test_split_list_reads_one_part_as_the_parts_did(value):
    assert fields.split_list(value) == _plain_comma_split(value)


def _plain_comma_split(value):
    value = value.strip()
    if "and" in value or "&" in value:
        parts = fields._LIST_SEPARATOR.split(value)
    else:
        parts = [p.strip() for p in value.replace(";", ",").split(",")]
    return [p.strip(" .*_\"'") for p in parts if p.strip(" .*_\"'")]


_NOTE_OPENER_PIECES = _NOTE_PIECES | st.sampled_from(["The", "She", "\x1c", "\x0b", "\u00a0", "\u2003", "é", "S", "ſpoiler"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_NOTE_OPENER_PIECES, max_size=6).map("".join) | st.text(max_size=12))
def test_opens_note_is_note_start_matching(line):
    assert pat.opens_note(line) == (pat.NOTE_START.match(line) is not None), line


def test_opens_note_for_every_first_character():
    for code in range(0x3000):
        for rest in ("", "/n: x", "uthor's note: x", "ote: x", "s: x", "isclaimer: x", "hanks: x", "eta: x",
                     "arning: x", "ummary: x", "eedback: x", "dit: x", "hapter notes: x", "Note: x", "A/N: x"):
            line = chr(code) + rest
            assert pat.opens_note(line) == (pat.NOTE_START.match(line) is not None), line


_ADDRESS_PIECES = st.sampled_from(
    ["sam", "Sam", "@", "!", ".", "-", "+", "_", "host", "com", "BITNET", "bitnet", "UUCP", "uucp", "é", " ", "x1",
     "\u212a", "ı", "\n", ".b", "itnet"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_ADDRESS_PIECES, max_size=10).map("".join) | st.text(max_size=20))
def test_gives_address_is_the_address_search(line):
    assert mail.gives_address(line) == (mail._ADDRESS.search(line) is not None), line


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from('ab "“”\'«»„'), max_size=12) | st.text(max_size=12))
def test_holds_quote_is_the_quotes_class(text):
    assert body._holds_quote(text) == (re.search("[\"“”]", text) is not None), text
