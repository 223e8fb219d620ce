"""The decoded text as lines with offsets, and the part each character belongs to.

Every line is labelled with exactly one kind; a line may be split once (an
author's note that runs into the story's first sentence). `segments()` turns
the labels into contiguous spans that cover the whole text, which is how the
parser proves that nothing was lost.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from .patterns import marker_lines

KINDS = ("header", "note", "title", "heading", "body", "separator", "end", "boilerplate")


@dataclass
class Segment:
    kind: str
    start: int
    end: int
    chapter: int | None = None


class Lines:
    def __init__(self, text: str):
        self.text = text
        self.raw = text.split("\n")
        # each line's length plus its newline, summed (all in C: no Python call per line)
        self.starts: list[int] = list(accumulate(map((1).__add__, map(len, self.raw[:-1])), initial=0))
        self.stripped = list(map(str.strip, self.raw))
        self.kind: list[str | None] = [None] * len(self.raw)
        self.chapter: list[int | None] = [None] * len(self.raw)
        # line index -> (offset within the line, kind of the part before, kind after)
        self.splits: dict[int, tuple[int, str, str]] = {}
        # Indices of the lines that `patterns.could_be_marker` lets through, as
        # a set and in order. (Every parse asks for them: made here, not by a
        # cached_property, which takes a lock on every first read in 3.11.)
        self.maybe_marker: set[int] = marker_lines(text, self.starts)
        self.markers_in_order: list[int] = sorted(self.maybe_marker)

    def __len__(self) -> int:
        return len(self.raw)

    def blank(self, i: int) -> bool:
        return not self.stripped[i]

    def mark(self, lo: int, hi: int, kind: str, chapter: int | None = None) -> None:
        for i in range(lo, hi):
            self.kind[i] = kind
            self.chapter[i] = chapter

    def markers_between(self, lo: int, hi: int) -> list[int]:
        """The `maybe_marker` lines in [lo, hi), in order."""
        order = self.markers_in_order
        return order[bisect_left(order, lo):bisect_left(order, hi)]

    def blocks(self, lo: int, hi: int, apart: Iterable[int] = ()) -> list[tuple[int, int]]:
        """Runs of non-blank lines in [lo, hi) as (first, last + 1); a
        non-blank line in `apart` (ascending) stands as a block of its own."""
        runs = self._runs(lo, hi)
        cuts = [i for i in apart if lo <= i < hi and self.stripped[i]]
        if not cuts:
            return runs
        out = []
        k = 0
        for a, b in runs:
            while k < len(cuts) and cuts[k] < a:
                k += 1
            start = a
            while k < len(cuts) and cuts[k] < b:
                cut = cuts[k]
                if start < cut:
                    out.append((start, cut))
                out.append((cut, cut + 1))
                start = cut + 1
                k += 1
            if start < b:
                out.append((start, b))
        return out

    def _runs(self, lo: int, hi: int) -> list[tuple[int, int]]:
        # (a plain walk: faster than groupby's per-run objects at every size tried)
        out = []
        stripped = self.stripped
        i = lo
        while i < hi:
            if stripped[i]:
                j = i + 1
                while j < hi and stripped[j]:
                    j += 1
                out.append((i, j))
                i = j
            else:
                i += 1
        return out

    def segments(self) -> list[Segment]:
        """Contiguous spans covering the text. Unlabelled lines (blank lines in
        between) take the kind of the labelled line before them."""
        segs: list[Segment] = []
        prev_kind, prev_ch = "header", None
        text_len = len(self.text)
        for i, line in enumerate(self.raw):
            start = self.starts[i]
            end = min(start + len(line) + 1, text_len)
            kind = self.kind[i]
            ch = self.chapter[i]
            if kind is None:
                kind, ch = prev_kind, prev_ch
            else:
                prev_kind, prev_ch = kind, ch
            if i in self.splits:
                offset, before, after = self.splits[i]
                _append(segs, before, start, start + offset, ch)
                _append(segs, after, start + offset, end, ch)
                prev_kind = after
            else:
                _append(segs, kind, start, end, ch)
        return segs


def _append(segs: list[Segment], kind: str, start: int, end: int, chapter: int | None) -> None:
    if end <= start:
        return
    if segs and segs[-1].kind == kind and segs[-1].chapter == chapter and segs[-1].end == start:
        segs[-1].end = end
    else:
        segs.append(Segment(kind, start, end, chapter))
